using System.Globalization;
using System.Net;
using System.Text;
using Clavis.Kmip;
using Clavis.Policy;
using Clavis.Policy.Actions;
using Clavis.Policy.Documents;
using Clavis.Policy.Requests;

namespace Clavis.Benchmarks.Policy;

/// <summary>
/// A policy a large site could have: documents of up to 100 statements, most about one service identity or one
/// team (group), some about device types and applications, very few about everyone; a third carry conditions (time
/// windows, source networks, data size, usage counts). There are about half as many identities as statements and
/// a twentieth as many teams (at least 50 and 5), so a request meets a handful of statements whatever the set's size, as on a real
/// site. Requests are service principals in three teams doing Encrypt, Decrypt, Get, GetAttributes, Create and
/// Destroy on keys they may or may not own. Seeded: every run measures the same set.
/// </summary>
internal sealed class PolicyWorkload
{
    private const int StatementsPerDocument = 100;

    private static readonly string[] s_actions = ["use:encrypt", "use:decrypt", "use:*", "read:metadata", "Get", "manage:*", "use:mac", "Encrypt"];
    private static readonly string[] s_zones = ["UTC", "Europe/Paris", "America/New_York"];
    private static readonly Operation[] s_operations =
        [Operation.Encrypt, Operation.Encrypt, Operation.Decrypt, Operation.Decrypt, Operation.Get, Operation.GetAttributes, Operation.Create, Operation.Destroy];

    private readonly Random _random = new(20261128);
    private readonly int _identities;
    private readonly int _groups;

    public PolicyWorkload(int statements)
    {
        Statements = statements;
        // A floor, so that even the one-statement set sees many principals and owners.
        _identities = Math.Max(50, statements / 2);
        _groups = Math.Max(5, statements / 20);
        Json = [.. BuildDocuments()];
    }

    public int Statements { get; }

    /// <summary>The documents' JSON, for the parse benchmark.</summary>
    public IReadOnlyList<string> Json { get; }

    public IEnumerable<VersionedPolicyDocument> Parse() =>
        Json.Select((json, i) => new VersionedPolicyDocument(PolicyDocument.Parse(json), i + 1));

    public AccessRequest[] Requests(int count)
    {
        var now = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var name = Identity();
            var principal = new Principal
            {
                Name = name,
                Groups = [Group(), Group(), Group()],
                DeviceType = Chance(0.3) ? $"device-{_random.Next(20)}" : null,
                Application = Chance(0.5) ? $"app-{_random.Next(50)}" : null,
                SoftwareLevel = _random.Next(1, 4),
                SourceAddress = IPAddress.Parse(Chance(0.8) ? "10.20.30.40" : "203.0.113.7"),
            };
            var operation = s_operations[_random.Next(s_operations.Length)];
            var resource = operation == Operation.Create ? null : new ResourceAttributes
            {
                ObjectId = Guid.NewGuid().ToString(),
                ObjectType = ObjectType.SymmetricKey,
                Algorithm = CryptographicAlgorithm.AES,
                Length = 256,
                Names = [$"key-{_random.Next(1000)}"],
                ObjectGroups = [$"og-{_random.Next(50)}"],
                Owner = Chance(0.3) ? name : Identity(),
                CreatedAt = now.AddDays(-_random.Next(200)),
                Grants = Chance(0.2) ? [new ObjectGrant(GranteeKind.Group, Group(), OperationSet.Of(Operation.Encrypt, Operation.Decrypt))] : [],
            };
            return new AccessRequest
            {
                Principal = principal,
                Operation = operation,
                Resource = resource,
                Now = now.AddMinutes(_random.Next(60 * 24)),
                ProtocolVersion = ProtocolVersion.V2_1,
                DataSize = operation is Operation.Encrypt or Operation.Decrypt ? _random.Next(64, 4096) : null,
            };
        })];
    }

    private IEnumerable<string> BuildDocuments()
    {
        for (var first = 0; first < Statements; first += StatementsPerDocument)
        {
            var json = new StringBuilder();
            json.Append(CultureInfo.InvariantCulture, $$"""{ "name": "site-{{first / StatementsPerDocument:0000}}", "statements": [""");
            var count = Math.Min(StatementsPerDocument, Statements - first);
            for (var i = 0; i < count; i++)
            {
                json.Append(i == 0 ? "\n" : ",\n").Append(Statement(first + i));
            }

            yield return json.Append("\n] }").ToString();
        }
    }

    private string Statement(int index)
    {
        var roll = _random.NextDouble();
        var (effect, subjects) = roll switch
        {
            < 0.55 => ("allow", $$"""[{ "identity": "{{Identity()}}" }]"""),
            < 0.75 => ("allow", $$"""[{ "group": "{{Group()}}" }]"""),
            < 0.80 => ("allow", $$"""[{ "deviceType": "device-{{_random.Next(20)}}" }, { "application": "app-{{_random.Next(50)}}" }]"""),
            < 0.997 => ("deny", Chance(0.5) ? $$"""[{ "identity": "{{Identity()}}" }]""" : $$"""[{ "group": "{{Group()}}" }]"""),
            // Statements about everyone are few on any site (30 in 10,000 here); each one is visited by every request.
            _ => (Chance(0.5) ? "allow" : "deny", """[{ "any": true }]"""),
        };
        var actions = effect == "deny" || subjects.Contains("any", StringComparison.Ordinal)
            ? Pick("[\"Destroy\"]", "[\"export:*\"]", "[\"manage:*\"]")
            : Actions();
        var resources = Chance(0.7)
            ? Pick($$"""[{ "objectGroup": "og-{{_random.Next(50)}}" }]""", """[{ "name": "key-1*" }]""", """[{ "algorithm": "AES", "minLength": 128 }]""")
            : null;
        var conditions = effect == "allow" && Chance(0.33) ? Conditions() : null;
        var statement = new StringBuilder();
        statement.Append(CultureInfo.InvariantCulture, $$"""  { "id": "s{{index}}", "effect": "{{effect}}", "subjects": {{subjects}}, "actions": {{actions}}""");
        if (resources is not null)
        {
            statement.Append(", \"resources\": ").Append(resources);
        }

        if (conditions is not null)
        {
            statement.Append(", \"conditions\": {").Append(conditions).Append(" }");
        }

        return statement.Append(" }").ToString();
    }

    private string Actions()
    {
        var first = Pick(s_actions);
        var second = Pick(s_actions);
        return Chance(0.3) && second != first ? $"[\"{first}\", \"{second}\"]" : $"[\"{first}\"]";
    }

    private string Conditions() => _random.Next(4) switch
    {
        0 => $$""" "timeWindow": { "start": "08:00", "end": "18:00", "days": ["Mon", "Tue", "Wed", "Thu", "Fri"], "timeZone": "{{Pick(s_zones)}}" }""",
        1 => """ "sourceNetwork": ["10.0.0.0/8", "fd00::/8"], "softwareLevel": { "min": 2 }""",
        2 => """ "dataSize": { "max": 1024 }""",
        _ => """ "usageCount": { "max": 1000, "per": "objectAndPrincipal" }""",
    };

    private string Identity() => $"svc-{_random.Next(_identities):00000}";

    private string Group() => $"team-{_random.Next(_groups):000}";

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private T Pick<T>(params T[] values) => values[_random.Next(values.Length)];
}
