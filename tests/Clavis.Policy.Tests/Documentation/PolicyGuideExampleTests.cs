using System.Net;
using System.Text.RegularExpressions;
using Clavis.Kmip;
using Clavis.Policy.Conditions;
using Clavis.Policy.Documents;
using Clavis.Policy.Requests;
using Clavis.Policy.Tests.Support;

namespace Clavis.Policy.Tests.Documentation;

/// <summary>
/// docs/policy.md's documents parse, and its worked examples decide as its tables say: the examples are read from
/// the page itself, so the page cannot drift from the engine.
/// </summary>
public partial class PolicyGuideExampleTests
{
    private static readonly DateTimeOffset s_now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, PolicyDocument> s_documents = JsonBlocks()
        .Where(json => json.Contains("\"statements\"", StringComparison.Ordinal))
        .Select(PolicyDocument.Parse)
        .ToDictionary(document => document.Name);

    [Fact]
    public void Every_document_on_the_page_parses_and_is_in_canonical_form_once_written()
    {
        Assert.Equal(["payments", "sensors", "break-glass"], s_documents.Keys);
        foreach (var document in s_documents.Values)
        {
            Assert.Equal(document.ToJson(), PolicyDocument.Parse(document.ToJson()).ToJson());
        }
    }

    [Fact]
    public void Sensors_may_only_encrypt()
    {
        var set = PolicySet.Compile([new VersionedPolicyDocument(s_documents["sensors"], 1)]);
        var plant = new Principal { Name = "s-17", Groups = ["sensors"], SourceAddress = IPAddress.Parse("10.20.4.7") };
        var visiting = new Principal { Name = "s-17", Groups = ["sensors"], SourceAddress = IPAddress.Parse("192.168.1.9") };
        var telemetry = new ResourceAttributes { ObjectId = "t-1", ObjectGroups = ["telemetry"], Owner = "admin" };
        var own = new ResourceAttributes { ObjectId = "s-1", Owner = "s-17" };

        Assert.Equal(("sensors@1#encrypt-telemetry", "sensors@1#encrypt-telemetry allows Encrypt"), Decide(set, plant, Operation.Encrypt, telemetry, 2048));
        Assert.Equal(
            ("default-deny", "allow statement sensors@1#encrypt-telemetry did not apply: dataSize: 102400 bytes, over the 65536-byte limit"),
            Decide(set, plant, Operation.Encrypt, telemetry, 102400));
        Assert.Equal(
            ("default-deny", "allow statement sensors@1#encrypt-telemetry did not apply: sourceNetwork: 192.168.1.9 is in none of 10.20.0.0/16"),
            Decide(set, visiting, Operation.Encrypt, telemetry, 2048));
        Assert.Equal("sensors@1#nothing-else", Decide(set, plant, Operation.Decrypt, telemetry, 2048).Rule);
        Assert.Equal("sensors@1#nothing-else", Decide(set, plant, Operation.Get, own, null).Rule);
        Assert.Equal("clavis-default@1#authenticated-no-object", Decide(set, plant, Operation.DiscoverVersions, null, null).Rule);
    }

    [Fact]
    public void Three_uses()
    {
        var set = PolicySet.Compile([new VersionedPolicyDocument(s_documents["break-glass"], 1)]);
        var alice = new Principal { Name = "alice", Groups = ["oncall"], VerifiedCredentials = [CredentialType.UsernameAndPassword] };
        var backup = new ResourceAttributes { ObjectId = "7f3c", Names = ["backup-master-2024"], Owner = "admin" };
        var counts = new UsageCountTable();
        var key = new UsageCounterKey("break-glass#oncall-decrypt-3", UsageCountScope.ObjectAndPrincipal, "7f3c", "alice");
        for (var use = 1; use <= 3; use++)
        {
            var decision = set.Evaluate(Request(alice, Operation.Decrypt, backup, 256), counts);
            Assert.Equal($"break-glass@1#oncall-decrypt-3 allows Decrypt (use {use} of 3 per objectAndPrincipal)", decision.Reason);
            Assert.Equal(new UsageCounterIncrement(key, 3), decision.UsageCounter);
            counts.Apply(decision);
        }

        var fourth = set.Evaluate(Request(alice, Operation.Decrypt, backup, 256), counts);
        Assert.Equal(("default-deny", "allow statement break-glass@1#oncall-decrypt-3 did not apply: usageCount: 3 of 3 uses spent (per objectAndPrincipal)"), (fourth.Rule, fourth.Reason));
        Assert.Null(fourth.UsageCounter);
        Assert.Equal("break-glass#oncall-decrypt-3|object=7f3c|principal=alice", key.ToString());

        var bob = new Principal { Name = "bob", Groups = ["oncall"], VerifiedCredentials = [CredentialType.UsernameAndPassword] };
        Assert.True(set.Evaluate(Request(bob, Operation.Decrypt, backup, 256), counts).IsAllowed);
        var version2 = PolicySet.Compile([new VersionedPolicyDocument(s_documents["break-glass"], 2)]);
        Assert.False(version2.Evaluate(Request(alice, Operation.Decrypt, backup, 256), counts).IsAllowed);
    }

    private static (string Rule, string Reason) Decide(PolicySet set, Principal principal, Operation operation, ResourceAttributes? resource, long? size)
    {
        var decision = set.Evaluate(Request(principal, operation, resource, size), new UsageCountTable());
        return (decision.Rule, decision.Reason);
    }

    private static AccessRequest Request(Principal principal, Operation operation, ResourceAttributes? resource, long? size) => new()
    {
        Principal = principal,
        Operation = operation,
        Resource = resource,
        Now = s_now,
        ProtocolVersion = ProtocolVersion.V2_1,
        DataSize = size,
    };

    private static IEnumerable<string> JsonBlocks() =>
        JsonBlock().Matches(RepositoryFiles.Read("docs", "policy.md")).Select(match => match.Groups[1].Value);

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
