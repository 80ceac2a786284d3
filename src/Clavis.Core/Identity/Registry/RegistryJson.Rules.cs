using System.Net;
using System.Text.Json;
using Clavis.Core.Ports;
using Clavis.Kmip;

namespace Clavis.Core.Identity.Registry;

internal static partial class RegistryJson
{
    private static readonly string[] s_matchFields =
        ["subject", "organizationalUnit", "issuer", "issuerFingerprint", "san", "credentialType", "username", "deviceType", "sourceNetwork"];

    private static readonly string[] s_assignFields =
        ["groups", "deviceType", "deviceClass", "application", "softwareLevel", "hardwareLevel", "identityFromUsername"];

    /// <summary>The rules as stored (the same form as a PUT body).</summary>
    public static PrincipalRuleSet ReadRules(StoredDocument document)
    {
        using JsonDocument json = Parse(System.Text.Encoding.UTF8.GetBytes(document.Body!), "principal rules");
        return ReadRules(json.RootElement, document.Version);
    }

    /// <summary><c>{"rules": [{"name": …, "match": {…}, "assign": {…}}, …]}</c>; docs/identity.md describes each field.</summary>
    public static PrincipalRuleSet ReadRules(JsonElement body, int version)
    {
        var fields = new JsonFieldReader(body, "principal rules", "rules");
        JsonElement array = fields.Array("rules") ?? throw JsonFieldReader.Invalid("principal rules: field 'rules' (an array, possibly empty) is required");
        if (array.GetArrayLength() > PrincipalRuleSet.MaxRules)
        {
            throw JsonFieldReader.Invalid($"principal rules: {array.GetArrayLength()} rules; at most {PrincipalRuleSet.MaxRules}");
        }

        var rules = new List<PrincipalRule>();
        int index = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            PrincipalRule rule = ReadRule(item, index++);
            if (rules.Any(r => string.Equals(r.Name, rule.Name, StringComparison.Ordinal)))
            {
                throw JsonFieldReader.Invalid($"principal rules: two rules are named \"{rule.Name}\"");
            }

            rules.Add(rule);
        }

        return new PrincipalRuleSet(rules, version);
    }

    /// <summary>The stored form of the rules.</summary>
    public static string WriteRules(PrincipalRuleSet rules) => Write(writer => WriteRuleFields(writer, rules, null));

    /// <summary>The rules as the admin API shows them.</summary>
    public static void WriteRulesView(Utf8JsonWriter writer, PrincipalRuleSet rules, StoredDocument? document) => WriteRuleFields(writer, rules, document);

    private static PrincipalRule ReadRule(JsonElement item, int index)
    {
        var rule = new JsonFieldReader(item, $"principal rule {index}", "name", "match", "assign");
        string name = rule.Text("name") ?? throw JsonFieldReader.Invalid($"principal rule {index}: field 'name' is required");
        string what = $"principal rule \"{name}\"";
        PrincipalRuleMatch match = rule.Object("match") is JsonElement m ? ReadMatch(m, what) : PrincipalRuleMatch.Everyone;
        JsonElement assignment = rule.Object("assign") ?? throw JsonFieldReader.Invalid($"{what}: field 'assign' is required (what the rule does)");
        var assign = new JsonFieldReader(assignment, $"{what} assign", s_assignFields);
        var result = new PrincipalRule(name, match, new PrincipalRuleAssignment(assign.Groups("groups"), ReadAttributes(assign), assign.Boolean("identityFromUsername") ?? false));
        if (result.Assign.Groups.Count == 0 && result.Assign.Attributes == PrincipalAttributes.None && !result.Assign.IdentityFromUsername)
        {
            throw JsonFieldReader.Invalid($"{what}: 'assign' assigns nothing");
        }

        if (result.Assign.IdentityFromUsername && match.Username is null && match.CredentialType != CredentialType.UsernameAndPassword)
        {
            // Otherwise the rule's meaning would depend on whether a message happened to carry a credential.
            throw JsonFieldReader.Invalid($"{what}: 'identityFromUsername' needs a match on 'username' or on credentialType UsernameAndPassword");
        }

        return result;
    }

    private static PrincipalRuleMatch ReadMatch(JsonElement element, string what)
    {
        var fields = new JsonFieldReader(element, $"{what} match", s_matchFields);
        CredentialType? credentialType = null;
        if (fields.Text("credentialType") is string type)
        {
            // Only the verified types can be matched: an Attestation is never verified.
            credentialType = type switch
            {
                nameof(CredentialType.UsernameAndPassword) => CredentialType.UsernameAndPassword,
                nameof(CredentialType.Device) => CredentialType.Device,
                _ => throw JsonFieldReader.Invalid($"{what} match: credentialType must be UsernameAndPassword or Device (the types the server verifies)"),
            };
        }

        IPNetwork? network = null;
        if (fields.Text("sourceNetwork") is string cidr)
        {
            // Host bits would be dropped silently, and 10.0.0.1/8 more likely means a typo than 10.0.0.0/8.
            int slash = cidr.IndexOf('/', StringComparison.Ordinal);
            network = IPNetwork.TryParse(cidr, out IPNetwork parsed) && slash > 0
                && IPAddress.TryParse(cidr.AsSpan(0, slash), out IPAddress? written) && written.Equals(parsed.BaseAddress)
                ? parsed
                : throw JsonFieldReader.Invalid($"{what} match: sourceNetwork must be a network in CIDR form (10.0.0.0/8, fd00::/8), with no host bits set");
        }

        return new PrincipalRuleMatch
        {
            Subject = Pattern(fields.Text("subject", 1024), ignoreCase: true),
            OrganizationalUnit = fields.Text("organizationalUnit"),
            Issuer = Pattern(fields.Text("issuer", 1024), ignoreCase: true),
            IssuerFingerprint = fields.Text("issuerFingerprint") is string hex ? Fingerprint(hex, $"{what} match: issuerFingerprint") : null,
            AlternativeName = Pattern(fields.Text("san", 1024), ignoreCase: true),
            CredentialType = credentialType,
            Username = Pattern(fields.Text("username"), ignoreCase: false),
            DeviceType = fields.Text("deviceType"),
            SourceNetwork = network,
        };
    }

    private static NamePattern? Pattern(string? text, bool ignoreCase) => text is null ? null : new NamePattern(text, ignoreCase);

    private static void WriteRuleFields(Utf8JsonWriter writer, PrincipalRuleSet rules, StoredDocument? document)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("rules");
        foreach (PrincipalRule rule in rules.Rules)
        {
            writer.WriteStartObject();
            writer.WriteString("name", rule.Name);
            writer.WriteStartObject("match");
            PrincipalRuleMatch match = rule.Match;
            WriteIfSet(writer, "subject", match.Subject?.Text);
            WriteIfSet(writer, "organizationalUnit", match.OrganizationalUnit);
            WriteIfSet(writer, "issuer", match.Issuer?.Text);
            WriteIfSet(writer, "issuerFingerprint", match.IssuerFingerprint);
            WriteIfSet(writer, "san", match.AlternativeName?.Text);
            WriteIfSet(writer, "credentialType", match.CredentialType?.ToString());
            WriteIfSet(writer, "username", match.Username?.Text);
            WriteIfSet(writer, "deviceType", match.DeviceType);
            WriteIfSet(writer, "sourceNetwork", match.SourceNetwork?.ToString());
            writer.WriteEndObject();
            writer.WriteStartObject("assign");
            WriteGroups(writer, rule.Assign.Groups);
            WriteAttributes(writer, rule.Assign.Attributes);
            if (rule.Assign.IdentityFromUsername)
            {
                writer.WriteBoolean("identityFromUsername", true);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (document is not null)
        {
            WriteMetadata(writer, document);
        }

        writer.WriteEndObject();
    }
}
