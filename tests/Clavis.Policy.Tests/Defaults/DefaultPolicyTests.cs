using System.Security.Cryptography;
using System.Text;
using Clavis.Kmip;
using Clavis.Policy.Defaults;
using Clavis.Policy.Requests;
using static Clavis.Policy.Tests.Support.Policies;

namespace Clavis.Policy.Tests.Defaults;

/// <summary>What the built-in clavis-default document allows, and that its content is pinned to its version.</summary>
public class DefaultPolicyTests
{
    private static readonly PolicySet s_defaults = Set();

    private static readonly Operation[] s_objectless =
    [
        Operation.Create, Operation.CreateKeyPair, Operation.Register, Operation.Locate, Operation.Query, Operation.DiscoverVersions,
        Operation.RNGRetrieve, Operation.RNGSeed, Operation.Hash, Operation.Poll, Operation.Cancel, Operation.QueryAsynchronousRequests,
        Operation.Login, Operation.Logout, Operation.Ping,
    ];

    public static TheoryData<Operation> EveryOperation => new([.. Enum.GetValues<Operation>(), (Operation)0x80000001]);

    [Theory]
    [MemberData(nameof(EveryOperation))]
    public void Owner_may_do_everything_with_its_objects(Operation operation)
    {
        var decision = s_defaults.Evaluate(Request(Principal("owner"), operation, Key(owner: "owner")));
        Assert.Equal((true, "clavis-default@1#owner"), (decision.IsAllowed, decision.Rule));
    }

    [Theory]
    [MemberData(nameof(EveryOperation))]
    public void Another_principal_may_do_nothing_with_the_object(Operation operation)
    {
        Assert.False(s_defaults.Evaluate(Request(Principal("bob", "users"), operation, Key(owner: "owner"))).IsAllowed);
    }

    [Theory]
    [MemberData(nameof(EveryOperation))]
    public void Anyone_may_read_certificates_and_public_keys_as_the_KMIP_1_x_default_policy_says(Operation operation)
    {
        bool reads = operation is Operation.Get or Operation.GetAttributes or Operation.GetAttributeList or Operation.Locate or Operation.Check;
        foreach (ObjectType type in new[] { ObjectType.Certificate, ObjectType.PublicKey })
        {
            var publicObject = new ResourceAttributes { ObjectId = "pub-1", ObjectType = type, Owner = "owner" };
            var decision = s_defaults.Evaluate(Request(Principal("bob", "users"), operation, publicObject));
            Assert.Equal(reads, decision.IsAllowed);
        }

        // A private key is another matter.
        var privateKey = new ResourceAttributes { ObjectId = "priv-1", ObjectType = ObjectType.PrivateKey, Owner = "owner" };
        Assert.False(s_defaults.Evaluate(Request(Principal("bob", "users"), operation, privateKey)).IsAllowed);
    }

    [Theory]
    [MemberData(nameof(EveryOperation))]
    public void Any_principal_may_call_the_operations_that_name_no_object(Operation operation)
    {
        var decision = s_defaults.Evaluate(Request(Principal("bob"), operation));
        Assert.Equal(s_objectless.Contains(operation), decision.IsAllowed);
        if (decision.IsAllowed)
        {
            Assert.Equal("clavis-default@1#authenticated-no-object", decision.Rule);
        }
    }

    [Theory]
    [MemberData(nameof(EveryOperation))]
    public void Administrators_manage_and_read_metadata_but_neither_use_nor_export(Operation operation)
    {
        var manages = operation is Operation.Activate or Operation.Revoke or Operation.Destroy or Operation.Archive or Operation.Recover
            or Operation.AddAttribute or Operation.ModifyAttribute or Operation.DeleteAttribute or Operation.SetAttribute
            or Operation.AdjustAttribute or Operation.ReKey or Operation.ReKeyKeyPair or Operation.ReCertify or Operation.ObtainLease
            or Operation.GetUsageAllocation or Operation.GetAttributes or Operation.GetAttributeList or Operation.Locate or Operation.Check;
        var decision = s_defaults.Evaluate(Request(Principal("root", "administrators"), operation, Key(owner: "owner")));
        Assert.Equal(manages, decision.IsAllowed);
        Assert.Equal(manages ? "clavis-default@1#administrators-manage" : AccessDecision.DefaultDenyRule, decision.Rule);
    }

    [Fact]
    public void An_administrator_who_owns_an_object_uses_it_as_its_owner()
    {
        var decision = s_defaults.Evaluate(Request(Principal("root", "administrators"), Operation.Encrypt, Key(owner: "root")));
        Assert.Equal("clavis-default@1#owner", decision.Rule);
    }

    [Fact]
    public void The_default_document_can_be_replaced()
    {
        var custom = Document("site-defaults", Allow(id: "everyone-reads", actions: """["read:metadata"]"""));
        var set = PolicySet.Compile([], new VersionedPolicyDocument(custom, 2));
        Assert.Equal("site-defaults@2#everyone-reads", set.Evaluate(Request(Principal("bob"), Operation.GetAttributes, Key())).Rule);
        Assert.False(set.Evaluate(Request(Principal("owner"), Operation.Get, Key(owner: "owner"))).IsAllowed);
    }

    /// <summary>
    /// If this fails, clavis-default.json changed: bump DefaultPolicy.Version (audit records cite
    /// clavis-default@VERSION, and two different documents must not share a version), then update the hash.
    /// </summary>
    [Fact]
    public void Embedded_document_is_pinned_to_its_version()
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(DefaultPolicy.Document.ToJson())));
        Assert.Equal((1, "1ac1ee7189c5b9d64faa3b4d772cf5e0d5d9410ea61e1a834a741c985eafd434"), (DefaultPolicy.Version, hash));
    }

    [Fact]
    public void Embedded_document_is_written_in_canonical_form()
    {
        Assert.Equal(DefaultPolicy.Json.TrimEnd('\n'), DefaultPolicy.Document.ToJson());
        Assert.Equal(DefaultPolicy.Name, DefaultPolicy.Document.Name);
    }
}
