using Clavis.Kmip;
using Clavis.Policy.Conditions;
using Clavis.Policy.Requests;
using Clavis.Policy.Tests.Support;
using static Clavis.Policy.Tests.Support.Policies;

namespace Clavis.Policy.Tests.Conditions;

/// <summary>usageCount: the count at max−1 and max, each scope's counter key, and the counter an allow hands back.</summary>
public class UsageCountTests
{
    private static PolicySet ThreeUses(string per) =>
        Set(4, Document("payments", Allow(id: "three-uses", actions: """["use:encrypt"]""", conditions: $$""" "usageCount": { "max": 3, "per": "{{per}}" }""")));

    public static TheoryData<string, UsageCountScope, string?, string?> Scopes => new()
    {
        { "object", UsageCountScope.Object, "key-1", null },
        { "principal", UsageCountScope.Principal, null, "alice" },
        { "objectAndPrincipal", UsageCountScope.ObjectAndPrincipal, "key-1", "alice" },
    };

    [Theory]
    [MemberData(nameof(Scopes))]
    public void Below_the_limit_allows_and_returns_the_counter_to_increment(string per, UsageCountScope scope, string? objectId, string? principal)
    {
        var counts = new UsageCountTable();
        var key = new UsageCounterKey("payments#three-uses", scope, objectId, principal);
        counts.Set(key, 2);
        var decision = ThreeUses(per).Evaluate(Request(Principal("alice"), Operation.Encrypt, Key()), counts);
        Assert.True(decision.IsAllowed);
        Assert.Equal("payments@4#three-uses", decision.Rule);
        Assert.Equal(new UsageCounterIncrement(key, 3), decision.UsageCounter);
        Assert.Equal($"payments@4#three-uses allows Encrypt (use 3 of 3 per {per})", decision.Reason);
        Assert.Equal([key], counts.Reads);
    }

    [Theory]
    [MemberData(nameof(Scopes))]
    public void At_the_limit_denies(string per, UsageCountScope scope, string? objectId, string? principal)
    {
        var counts = new UsageCountTable();
        counts.Set(new UsageCounterKey("payments#three-uses", scope, objectId, principal), 3);
        var decision = ThreeUses(per).Evaluate(Request(Principal("alice"), Operation.Encrypt, Key()), counts);
        Assert.False(decision.IsAllowed);
        Assert.Null(decision.UsageCounter);
        Assert.Equal($"allow statement payments@4#three-uses did not apply: usageCount: 3 of 3 uses spent (per {per})", decision.Reason);
    }

    [Fact]
    public void Three_uses_then_refused_when_the_caller_increments_each_counter()
    {
        var set = ThreeUses("objectAndPrincipal");
        var counts = new UsageCountTable();
        var decisions = Enumerable.Range(0, 4).Select(_ =>
        {
            var decision = set.Evaluate(Request(Principal("alice"), Operation.Encrypt, Key()), counts);
            counts.Apply(decision);
            return decision.IsAllowed;
        });
        Assert.Equal([true, true, true, false], decisions);
        // Another principal has its own three uses of the same object.
        Assert.True(set.Evaluate(Request(Principal("bob"), Operation.Encrypt, Key()), counts).IsAllowed);
    }

    [Fact]
    public void Counting_per_principal_works_without_an_object()
    {
        var set = OnlyStatements(Allow(actions: """["Create"]""", conditions: """ "usageCount": { "max": 1, "per": "principal" }"""));
        var decision = set.Evaluate(Request(Principal("alice"), Operation.Create), new UsageCountTable());
        Assert.Equal(new UsageCounterKey("ops#s", UsageCountScope.Principal, null, "alice"), decision.UsageCounter?.Key);
    }

    [Fact]
    public void Counting_per_object_without_an_object_does_not_hold()
    {
        var set = OnlyStatements(Allow(actions: """["Create"]""", conditions: """ "usageCount": { "max": 1, "per": "object" }"""));
        var decision = set.Evaluate(Request(Principal("alice"), Operation.Create), new UsageCountTable());
        Assert.False(decision.IsAllowed);
        Assert.Equal("allow statement ops@1#s did not apply: usageCount: counted per object, but the request names no object", decision.Reason);
    }

    [Fact]
    public void A_new_document_version_keeps_counting_the_same_counter()
    {
        var counts = new UsageCountTable();
        counts.Set(new UsageCounterKey("payments#three-uses", UsageCountScope.Object, "key-1", null), 3);
        Assert.False(ThreeUses("object").Evaluate(Request(Principal("alice"), Operation.Encrypt, Key()), counts).IsAllowed);
        var version5 = Set(5, Document("payments", Allow(id: "three-uses", actions: """["use:encrypt"]""", conditions: """ "usageCount": { "max": 3, "per": "object" }""")));
        Assert.False(version5.Evaluate(Request(Principal("alice"), Operation.Encrypt, Key()), counts).IsAllowed);
    }

    [Fact]
    public void An_unlimited_allow_is_preferred_so_the_limited_uses_are_not_spent()
    {
        var set = OnlyStatements(
            Allow(id: "limited", conditions: """ "usageCount": { "max": 3, "per": "object" }"""),
            Allow(id: "office-hours", conditions: """ "timeWindow": { "start": "08:00", "end": "18:00" }"""));
        var inHours = set.Evaluate(Request(Principal("alice"), Operation.Encrypt, Key(), now: Monday10Utc), new UsageCountTable());
        Assert.Equal(("ops@1#office-hours", (UsageCounterIncrement?)null), (inHours.Rule, inHours.UsageCounter));
        var atNight = set.Evaluate(Request(Principal("alice"), Operation.Encrypt, Key(), now: Monday10Utc.AddHours(12)), new UsageCountTable());
        Assert.Equal("ops@1#limited", atNight.Rule);
        Assert.NotNull(atNight.UsageCounter);
    }

    [Fact]
    public void Counts_are_not_read_when_an_earlier_condition_already_failed()
    {
        var set = OnlyStatements(Allow(conditions: """ "dataSize": { "max": 10 }, "usageCount": { "max": 3, "per": "object" }"""));
        var counts = new UsageCountTable();
        // No allow applies, so the refusal counts every failed condition: the count is read once for the reason.
        set.Evaluate(Request(Principal("alice"), Operation.Encrypt, Key(), dataSize: 11), counts);
        var reads = counts.Reads.Count;
        // With an unlimited allow applying, the limited statement is skipped before its conditions run.
        var withUnlimited = OnlyStatements(Allow(id: "any"), Allow(conditions: """ "usageCount": { "max": 3, "per": "object" }"""));
        var otherCounts = new UsageCountTable();
        withUnlimited.Evaluate(Request(Principal("alice"), Operation.Encrypt, Key()), otherCounts);
        Assert.Equal(1, reads);
        Assert.Empty(otherCounts.Reads);
    }
}
