using Clavis.Kmip;
using Clavis.Policy.Requests;
using static Clavis.Policy.Tests.Support.Policies;

namespace Clavis.Policy.Tests.Evaluation;

/// <summary>Each subject selector, alone and combined: who an allow statement lets in (the default tier allows nothing here).</summary>
public class SubjectMatchingTests
{
    private static readonly Principal s_alice = new()
    {
        Name = "alice",
        Groups = ["ops", "sensors"],
        DeviceType = "thermometer",
        DeviceClass = "iot",
        Application = "billing",
    };

    private static readonly Principal s_bob = new() { Name = "bob", Groups = ["auditors"] };

    public static TheoryData<string, string, Principal, string?, bool> Cases => new()
    {
        { "identity matches", """[{ "identity": "alice" }]""", s_alice, "owner", true },
        { "identity of someone else", """[{ "identity": "alice" }]""", s_bob, "owner", false },
        { "identity compares exactly", """[{ "identity": "Alice" }]""", s_alice, "owner", false },
        { "group the principal is in", """[{ "group": "sensors" }]""", s_alice, "owner", true },
        { "group the principal is not in", """[{ "group": "sensors" }]""", s_bob, "owner", false },
        { "device type matches", """[{ "deviceType": "thermometer" }]""", s_alice, "owner", true },
        { "device type of a principal without one", """[{ "deviceType": "thermometer" }]""", s_bob, "owner", false },
        { "device type differs", """[{ "deviceType": "camera" }]""", s_alice, "owner", false },
        { "device class matches", """[{ "deviceClass": "iot" }]""", s_alice, "owner", true },
        { "device class of a principal without one", """[{ "deviceClass": "iot" }]""", s_bob, "owner", false },
        { "application matches", """[{ "application": "billing" }]""", s_alice, "owner", true },
        { "application differs", """[{ "application": "hr" }]""", s_alice, "owner", false },
        { "any principal", """[{ "any": true }]""", s_bob, "owner", true },
        { "owner of the object", """[{ "owner": true }]""", s_alice, "alice", true },
        { "owner selector, someone else's object", """[{ "owner": true }]""", s_alice, "bob", false },
        { "owner selector, object without owner", """[{ "owner": true }]""", s_alice, null, false },
        { "entry selectors all hold", """[{ "group": "sensors", "deviceType": "thermometer" }]""", s_alice, "owner", true },
        { "entry selectors, one fails", """[{ "group": "sensors", "deviceType": "camera" }]""", s_alice, "owner", false },
        { "owner and group in one entry, owner", """[{ "owner": true, "group": "ops" }]""", s_alice, "alice", true },
        { "owner and group in one entry, not owner", """[{ "owner": true, "group": "ops" }]""", s_alice, "bob", false },
        { "second entry matches", """[{ "identity": "carol" }, { "group": "auditors" }]""", s_bob, "owner", true },
        { "no entry matches", """[{ "identity": "carol" }, { "group": "ops" }]""", s_bob, "owner", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Subject_selector_decides_who_the_statement_is_about(string name, string subjects, Principal principal, string? owner, bool allowed)
    {
        Assert.NotEmpty(name);
        var set = OnlyStatements(Allow(subjects: subjects));
        var decision = set.Evaluate(Request(principal, Operation.Get, Key(owner: owner)));
        Assert.Equal(allowed, decision.IsAllowed);
        Assert.Equal(allowed ? "ops@1#s" : AccessDecision.DefaultDenyRule, decision.Rule);
    }

    [Fact]
    public void Owner_selector_never_matches_a_request_without_an_object()
    {
        var set = OnlyStatements(Allow(subjects: """[{ "owner": true }]"""));
        Assert.False(set.Evaluate(Request(s_alice, Operation.Create)).IsAllowed);
    }
}
