using Clavis.Kmip;
using Clavis.Policy.Actions;
using Clavis.Policy.Requests;
using static Clavis.Policy.Tests.Support.Policies;

namespace Clavis.Policy.Tests.Evaluation;

/// <summary>Which statement wins: deny over allow, operator over default, the default tier only when no operator statement matched, grants.</summary>
public class PrecedenceTests
{
    private static readonly Principal s_owner = Principal("owner");
    private static readonly Principal s_bob = Principal("bob", "payments");

    [Fact]
    public void Deny_wins_over_allow_in_the_same_document()
    {
        var set = Statements(Allow(id: "allow-all"), Deny(id: "no-destroy", actions: """["Destroy"]"""));
        var decision = set.Evaluate(Request(s_bob, Operation.Destroy, Key()));
        Assert.Equal((false, "ops@1#no-destroy"), (decision.IsAllowed, decision.Rule));
        Assert.Equal("ops@1#no-destroy denies Destroy", decision.Reason);
    }

    [Fact]
    public void Deny_in_one_document_wins_over_allow_in_another()
    {
        var set = PolicySet.Compile([
            new VersionedPolicyDocument(Document("a-allows", Allow(id: "all")), 2),
            new VersionedPolicyDocument(Document("z-denies", Deny(id: "no-get", actions: """["Get"]""")), 7)]);
        Assert.Equal("z-denies@7#no-get", set.Evaluate(Request(s_bob, Operation.Get, Key())).Rule);
        Assert.Equal("a-allows@2#all", set.Evaluate(Request(s_bob, Operation.Encrypt, Key())).Rule);
    }

    [Fact]
    public void Operator_allow_lets_in_a_principal_the_default_would_refuse()
    {
        Assert.False(Set().Evaluate(Request(s_bob, Operation.Encrypt, Key())).IsAllowed);
        var set = Statements(Allow(subjects: """[{ "group": "payments" }]""", actions: """["use:encrypt"]"""));
        var decision = set.Evaluate(Request(s_bob, Operation.Encrypt, Key()));
        Assert.Equal((true, "ops@1#s"), (decision.IsAllowed, decision.Rule));
    }

    [Fact]
    public void Operator_deny_overrides_the_owners_default_rights()
    {
        Assert.Equal("clavis-default@1#owner", Set().Evaluate(Request(s_owner, Operation.Get, Key())).Rule);
        var set = Statements(Deny(id: "no-export", actions: """["export:*"]"""));
        var decision = set.Evaluate(Request(s_owner, Operation.Get, Key()));
        Assert.Equal((false, "ops@1#no-export"), (decision.IsAllowed, decision.Rule));
        // Operations the deny does not cover still fall through to the owner default.
        Assert.Equal("clavis-default@1#owner", set.Evaluate(Request(s_owner, Operation.Encrypt, Key())).Rule);
    }

    [Fact]
    public void Default_tier_is_not_consulted_when_an_operator_allow_matched_but_its_conditions_failed()
    {
        // The owner could encrypt by default, but the operator wrote an allow for this request with a time window:
        // outside the window the owner default must not bypass it.
        var set = Statements(Allow(subjects: """[{ "owner": true }]""", actions: """["use:encrypt"]""", id: "owner-hours",
            conditions: """ "timeWindow": { "start": "08:00", "end": "18:00" }"""));
        Assert.True(set.Evaluate(Request(s_owner, Operation.Encrypt, Key(), now: Monday10Utc)).IsAllowed);
        var atNight = set.Evaluate(Request(s_owner, Operation.Encrypt, Key(), now: Monday10Utc.AddHours(10)));
        Assert.Equal((false, AccessDecision.DefaultDenyRule), (atNight.IsAllowed, atNight.Rule));
        Assert.StartsWith("allow statement ops@1#owner-hours did not apply: timeWindow:", atNight.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_tier_applies_when_operator_statements_are_about_other_requests()
    {
        var set = Statements(
            Allow(subjects: """[{ "identity": "carol" }]"""),
            Allow(id: "decrypt-only", subjects: """[{ "owner": true }]""", actions: """["Decrypt"]"""),
            Allow(id: "other-keys", resources: """[{ "id": "key-9" }]"""));
        Assert.Equal("clavis-default@1#owner", set.Evaluate(Request(s_owner, Operation.Encrypt, Key())).Rule);
    }

    [Fact]
    public void A_deny_whose_conditions_do_not_hold_is_as_if_it_did_not_match()
    {
        var set = Statements(Deny(id: "guest-wifi", actions: """["export:*"]""", conditions: """ "sourceNetwork": ["192.168.0.0/16"]"""));
        var office = new Principal { Name = "owner", SourceAddress = System.Net.IPAddress.Parse("10.1.1.1") };
        var guest = new Principal { Name = "owner", SourceAddress = System.Net.IPAddress.Parse("192.168.1.1") };
        Assert.Equal("clavis-default@1#owner", set.Evaluate(Request(office, Operation.Get, Key())).Rule);
        Assert.Equal("ops@1#guest-wifi", set.Evaluate(Request(guest, Operation.Get, Key())).Rule);
    }

    [Fact]
    public void First_applying_allow_in_precedence_order_is_cited()
    {
        var set = PolicySet.Compile([
            new VersionedPolicyDocument(Document("b", Allow(id: "b1")), 1),
            new VersionedPolicyDocument(Document("a", Allow(id: "a1", conditions: """ "dataSize": { "max": 1 }"""), Allow(id: "a2")), 1)]);
        Assert.Equal("a@1#a1", set.Evaluate(Request(s_bob, Operation.Get, Key())).Rule);
        Assert.Equal("a@1#a2", set.Evaluate(Request(s_bob, Operation.Encrypt, Key(), dataSize: 5)).Rule);
        Assert.Equal(["a", "b"], set.Documents.Select(d => d.Document.Name));
    }

    [Fact]
    public void Refusal_cites_the_allow_with_the_fewest_failed_conditions()
    {
        var set = Statements(
            Allow(id: "two-failures", conditions: """ "dataSize": { "max": 1 }, "protocolVersion": { "max": "1.0" }"""),
            Allow(id: "one-failure", conditions: """ "dataSize": { "max": 1 }"""),
            Allow(id: "also-one", conditions: """ "protocolVersion": { "max": "1.0" }"""));
        var decision = set.Evaluate(Request(s_bob, Operation.Encrypt, Key(), dataSize: 2));
        Assert.Equal("allow statement ops@1#one-failure did not apply: dataSize: 2 bytes, over the 1-byte limit", decision.Reason);
    }

    [Fact]
    public void Nothing_matched_is_a_default_deny_that_says_what_was_asked()
    {
        var set = OnlyStatements(Allow(subjects: """[{ "identity": "carol" }]"""));
        Assert.Equal("no statement or grant allows Encrypt by bob on object key-1", set.Evaluate(Request(s_bob, Operation.Encrypt, Key())).Reason);
        Assert.Equal("no statement or grant allows Create by bob (the request names no object)", set.Evaluate(Request(s_bob, Operation.Create)).Reason);
    }

    [Fact]
    public void Grants_allow_exactly_their_actions_to_their_grantee()
    {
        var granted = new ResourceAttributes
        {
            ObjectId = "key-1",
            Owner = "owner",
            Grants = [new ObjectGrant(GranteeKind.User, "bob", OperationSet.Of(Operation.Encrypt)), new ObjectGrant(GranteeKind.Group, "auditors", OperationSet.Of(Operation.GetAttributes))],
        };
        var set = Set();
        Assert.Equal(("grant:user:bob", true), Outcome(set.Evaluate(Request(s_bob, Operation.Encrypt, granted))));
        Assert.Equal("grant:user:bob allows Encrypt on object key-1 (ownership grant)", set.Evaluate(Request(s_bob, Operation.Encrypt, granted)).Reason);
        Assert.Equal((AccessDecision.DefaultDenyRule, false), Outcome(set.Evaluate(Request(s_bob, Operation.Decrypt, granted))));
        Assert.Equal(("grant:group:auditors", true), Outcome(set.Evaluate(Request(Principal("eve", "auditors"), Operation.GetAttributes, granted))));
        Assert.Equal((AccessDecision.DefaultDenyRule, false), Outcome(set.Evaluate(Request(Principal("eve"), Operation.GetAttributes, granted))));
    }

    [Fact]
    public void Grants_are_not_consulted_when_an_operator_statement_matched()
    {
        var granted = new ResourceAttributes
        {
            ObjectId = "key-1",
            Grants = [new ObjectGrant(GranteeKind.User, "bob", OperationSet.All)],
        };
        var set = Statements(Allow(subjects: """[{ "group": "payments" }]""", conditions: """ "dataSize": { "max": 1 }"""));
        Assert.Equal(AccessDecision.DefaultDenyRule, set.Evaluate(Request(s_bob, Operation.Encrypt, granted, dataSize: 2)).Rule);
        Assert.Equal("grant:user:bob", set.Evaluate(Request(Principal("bob"), Operation.Encrypt, granted, dataSize: 2)).Rule);
    }

    [Fact]
    public void Deny_in_the_default_document_wins_over_its_allows_and_grants()
    {
        var defaults = Document("site-defaults",
            Allow(id: "owner", subjects: """[{ "owner": true }]"""),
            Deny(id: "no-destroy", actions: """["Destroy"]"""));
        var set = PolicySet.Compile([], new VersionedPolicyDocument(defaults, 3));
        var granted = new ResourceAttributes { ObjectId = "k", Owner = "owner", Grants = [new ObjectGrant(GranteeKind.User, "bob", OperationSet.All)] };
        Assert.Equal("site-defaults@3#no-destroy", set.Evaluate(Request(s_owner, Operation.Destroy, granted)).Rule);
        Assert.Equal("site-defaults@3#no-destroy", set.Evaluate(Request(s_bob, Operation.Destroy, granted)).Rule);
        Assert.Equal("site-defaults@3#owner", set.Evaluate(Request(s_owner, Operation.Get, granted)).Rule);
        Assert.Equal("grant:user:bob", set.Evaluate(Request(s_bob, Operation.Get, granted)).Rule);
    }

    [Fact]
    public void A_grant_is_preferred_to_a_limited_default_allow()
    {
        var defaults = Document("site-defaults", Allow(id: "three", conditions: """ "usageCount": { "max": 3, "per": "object" }"""));
        var set = PolicySet.Compile([], new VersionedPolicyDocument(defaults, 1));
        var granted = new ResourceAttributes { ObjectId = "k", Grants = [new ObjectGrant(GranteeKind.User, "bob", OperationSet.All)] };
        var decision = set.Evaluate(Request(s_bob, Operation.Get, granted));
        Assert.Equal(("grant:user:bob", (UsageCounterIncrement?)null), (decision.Rule, decision.UsageCounter));
        Assert.NotNull(set.Evaluate(Request(s_bob, Operation.Get, new ResourceAttributes { ObjectId = "k" })).UsageCounter);
    }

    private static (string Rule, bool Allowed) Outcome(AccessDecision decision) => (decision.Rule, decision.IsAllowed);
}
