using Clavis.Kmip;
using Clavis.Policy.Requests;
using static Clavis.Policy.Tests.Support.Policies;

namespace Clavis.Policy.Tests.Evaluation;

/// <summary>Each resource selector against an object (or no object): which objects an allow statement covers.</summary>
public class ResourceMatchingTests
{
    private static readonly ResourceAttributes s_key = new()
    {
        ObjectId = "k-1",
        ObjectType = ObjectType.SymmetricKey,
        Algorithm = CryptographicAlgorithm.AES,
        Length = 256,
        Names = ["payments-key", "legacy"],
        ObjectGroups = ["payments", "eu"],
        Tags = [new ResourceTag("x-env", "prod"), new ResourceTag("x-team", "cards"), new ResourceTag("x-team", "fraud")],
        Owner = "owner",
    };

    private static readonly ResourceAttributes s_bare = new() { ObjectId = "k-2" };

    public static TheoryData<string, string?, ResourceAttributes?, bool> Cases => new()
    {
        { "id matches", """[{ "id": "k-1" }]""", s_key, true },
        { "id differs", """[{ "id": "k-2" }]""", s_key, false },
        { "name pattern with star", """[{ "name": "payments-*" }]""", s_key, true },
        { "name pattern with question mark", """[{ "name": "pay?ents-key" }]""", s_key, true },
        { "name pattern matches the second name", """[{ "name": "leg*" }]""", s_key, true },
        { "name pattern must match the whole name", """[{ "name": "payments" }]""", s_key, false },
        { "name pattern, object without names", """[{ "name": "*" }]""", s_bare, false },
        { "object group it is in", """[{ "objectGroup": "eu" }]""", s_key, true },
        { "object group it is not in", """[{ "objectGroup": "us" }]""", s_key, false },
        { "object type", """[{ "objectType": "SymmetricKey" }]""", s_key, true },
        { "other object type", """[{ "objectType": "PrivateKey" }]""", s_key, false },
        { "object type unknown", """[{ "objectType": "SymmetricKey" }]""", s_bare, false },
        { "algorithm", """[{ "algorithm": "AES" }]""", s_key, true },
        { "other algorithm", """[{ "algorithm": "RSA" }]""", s_key, false },
        { "min length equal", """[{ "minLength": 256 }]""", s_key, true },
        { "min length above", """[{ "minLength": 257 }]""", s_key, false },
        { "max length equal", """[{ "maxLength": 256 }]""", s_key, true },
        { "max length below", """[{ "maxLength": 255 }]""", s_key, false },
        { "length bound, object without length", """[{ "minLength": 0 }]""", s_bare, false },
        { "tag with its value", """[{ "tags": { "x-env": "prod" } }]""", s_key, true },
        { "tag with another value", """[{ "tags": { "x-env": "dev" } }]""", s_key, false },
        { "tag the object lacks", """[{ "tags": { "x-region": "eu" } }]""", s_key, false },
        { "one value of a multi-valued tag", """[{ "tags": { "x-team": "fraud" } }]""", s_key, true },
        { "every tag required", """[{ "tags": { "x-env": "prod", "x-team": "ops" } }]""", s_key, false },
        { "selectors of one entry all hold", """[{ "algorithm": "AES", "minLength": 128, "objectGroup": "payments" }]""", s_key, true },
        { "selectors of one entry, one fails", """[{ "algorithm": "AES", "minLength": 512 }]""", s_key, false },
        { "second entry matches", """[{ "id": "other" }, { "objectGroup": "payments" }]""", s_key, true },
        { "any object", """[{ "any": true }]""", s_key, true },
        { "any, no object", """[{ "any": true }]""", null, true },
        { "no object selector, object", """[{ "noObject": true }]""", s_key, false },
        { "no object selector, no object", """[{ "noObject": true }]""", null, true },
        { "resources omitted, object", null, s_key, true },
        { "resources omitted, no object", null, null, true },
        { "specific selector, no object", """[{ "objectType": "SymmetricKey" }]""", null, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resource_selector_decides_which_objects_the_statement_covers(string name, string? resources, ResourceAttributes? resource, bool allowed)
    {
        Assert.NotEmpty(name);
        var set = OnlyStatements(Allow(resources: resources));
        var decision = set.Evaluate(Request(Principal("alice"), Operation.Get, resource));
        Assert.Equal(allowed, decision.IsAllowed);
    }
}
