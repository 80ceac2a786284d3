using System.Collections.Immutable;
using System.Net;
using System.Text.Json.Nodes;
using Clavis.Kmip;
using Clavis.Policy.Actions;
using Clavis.Policy.Documents;
using Clavis.Policy.Requests;

namespace Clavis.Policy.Tests.Support;

/// <summary>
/// Random documents and requests over a small vocabulary (by default ten identities, six groups, ten objects, …),
/// so that random statements and random requests meet often: every selector, action group and condition kind
/// appears, and counts sometimes reach their limits. Seeded, so a failure can be replayed. Large sets need a
/// larger vocabulary (<paramref name="people"/>) and fewer broad statements (<paramref name="breadth"/>: the
/// chance of <c>any</c>, <c>owner</c>, <c>*</c>, <c>notActions</c>), or a few broad denies decide everything and
/// the comparison tests nothing else.
/// </summary>
internal sealed class RandomPolicies(int seed, int people = 10, double breadth = 0.1, double denyShare = 0.3)
{
    // "*" is left to the breadth setting.
    private static readonly string[] s_actionNames =
        [.. Enum.GetNames<Operation>(), .. PolicyActions.Groups.Select(group => group.Key).Where(name => name != PolicyActions.Everything)];

    private static readonly Operation[] s_operations =
        [.. Enum.GetValues<Operation>(), (Operation)0x80000001];

    private static readonly string[] s_zones = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"];
    private static readonly string[] s_days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    private static readonly string[] s_networks = ["10.0.0.0/8", "10.1.0.0/16", "192.168.0.0/16", "fd00::/8", "::1/128", "::ffff:172.16.0.0/108"];
    private static readonly string[] s_durations = ["PT1H", "P1D", "P2D", "P1W", "P1M", "P1Y", "PT36H"];
    private static readonly string[] s_sources = ["10.1.2.3", "10.200.0.1", "192.168.1.1", "172.16.5.5", "::ffff:10.1.2.3", "::ffff:172.16.0.9", "fd00::5", "::1", "203.0.113.9"];

    private static readonly DateTimeOffset s_epoch = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private readonly Random _random = new(seed);

    public PolicyDocument Document(string name, int statements)
    {
        var array = new JsonArray();
        for (var i = 0; i < statements; i++)
        {
            array.Add(Statement($"s{i}"));
        }

        var document = new JsonObject { ["name"] = name, ["statements"] = array };
        if (Chance(0.3))
        {
            document["description"] = $"random document {name} (seed {seed}) — é";
        }

        return PolicyDocument.Parse(document.ToJsonString());
    }

    public AccessRequest Request()
    {
        var principal = new Principal
        {
            Name = Identity(),
            Groups = [.. Enumerable.Range(0, _random.Next(4)).Select(_ => Group()).Distinct()],
            DeviceType = Chance(0.5) ? Pick("dt0", "dt1", "dt2") : null,
            DeviceClass = Chance(0.5) ? Pick("dc0", "dc1", "dc2") : null,
            Application = Chance(0.5) ? Pick("a0", "a1", "a2") : null,
            SoftwareLevel = Chance(0.7) ? _random.Next(5) : null,
            HardwareLevel = Chance(0.7) ? _random.Next(5) : null,
            VerifiedCredentials = [.. Enum.GetValues<CredentialType>().Where(_ => Chance(0.4))],
            SourceAddress = Chance(0.9) ? IPAddress.Parse(Pick(s_sources)) : null,
        };
        return new AccessRequest
        {
            Principal = principal,
            Operation = Pick(s_operations),
            Resource = Chance(0.2) ? null : Resource(principal.Name),
            Now = s_epoch.AddMinutes(_random.Next(60 * 24 * 8)),
            ProtocolVersion = Pick([.. ProtocolVersion.All]),
            DataSize = Chance(0.5) ? null : _random.Next(2000),
        };
    }

    private ResourceAttributes Resource(string principal)
    {
        var id = _random.Next(10);
        return new ResourceAttributes
        {
            ObjectId = $"k{id}",
            ObjectType = Chance(0.9) ? Pick(ObjectType.SymmetricKey, ObjectType.PrivateKey, ObjectType.SecretData) : null,
            Names = Chance(0.8) ? [$"key-{id}", .. Chance(0.3) ? new[] { "shared" } : []] : [],
            ObjectGroups = [.. Enumerable.Range(0, _random.Next(3)).Select(_ => Pick("og0", "og1", "og2", "og3")).Distinct()],
            Algorithm = Chance(0.9) ? Pick(CryptographicAlgorithm.AES, CryptographicAlgorithm.RSA, CryptographicAlgorithm.HMAC_SHA256) : null,
            Length = Chance(0.9) ? Pick(128, 192, 256, 2048) : null,
            Tags = [.. Chance(0.5) ? new[] { new ResourceTag("x-env", Pick("prod", "dev")) } : [], .. Chance(0.3) ? new[] { new ResourceTag("x-team", Pick("t0", "t1")) } : []],
            Owner = Chance(0.3) ? principal : Chance(0.8) ? Identity() : null,
            CreatedAt = Chance(0.9) ? s_epoch.AddHours(-_random.Next(24 * 60)) : null,
            Grants = [.. Enumerable.Range(0, Chance(0.5) ? 0 : _random.Next(1, 3)).Select(_ => Grant())],
        };
    }

    private ObjectGrant Grant()
    {
        var actions = OperationSet.Empty;
        for (var i = _random.Next(1, 4); i > 0; i--)
        {
            PolicyActions.TryResolve(Pick(s_actionNames), out _, out var operations);
            actions = actions.Union(operations);
        }

        return Chance(0.5) ? new ObjectGrant(GranteeKind.User, Identity(), actions) : new ObjectGrant(GranteeKind.Group, Group(), actions);
    }

    private JsonObject Statement(string id)
    {
        var isDeny = Chance(denyShare);
        var statement = new JsonObject
        {
            ["id"] = id,
            ["effect"] = isDeny ? "deny" : "allow",
            ["subjects"] = Array(_random.Next(1, 4), Subject),
        };
        var actions = Array(_random.Next(1, 4), () => JsonValue.Create(Chance(breadth) ? "*" : Pick(s_actionNames)), distinct: true);
        statement[Chance(breadth) ? "notActions" : "actions"] = actions;
        if (Chance(0.6))
        {
            statement["resources"] = Array(_random.Next(1, 3), Resource);
        }

        if (Chance(0.5))
        {
            statement["conditions"] = Conditions(allowsUsageCount: !isDeny);
        }

        return statement;
    }

    private JsonNode Subject()
    {
        if (Chance(breadth))
        {
            return new JsonObject { ["any"] = true };
        }

        var subject = new JsonObject();
        if (Chance(breadth))
        {
            subject["owner"] = true;
        }

        // Each selector is more or less likely, so entries with one, two or three selectors all occur.
        if (Chance(0.35)) subject["identity"] = Identity();
        if (Chance(0.35)) subject["group"] = Group();
        if (Chance(0.1)) subject["deviceType"] = Pick("dt0", "dt1", "dt2");
        if (Chance(0.1)) subject["deviceClass"] = Pick("dc0", "dc1", "dc2");
        if (Chance(0.1)) subject["application"] = Pick("a0", "a1", "a2");
        if (subject.Count == 0)
        {
            subject["group"] = Group();
        }

        return subject;
    }

    private JsonNode Resource()
    {
        var roll = _random.Next(12);
        if (roll == 0)
        {
            return new JsonObject { ["any"] = true };
        }

        if (roll == 1)
        {
            return new JsonObject { ["noObject"] = true };
        }

        var resource = new JsonObject();
        if (Chance(0.2)) resource["id"] = $"k{_random.Next(10)}";
        if (Chance(0.2)) resource["name"] = Pick("key-*", "key-?", "*", "shared", "key-1*", "*-3");
        if (Chance(0.2)) resource["objectGroup"] = Pick("og0", "og1", "og2", "og3");
        if (Chance(0.2)) resource["objectType"] = Pick("SymmetricKey", "PrivateKey", "Certificate");
        if (Chance(0.2)) resource["algorithm"] = Pick("AES", "RSA", "HMAC_SHA256");
        if (Chance(0.15)) resource["minLength"] = Pick(128, 256);
        if (Chance(0.15)) resource["maxLength"] = Pick(256, 4096);
        if (Chance(0.15)) resource["tags"] = new JsonObject { ["x-env"] = Pick("prod", "dev") };
        if (resource["minLength"] is { } min && resource["maxLength"] is { } max && (int)min > (int)max)
        {
            resource.Remove("maxLength");
        }

        if (resource.Count == 0)
        {
            resource["objectGroup"] = Pick("og0", "og1");
        }

        return resource;
    }

    private JsonObject Conditions(bool allowsUsageCount)
    {
        var conditions = new JsonObject();
        for (var i = _random.Next(1, 4); i > 0; i--)
        {
            switch (_random.Next(9))
            {
                case 0:
                    var start = _random.Next(24);
                    var end = (start + _random.Next(1, 24)) % 24;
                    var window = new JsonObject { ["start"] = $"{start:00}:{Pick(0, 30):00}", ["end"] = $"{end:00}:00" };
                    if (Chance(0.5)) window["days"] = Array(_random.Next(1, 5), () => JsonValue.Create(Pick(s_days)), distinct: true);
                    if (Chance(0.8)) window["timeZone"] = Pick(s_zones);
                    conditions["timeWindow"] = window;
                    break;
                case 1:
                    var age = new JsonObject();
                    if (Chance(0.6)) age["min"] = Pick("PT1H", "P1D", "PT36H");
                    if (Chance(0.6) || age.Count == 0) age["max"] = Pick("P2D", "P1W", "P1M", "P1Y");
                    conditions["objectAge"] = age;
                    break;
                case 2 when allowsUsageCount:
                    conditions["usageCount"] = new JsonObject { ["max"] = _random.Next(1, 4), ["per"] = Pick("object", "principal", "objectAndPrincipal") };
                    break;
                case 2:
                case 3:
                    conditions["dataSize"] = new JsonObject { ["max"] = _random.Next(0, 1500) };
                    break;
                case 4:
                case 5:
                    var level = new JsonObject();
                    if (Chance(0.7)) level["min"] = _random.Next(0, 3);
                    if (Chance(0.5) || level.Count == 0) level["max"] = _random.Next(3, 5);
                    conditions[_random.Next(2) == 0 ? "softwareLevel" : "hardwareLevel"] = level;
                    break;
                case 6:
                    conditions["sourceNetwork"] = Array(_random.Next(1, 3), () => JsonValue.Create(Pick(s_networks)), distinct: true);
                    break;
                case 7:
                    var versions = new JsonObject();
                    if (Chance(0.6)) versions["min"] = Pick("1.2", "1.4");
                    if (Chance(0.6) || versions.Count == 0) versions["max"] = Pick("1.4", "2.0", "2.1");
                    conditions["protocolVersion"] = versions;
                    break;
                default:
                    conditions["credentialTypes"] = Array(_random.Next(1, 3), () => JsonValue.Create(Pick(Enum.GetNames<CredentialType>())), distinct: true);
                    break;
            }
        }

        return conditions;
    }

    private JsonArray Array(int count, Func<JsonNode> item, bool distinct = false)
    {
        var array = new JsonArray();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < count; i++)
        {
            var node = item();
            if (!distinct || seen.Add(node.ToJsonString()))
            {
                array.Add(node);
            }
        }

        return array;
    }

    private string Identity() => $"u{_random.Next(people)}";

    private string Group() => $"g{_random.Next((people / 2) + 1)}";

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private T Pick<T>(params T[] values) => values[_random.Next(values.Length)];
}
