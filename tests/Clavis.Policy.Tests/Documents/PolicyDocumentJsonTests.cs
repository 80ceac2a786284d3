using Clavis.Policy.Documents;
using Clavis.Policy.Tests.Support;

namespace Clavis.Policy.Tests.Documents;

/// <summary>ToJson writes the canonical form, and parsing it back gives the same document.</summary>
public class PolicyDocumentJsonTests
{
    [Fact]
    public void Canonical_form_fixes_order_spelling_and_layout()
    {
        var document = PolicyDocument.Parse("""
            {"statements":[{"conditions":{"usageCount":{"per":"object","max":3},"timeWindow":{"timeZone":"Europe/Paris","days":["mon","FRI"],"end":"18:00","start":"08:00"},
            "sourceNetwork":["::ffff:10.0.0.0/104"],"credentialTypes":["device"],"protocolVersion":{"max":"2.1","min":"1.4"},"objectAge":{"max":"p90d"},
            "hardwareLevel":{"min":1},"softwareLevel":{"max":9},"dataSize":{"max":1048576}},
            "resources":[{"tags":{"x-env":"prod"},"maxLength":256,"algorithm":"aes","objectType":"symmetricKEY","name":"pay-*","id":"k1","objectGroup":"g","minLength":128},{"noObject":true}],
            "actions":["ENCRYPT","USE:MAC"],"subjects":[{"deviceType":"t","identity":"i","owner":true,"application":"a","group":"g","deviceClass":"c"},{"any":true}],"effect":"Allow","id":"s1"},
            {"id":"s2","effect":"DENY","subjects":[{"group":"g"}],"notActions":["read:*"]}],
            "description":"Café keys","name":"payments"}
            """);
        Assert.Equal("""
            {
              "name": "payments",
              "description": "Café keys",
              "statements": [
                {
                  "id": "s1",
                  "effect": "allow",
                  "subjects": [
                    {
                      "identity": "i",
                      "group": "g",
                      "deviceType": "t",
                      "deviceClass": "c",
                      "application": "a",
                      "owner": true
                    },
                    {
                      "any": true
                    }
                  ],
                  "actions": [
                    "Encrypt",
                    "use:mac"
                  ],
                  "resources": [
                    {
                      "id": "k1",
                      "name": "pay-*",
                      "objectGroup": "g",
                      "objectType": "SymmetricKey",
                      "algorithm": "AES",
                      "minLength": 128,
                      "maxLength": 256,
                      "tags": {
                        "x-env": "prod"
                      }
                    },
                    {
                      "noObject": true
                    }
                  ],
                  "conditions": {
                    "protocolVersion": {
                      "min": "1.4",
                      "max": "2.1"
                    },
                    "credentialTypes": [
                      "Device"
                    ],
                    "softwareLevel": {
                      "max": 9
                    },
                    "hardwareLevel": {
                      "min": 1
                    },
                    "sourceNetwork": [
                      "10.0.0.0/8"
                    ],
                    "dataSize": {
                      "max": 1048576
                    },
                    "objectAge": {
                      "max": "P90D"
                    },
                    "timeWindow": {
                      "start": "08:00",
                      "end": "18:00",
                      "days": [
                        "Mon",
                        "Fri"
                      ],
                      "timeZone": "Europe/Paris"
                    },
                    "usageCount": {
                      "max": 3,
                      "per": "object"
                    }
                  }
                },
                {
                  "id": "s2",
                  "effect": "deny",
                  "subjects": [
                    {
                      "group": "g"
                    }
                  ],
                  "notActions": [
                    "read:*"
                  ]
                }
              ]
            }
            """, document.ToJson());
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    public void Random_documents_round_trip_to_the_same_json_and_the_same_decisions(int seed)
    {
        var random = new RandomPolicies(seed);
        var original = random.Document("doc", 60);
        var json = original.ToJson();
        var reparsed = PolicyDocument.Parse(json);
        Assert.Equal(json, reparsed.ToJson());

        var before = PolicySet.Compile([new(original, 1)]);
        var after = PolicySet.Compile([new(reparsed, 1)]);
        var counts = new HashedUsageCounts();
        for (var i = 0; i < 500; i++)
        {
            var request = random.Request();
            var a = before.Evaluate(request, counts);
            var b = after.Evaluate(request, counts);
            Assert.Equal((a.Rule, a.Reason, a.UsageCounter), (b.Rule, b.Reason, b.UsageCounter));
        }
    }
}
