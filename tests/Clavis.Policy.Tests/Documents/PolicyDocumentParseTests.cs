using Clavis.Kmip;
using Clavis.Policy.Conditions;
using Clavis.Policy.Documents;

namespace Clavis.Policy.Tests.Documents;

/// <summary>
/// Every way a document can be wrong, with the exact message an operator sees: the JSON path, then the problem.
/// Each case edits one part of a valid document, so the message is the only thing under test.
/// </summary>
public class PolicyDocumentParseTests
{
    private const string Valid = """{ "id": "s", "effect": "allow", "subjects": [{ "any": true }], "actions": ["Get"] }""";

    private static string Doc(string statement) => $$"""{ "name": "doc", "statements": [ {{statement}} ] }""";

    private static string WithConditions(string conditions) =>
        Doc($$"""{ "id": "s", "effect": "allow", "subjects": [{ "any": true }], "actions": ["Get"], "conditions": { {{conditions}} } }""");

    private static string WithResource(string resource) =>
        Doc($$"""{ "id": "s", "effect": "allow", "subjects": [{ "any": true }], "actions": ["Get"], "resources": [ {{resource}} ] }""");

    private static string WithSubject(string subject) =>
        Doc($$"""{ "id": "s", "effect": "allow", "subjects": [ {{subject}} ], "actions": ["Get"] }""");

    public static TheoryData<string, string, string> Invalid => new()
    {
        // The document.
        { "root is an array", "[]", "$: expected an object, got an array" },
        { "unknown root property", $$"""{ "name": "doc", "statements": [{{Valid}}], "versin": 2 }""", "versin: unknown property (expected name, description, statements)" },
        { "property twice", $$"""{ "name": "doc", "name": "doc2", "statements": [{{Valid}}] }""", "name: appears twice" },
        { "no name", $$"""{ "statements": [{{Valid}}] }""", "name: is required" },
        { "name with a space", $$"""{ "name": "my doc", "statements": [{{Valid}}] }""", "name: \"my doc\" may only contain letters, digits, '.', '_' and '-'" },
        { "name too long", $$"""{ "name": "{{new string('n', 129)}}", "statements": [{{Valid}}] }""", "name: is longer than 128 characters" },
        { "name empty", $$"""{ "name": "", "statements": [{{Valid}}] }""", "name: must not be empty" },
        { "name a number", $$"""{ "name": 7, "statements": [{{Valid}}] }""", "name: expected a string, got the number 7" },
        { "description too long", $$"""{ "name": "doc", "description": "{{new string('d', 4097)}}", "statements": [{{Valid}}] }""", "description: is longer than 4096 characters" },
        { "no statements", """{ "name": "doc" }""", "statements: is required" },
        { "empty statements", """{ "name": "doc", "statements": [] }""", "statements: must not be empty" },
        { "statements not an array", """{ "name": "doc", "statements": {} }""", "statements: expected an array, got an object" },
        // Statements.
        { "statement not an object", Doc("\"s\""), "statements[0]: expected an object, got the string \"s\"" },
        { "duplicate statement id", $$"""{ "name": "doc", "statements": [{{Valid}}, {{Valid}}] }""", "statements[1].id: \"s\" is already the id of an earlier statement" },
        { "statement id with #", Doc("""{ "id": "a#b", "effect": "allow", "subjects": [{ "any": true }], "actions": ["Get"] }"""), "statements[0].id: \"a#b\" may only contain letters, digits, '.', '_' and '-'" },
        { "no id", Doc("""{ "effect": "allow", "subjects": [{ "any": true }], "actions": ["Get"] }"""), "statements[0].id: is required" },
        { "unknown effect", Doc("""{ "id": "s", "effect": "permit", "subjects": [{ "any": true }], "actions": ["Get"] }"""), "statements[0].effect: \"permit\" is not allow or deny" },
        { "misspelt property", Doc("""{ "id": "s", "efect": "allow", "subjects": [{ "any": true }], "actions": ["Get"] }"""), "statements[0].efect: unknown property (expected id, effect, subjects, actions, notActions, resources, conditions)" },
        { "no subjects", Doc("""{ "id": "s", "effect": "allow", "actions": ["Get"] }"""), "statements[0].subjects: is required" },
        { "no actions", Doc("""{ "id": "s", "effect": "allow", "subjects": [{ "any": true }] }"""), "statements[0].actions: is required (or notActions)" },
        { "actions and notActions", Doc("""{ "id": "s", "effect": "allow", "subjects": [{ "any": true }], "actions": ["Get"], "notActions": ["Get"] }"""), "statements[0].notActions: cannot be combined with actions (use one or the other)" },
        { "unknown action", Doc("""{ "id": "s", "effect": "allow", "subjects": [{ "any": true }], "actions": ["Get", "Encrypts"] }"""), "statements[0].actions[1]: \"Encrypts\" is not a KMIP operation or an action group (docs/policy.md lists them)" },
        { "numeric action", Doc("""{ "id": "s", "effect": "allow", "subjects": [{ "any": true }], "actions": ["31"] }"""), "statements[0].actions[0]: \"31\" is not a KMIP operation or an action group (docs/policy.md lists them)" },
        { "unknown notAction", Doc("""{ "id": "s", "effect": "allow", "subjects": [{ "any": true }], "notActions": ["use:everything"] }"""), "statements[0].notActions[0]: \"use:everything\" is not a KMIP operation or an action group (docs/policy.md lists them)" },
        { "action twice", Doc("""{ "id": "s", "effect": "allow", "subjects": [{ "any": true }], "actions": ["Encrypt", "encrypt"] }"""), "statements[0].actions[1]: \"encrypt\" is listed twice" },
        { "empty actions", Doc("""{ "id": "s", "effect": "allow", "subjects": [{ "any": true }], "actions": [] }"""), "statements[0].actions: must not be empty" },
        // Subjects.
        { "empty subject", WithSubject("{}"), "statements[0].subjects[0]: selects nobody: set identity, group, deviceType, deviceClass, application, owner or any" },
        { "unknown subject selector", WithSubject("""{ "user": "alice" }"""), "statements[0].subjects[0].user: unknown property (expected identity, group, deviceType, deviceClass, application, owner, any)" },
        { "any false", WithSubject("""{ "any": false }"""), "statements[0].subjects[0].any: must be true (omit it otherwise), got false" },
        { "owner a string", WithSubject("""{ "owner": "yes" }"""), "statements[0].subjects[0].owner: must be true (omit it otherwise), got the string \"yes\"" },
        { "any with a group", WithSubject("""{ "group": "ops", "any": true }"""), "statements[0].subjects[0].any: cannot be combined with other selectors in the same entry (it already matches everyone)" },
        { "empty identity", WithSubject("""{ "identity": "" }"""), "statements[0].subjects[0].identity: must not be empty" },
        // Resources.
        { "empty resources", Doc("""{ "id": "s", "effect": "allow", "subjects": [{ "any": true }], "actions": ["Get"], "resources": [] }"""), "statements[0].resources: must not be empty" },
        { "empty resource", WithResource("{}"), "statements[0].resources[0]: selects nothing: set id, name, objectGroup, objectType, algorithm, minLength, maxLength, tags, any or noObject" },
        { "unknown object type", WithResource("""{ "objectType": "Key" }"""), "statements[0].resources[0].objectType: \"Key\" is not a KMIP Object Type name" },
        { "unknown algorithm", WithResource("""{ "algorithm": "AES256" }"""), "statements[0].resources[0].algorithm: \"AES256\" is not a KMIP Cryptographic Algorithm name" },
        { "numeric algorithm", WithResource("""{ "algorithm": "3" }"""), "statements[0].resources[0].algorithm: \"3\" is not a KMIP Cryptographic Algorithm name" },
        { "negative length", WithResource("""{ "minLength": -1 }"""), "statements[0].resources[0].minLength: -1 is outside 0–2147483647" },
        { "min above max length", WithResource("""{ "minLength": 256, "maxLength": 128 }"""), "statements[0].resources[0].maxLength: 128 is less than minLength 256" },
        { "tag value a number", WithResource("""{ "tags": { "x-dept": 3 } }"""), "statements[0].resources[0].tags.x-dept: expected a string, got the number 3" },
        { "empty tags", WithResource("""{ "tags": {} }"""), "statements[0].resources[0].tags: must name at least one attribute" },
        { "noObject with an id", WithResource("""{ "id": "k", "noObject": true }"""), "statements[0].resources[0].noObject: cannot be combined with other selectors in the same entry" },
        { "any with a name", WithResource("""{ "name": "k*", "any": true }"""), "statements[0].resources[0].any: cannot be combined with other selectors in the same entry" },
        // Conditions.
        { "conditions not an object", Doc("""{ "id": "s", "effect": "allow", "subjects": [{ "any": true }], "actions": ["Get"], "conditions": [] }"""), "statements[0].conditions: expected an object, got an array" },
        { "unknown condition", WithConditions("""  "timewindow": {}"""), "statements[0].conditions.timewindow: unknown property (expected timeWindow, objectAge, usageCount, dataSize, softwareLevel, hardwareLevel, sourceNetwork, protocolVersion, credentialTypes)" },
        {
            "hour 25 in the third statement",
            $$"""{ "name": "doc", "statements": [ {{Valid.Replace("\"s\"", "\"a\"")}}, {{Valid.Replace("\"s\"", "\"b\"")}}, { "id": "c", "effect": "allow", "subjects": [{ "any": true }], "actions": ["Get"], "conditions": { "timeWindow": { "start": "25:00", "end": "18:00" } } } ] }""",
            "statements[2].conditions.timeWindow.start: \"25:00\" is not a time of day (HH:mm)"
        },
        { "one-digit hour", WithConditions(""" "timeWindow": { "start": "8:00", "end": "18:00" }"""), "statements[0].conditions.timeWindow.start: \"8:00\" is not a time of day (HH:mm)" },
        { "minute 60", WithConditions(""" "timeWindow": { "start": "08:00", "end": "18:60" }"""), "statements[0].conditions.timeWindow.end: \"18:60\" is not a time of day (HH:mm)" },
        { "no end", WithConditions(""" "timeWindow": { "start": "08:00" }"""), "statements[0].conditions.timeWindow.end: is required" },
        { "start equals end", WithConditions(""" "timeWindow": { "start": "08:00", "end": "08:00" }"""), "statements[0].conditions.timeWindow.end: equals start, which leaves the window ambiguous (empty or all day); omit timeWindow for all day" },
        { "unknown day", WithConditions(""" "timeWindow": { "start": "08:00", "end": "18:00", "days": ["Monday"] }"""), "statements[0].conditions.timeWindow.days[0]: \"Monday\" is not a day name (Mon, Tue, Wed, Thu, Fri, Sat, Sun)" },
        { "day twice", WithConditions(""" "timeWindow": { "start": "08:00", "end": "18:00", "days": ["Mon", "mon"] }"""), "statements[0].conditions.timeWindow.days[1]: Mon is listed twice" },
        { "unknown time zone", WithConditions(""" "timeWindow": { "start": "08:00", "end": "18:00", "timeZone": "Mars/Olympus" }"""), "statements[0].conditions.timeWindow.timeZone: \"Mars/Olympus\" is not a known time zone (an IANA name such as Europe/Paris, or UTC)" },
        { "misspelt window field", WithConditions(""" "timeWindow": { "start": "08:00", "end": "18:00", "zone": "UTC" }"""), "statements[0].conditions.timeWindow.zone: unknown property (expected start, end, days, timeZone)" },
        { "age in words", WithConditions(""" "objectAge": { "min": "1 day" }"""), "statements[0].conditions.objectAge.min: \"1 day\" is not an ISO 8601 duration (PnYnMnWnDTnHnMnS, for example P90D)" },
        { "hours before T", WithConditions(""" "objectAge": { "max": "P1H" }"""), "statements[0].conditions.objectAge.max: \"P1H\" is not an ISO 8601 duration (units in the order Y M W D, then T and H M S, each at most once)" },
        { "fractional age", WithConditions(""" "objectAge": { "max": "P1.5D" }"""), "statements[0].conditions.objectAge.max: \"P1.5D\" is not an ISO 8601 duration (units in the order Y M W D, then T and H M S, each at most once)" },
        { "T with nothing after", WithConditions(""" "objectAge": { "max": "P1DT" }"""), "statements[0].conditions.objectAge.max: \"P1DT\" has a T with no hours, minutes or seconds after it" },
        { "age without bounds", WithConditions(""" "objectAge": {}"""), "statements[0].conditions.objectAge: needs min, max or both" },
        { "age min above max", WithConditions(""" "objectAge": { "min": "P2D", "max": "P1D" }"""), "statements[0].conditions.objectAge.max: P1D is shorter than min P2D" },
        { "usage max 0", WithConditions(""" "usageCount": { "max": 0, "per": "object" }"""), "statements[0].conditions.usageCount.max: 0 is less than 1" },
        { "usage without per", WithConditions(""" "usageCount": { "max": 3 }"""), "statements[0].conditions.usageCount.per: is required" },
        { "usage per user", WithConditions(""" "usageCount": { "max": 3, "per": "user" }"""), "statements[0].conditions.usageCount.per: \"user\" is not object, principal or objectAndPrincipal" },
        { "usage count on a deny", Doc("""{ "id": "s", "effect": "deny", "subjects": [{ "any": true }], "actions": ["Get"], "conditions": { "usageCount": { "max": 1, "per": "object" } } }"""), "statements[0].conditions.usageCount: only allow statements can have a usage count (nothing counts a deny's uses)" },
        { "negative data size", WithConditions(""" "dataSize": { "max": -1 }"""), "statements[0].conditions.dataSize.max: -1 is less than 0" },
        { "fractional data size", WithConditions(""" "dataSize": { "max": 1.5 }"""), "statements[0].conditions.dataSize.max: expected a whole number, got the number 1.5" },
        { "data size as text", WithConditions(""" "dataSize": { "max": "1MB" }"""), "statements[0].conditions.dataSize.max: expected a whole number, got the string \"1MB\"" },
        { "level min above max", WithConditions(""" "softwareLevel": { "min": 2, "max": 1 }"""), "statements[0].conditions.softwareLevel.max: 1 is less than min 2" },
        { "level without bounds", WithConditions(""" "hardwareLevel": {}"""), "statements[0].conditions.hardwareLevel: needs min, max or both" },
        { "host bits set", WithConditions(""" "sourceNetwork": ["10.0.0.1/8"]"""), "statements[0].conditions.sourceNetwork[0]: \"10.0.0.1/8\" has address bits set beyond its /8 prefix" },
        { "address without prefix", WithConditions(""" "sourceNetwork": ["10.0.0.0/8", "10.0.0.1"]"""), "statements[0].conditions.sourceNetwork[1]: \"10.0.0.1\" is not a network in CIDR form (address/prefix, such as 10.0.0.0/8 or fd00::/8)" },
        { "short IPv4 form", WithConditions(""" "sourceNetwork": ["10/8"]"""), "statements[0].conditions.sourceNetwork[0]: \"10/8\" is not a network in CIDR form (address/prefix, such as 10.0.0.0/8 or fd00::/8)" },
        { "prefix 33", WithConditions(""" "sourceNetwork": ["10.0.0.0/33"]"""), "statements[0].conditions.sourceNetwork[0]: \"10.0.0.0/33\" is not a network in CIDR form (address/prefix, such as 10.0.0.0/8 or fd00::/8)" },
        { "prefix 129", WithConditions(""" "sourceNetwork": ["::/129"]"""), "statements[0].conditions.sourceNetwork[0]: \"::/129\" is not a network in CIDR form (address/prefix, such as 10.0.0.0/8 or fd00::/8)" },
        { "empty networks", WithConditions(""" "sourceNetwork": []"""), "statements[0].conditions.sourceNetwork: must not be empty" },
        { "version without minor", WithConditions(""" "protocolVersion": { "min": "2" }"""), "statements[0].conditions.protocolVersion.min: \"2\" is not a protocol version (major.minor, such as 1.4)" },
        { "version min above max", WithConditions(""" "protocolVersion": { "min": "2.0", "max": "1.4" }"""), "statements[0].conditions.protocolVersion.max: 1.4 is older than min 2.0" },
        { "unknown credential type", WithConditions(""" "credentialTypes": ["Password"]"""), "statements[0].conditions.credentialTypes[0]: \"Password\" is not a KMIP Credential Type name" },
        { "credential type twice", WithConditions(""" "credentialTypes": ["Device", "device"]"""), "statements[0].conditions.credentialTypes[1]: Device is listed twice" },
        { "condition twice", WithConditions(""" "dataSize": { "max": 1 }, "dataSize": { "max": 2 }"""), "statements[0].conditions.dataSize: appears twice" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_document_is_refused_with_its_path_and_problem(string name, string json, string message)
    {
        Assert.NotEmpty(name);
        var error = Assert.Throws<PolicyDocumentException>(() => PolicyDocument.Parse(json));
        Assert.Equal(message, error.Message);
        Assert.Equal(message, $"{error.JsonPath}: {error.Problem}");
    }

    // The JSON reader's own wording may change between .NET versions; the position is ours.
    [Theory]
    [InlineData("{", "$: not valid JSON (line 1, byte 2 of the line): ")]
    [InlineData("{ \"name\": \"doc\", }", "$: not valid JSON (line 1, byte 18 of the line): ")]
    [InlineData("{\n // note\n}", "$: not valid JSON (line 2, byte 2 of the line): ")]
    public void Malformed_json_is_refused_with_its_position(string json, string messageStart)
    {
        var error = Assert.Throws<PolicyDocumentException>(() => PolicyDocument.Parse(json));
        Assert.StartsWith(messageStart, error.Message, StringComparison.Ordinal);
        Assert.Equal("$", error.JsonPath);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_document_parses_into_its_model()
    {
        var document = PolicyDocument.Parse("""
            {
              "name": "payments",
              "description": "Payment keys",
              "statements": [
                {
                  "id": "sensors-encrypt",
                  "effect": "ALLOW",
                  "subjects": [{ "group": "sensors", "deviceType": "thermometer" }, { "identity": "gateway" }],
                  "actions": ["use:ENCRYPT", "get"],
                  "resources": [{ "objectGroup": "payments", "objectType": "symmetrickey", "algorithm": "aes", "minLength": 128, "maxLength": 256, "tags": { "x-env": "prod" } }],
                  "conditions": {
                    "usageCount": { "max": 3, "per": "objectAndPrincipal" },
                    "timeWindow": { "start": "22:00", "end": "06:00", "days": ["fri", "Sat"], "timeZone": "Europe/Paris" },
                    "protocolVersion": { "min": "1.4" },
                    "sourceNetwork": ["::ffff:10.0.0.0/104", "fd00::/8"]
                  }
                },
                { "id": "no-destroy", "effect": "deny", "subjects": [{ "any": true }], "notActions": ["read:*"] }
              ]
            }
            """);

        Assert.Equal("payments", document.Name);
        Assert.Equal("Payment keys", document.Description);
        var allow = document.Statements[0];
        Assert.Equal(PolicyEffect.Allow, allow.Effect);
        Assert.Equal(["use:encrypt", "Get"], allow.Actions.AsEnumerable());
        Assert.True(allow.Operations.Contains(Operation.Encrypt));
        Assert.False(allow.Operations.Contains(Operation.Decrypt));
        Assert.Equal("sensors", allow.Subjects[0].Group);
        Assert.Equal("thermometer", allow.Subjects[0].DeviceType);
        Assert.Equal("gateway", allow.Subjects[1].Identity);
        var resource = Assert.Single(allow.Resources);
        Assert.Equal(ObjectType.SymmetricKey, resource.ObjectType);
        Assert.Equal(CryptographicAlgorithm.AES, resource.Algorithm);
        Assert.Equal((128, 256), (resource.MinLength, resource.MaxLength));
        Assert.Equal("prod", Assert.Single(resource.Tags).Value);
        // Conditions are kept in evaluation order, whatever the document's order.
        Assert.Equal(["protocolVersion", "sourceNetwork", "timeWindow", "usageCount"], allow.Conditions.Select(c => c.Name));
        var window = Assert.IsType<TimeWindowCondition>(allow.Conditions[2]);
        Assert.Equal([DayOfWeek.Friday, DayOfWeek.Saturday], window.Days.AsEnumerable());
        // The mapped IPv6 range is kept as the IPv4 range it stands for.
        var networks = Assert.IsType<SourceNetworkCondition>(allow.Conditions[1]);
        Assert.Equal(["10.0.0.0/8", "fd00::/8"], networks.Networks.Select(n => n.ToString()));

        var deny = document.Statements[1];
        Assert.True(deny.ExcludesActions);
        Assert.False(deny.Operations.Contains(Operation.Get));
        Assert.True(deny.Operations.Contains(Operation.Destroy));
        Assert.True(deny.Resources.IsEmpty);
    }
}
