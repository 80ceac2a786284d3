using Clavis.Kmip;
using Clavis.Policy.Actions;
using static Clavis.Policy.Tests.Support.Policies;

namespace Clavis.Policy.Tests.Evaluation;

/// <summary>Every operation name and every action group, checked against every operation through whole decisions.</summary>
public class ActionMatchingTests
{
    // A vendor extension operation (KMIP 2.1 §11.36: values 8XXXXXXX are extensions).
    private const Operation VendorOperation = (Operation)0x80000001;

    private static readonly Operation[] s_everyOperation = [.. Enum.GetValues<Operation>(), VendorOperation];

    /// <summary>The groups as docs/policy.md documents them: a change to a group must change this table too.</summary>
    public static TheoryData<string, Operation[]> Groups => new()
    {
        { "use:encrypt", [Operation.Encrypt] },
        { "use:decrypt", [Operation.Decrypt] },
        { "use:sign", [Operation.Sign] },
        { "use:verify", [Operation.SignatureVerify] },
        { "use:mac", [Operation.MAC, Operation.MACVerify] },
        {
            "use:*",
            [Operation.Encrypt, Operation.Decrypt, Operation.Sign, Operation.SignatureVerify, Operation.MAC, Operation.MACVerify,
             Operation.DeriveKey, Operation.CreateSplitKey, Operation.JoinSplitKey]
        },
        { "read:metadata", [Operation.GetAttributes, Operation.GetAttributeList, Operation.Locate, Operation.Check] },
        {
            "read:*",
            [Operation.Get, Operation.Export, Operation.GetAttributes, Operation.GetAttributeList, Operation.Locate, Operation.Check, Operation.Validate]
        },
        { "export:*", [Operation.Get, Operation.Export] },
        {
            "manage:*",
            [Operation.Activate, Operation.Revoke, Operation.Destroy, Operation.Archive, Operation.Recover,
             Operation.AddAttribute, Operation.ModifyAttribute, Operation.DeleteAttribute, Operation.SetAttribute, Operation.AdjustAttribute,
             Operation.ReKey, Operation.ReKeyKeyPair, Operation.ReCertify, Operation.ObtainLease, Operation.GetUsageAllocation]
        },
        {
            "create:*",
            [Operation.Create, Operation.CreateKeyPair, Operation.Register, Operation.DeriveKey, Operation.Certify, Operation.Import,
             Operation.CreateSplitKey, Operation.JoinSplitKey]
        },
        { "*", s_everyOperation },
    };

    public static TheoryData<Operation> Operations => new(Enum.GetValues<Operation>());

    [Theory]
    [MemberData(nameof(Groups))]
    public void Action_group_allows_exactly_its_operations(string group, Operation[] members)
    {
        var set = OnlyStatements(Allow(actions: $"[\"{group}\"]"));
        foreach (var operation in s_everyOperation)
        {
            Assert.True(members.Contains(operation) == set.Evaluate(Request(Principal("alice"), operation, Key())).IsAllowed, $"{group} and {operation}");
        }
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Operation_name_allows_that_operation_only(Operation operation)
    {
        var set = OnlyStatements(Allow(actions: $"[\"{operation.ToString().ToLowerInvariant()}\"]"));
        foreach (var other in s_everyOperation)
        {
            Assert.Equal(other == operation, set.Evaluate(Request(Principal("alice"), other, Key())).IsAllowed);
        }
    }

    [Fact]
    public void Not_actions_cover_every_other_operation_including_unknown_ones()
    {
        var set = OnlyStatements("""{ "id": "s", "effect": "allow", "subjects": [{ "any": true }], "notActions": ["export:*", "Destroy"] }""");
        foreach (var operation in s_everyOperation)
        {
            var excluded = operation is Operation.Get or Operation.Export or Operation.Destroy;
            Assert.True(excluded != set.Evaluate(Request(Principal("alice"), operation, Key())).IsAllowed, operation.ToString());
        }
    }

    [Fact]
    public void Group_names_are_case_insensitive_and_canonicalised()
    {
        Assert.True(PolicyActions.TryResolve("USE:Encrypt", out var canonical, out var operations));
        Assert.Equal("use:encrypt", canonical);
        Assert.Equal(OperationSet.Of(Operation.Encrypt), operations);
        Assert.True(PolicyActions.TryResolve("macverify", out canonical, out _));
        Assert.Equal("MACVerify", canonical);
        Assert.False(PolicyActions.TryResolve("Encrypt, Decrypt", out _, out _));
        Assert.False(PolicyActions.TryResolve("export", out _, out var export) && export.Contains(Operation.Get));
    }

    [Fact]
    public void Operation_sets_reach_unknown_operations_only_through_every_or_a_complement()
    {
        Assert.True(OperationSet.All.Contains(VendorOperation));
        Assert.False(OperationSet.Of(Operation.Get).Contains(VendorOperation));
        Assert.True(OperationSet.Of(Operation.Get).Complement().Contains(VendorOperation));
        Assert.False(OperationSet.Of(Operation.Get).Complement().Contains(Operation.Get));
        Assert.True(OperationSet.Empty.IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => OperationSet.Of(VendorOperation));
        Assert.Equal("Get, Encrypt", OperationSet.Of(Operation.Encrypt, Operation.Get).ToString());
    }
}
