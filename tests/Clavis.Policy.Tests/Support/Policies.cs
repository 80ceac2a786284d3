using Clavis.Kmip;
using Clavis.Policy.Documents;
using Clavis.Policy.Requests;

namespace Clavis.Policy.Tests.Support;

/// <summary>Short ways to write documents, principals, objects and requests in decision tables.</summary>
internal static class Policies
{
    /// <summary>A Monday, 10:00 UTC (11:00 in Paris).</summary>
    public static readonly DateTimeOffset Monday10Utc = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    public static PolicyDocument Document(string name, params string[] statements) =>
        PolicyDocument.Parse($$"""{ "name": "{{name}}", "statements": [ {{string.Join(", ", statements)}} ] }""");

    /// <summary>A set of operator documents, each at version 1 unless the name says "@N" (for example "payments@3").</summary>
    public static PolicySet Set(params PolicyDocument[] documents) =>
        PolicySet.Compile(documents.Select(document => new VersionedPolicyDocument(document, 1)));

    public static PolicySet Set(int version, params PolicyDocument[] documents) =>
        PolicySet.Compile(documents.Select(document => new VersionedPolicyDocument(document, version)));

    /// <summary>A set made of one operator document holding the given statements, named "ops" at version 1.</summary>
    public static PolicySet Statements(params string[] statements) => Set(Document("ops", statements));

    /// <summary>A default document that allows nothing anyone here does, to test operator statements alone.</summary>
    public static readonly PolicyDocument NoDefaults =
        Document("no-defaults", """{ "id": "nobody", "effect": "allow", "subjects": [{ "identity": "nobody" }], "actions": ["Ping"] }""");

    /// <summary>Like <see cref="Statements"/>, with <see cref="NoDefaults"/> as the default tier.</summary>
    public static PolicySet OnlyStatements(params string[] statements) =>
        PolicySet.Compile([new VersionedPolicyDocument(Document("ops", statements), 1)], new VersionedPolicyDocument(NoDefaults, 1));

    /// <summary>An allow statement with id "s" for <paramref name="subjects"/>, <paramref name="actions"/>, and optional resources and conditions (JSON fragments).</summary>
    public static string Allow(string subjects = """[{ "any": true }]""", string actions = """["*"]""", string? resources = null, string? conditions = null, string id = "s") =>
        Statement("allow", subjects, actions, resources, conditions, id);

    public static string Deny(string subjects = """[{ "any": true }]""", string actions = """["*"]""", string? resources = null, string? conditions = null, string id = "d") =>
        Statement("deny", subjects, actions, resources, conditions, id);

    private static string Statement(string effect, string subjects, string actions, string? resources, string? conditions, string id)
    {
        var resourcesPart = resources is null ? "" : ", \"resources\": " + resources;
        var conditionsPart = conditions is null ? "" : ", \"conditions\": { " + conditions + " }";
        return $$"""{ "id": "{{id}}", "effect": "{{effect}}", "subjects": {{subjects}}, "actions": {{actions}}{{resourcesPart}}{{conditionsPart}} }""";
    }

    public static Principal Principal(string name, params string[] groups) => new() { Name = name, Groups = [.. groups] };

    public static ResourceAttributes Key(string id = "key-1", string? owner = "owner") => new()
    {
        ObjectId = id,
        ObjectType = ObjectType.SymmetricKey,
        Algorithm = CryptographicAlgorithm.AES,
        Length = 256,
        Names = ["payments-key"],
        Owner = owner,
        CreatedAt = Monday10Utc.AddDays(-10),
    };

    public static AccessRequest Request(
        Principal principal, Operation operation, ResourceAttributes? resource = null, DateTimeOffset? now = null,
        ProtocolVersion? version = null, long? dataSize = null) => new()
        {
            Principal = principal,
            Operation = operation,
            Resource = resource,
            Now = now ?? Monday10Utc,
            ProtocolVersion = version ?? ProtocolVersion.V2_1,
            DataSize = dataSize,
        };

    public static AccessDecision Evaluate(this PolicySet set, AccessRequest request) => set.Evaluate(request, new UsageCountTable());
}
