using Clavis.Kmip;
using Clavis.Policy.Documents;
using Clavis.Policy.Requests;
using static Clavis.Policy.Tests.Support.Policies;

namespace Clavis.Policy.Tests.Evaluation;

/// <summary>What a decision says to the audit record and what it lets the server tell the client.</summary>
public class AccessDecisionTests
{
    private static readonly PolicySet s_set = Set(3, Document("payments",
        Allow(id: "encrypt-hours", actions: """["use:encrypt"]""", subjects: """[{ "group": "sensors" }]""",
            resources: """[{ "objectGroup": "secret-project-x" }]""", conditions: """ "timeWindow": { "start": "08:00", "end": "18:00", "timeZone": "Europe/Paris" }"""),
        Deny(id: "no-export", actions: """["export:*"]""", subjects: """[{ "group": "sensors" }]""")));

    private static readonly ResourceAttributes s_projectKey = new() { ObjectId = "key-1", Owner = "owner", ObjectGroups = ["secret-project-x"] };

    [Fact]
    public void Allow_cites_the_statement_as_document_version_and_id()
    {
        var decision = s_set.Evaluate(Request(Principal("s1", "sensors"), Operation.Encrypt, s_projectKey));
        Assert.Equal((PolicyEffect.Allow, true, "payments@3#encrypt-hours"), (decision.Effect, decision.IsAllowed, decision.Rule));
        Assert.Equal("payments@3#encrypt-hours allows Encrypt", decision.Reason);
        Assert.Null(decision.UsageCounter);
        Assert.Equal("allowed by policy rule payments@3#encrypt-hours", decision.ClientMessage);
    }

    [Fact]
    public void Client_message_carries_the_rule_identifier_and_nothing_of_its_contents()
    {
        var outOfHours = s_set.Evaluate(Request(Principal("s1", "sensors"), Operation.Encrypt, s_projectKey, now: Monday10Utc.AddHours(10)));
        Assert.Equal("permission denied by policy rule default-deny", outOfHours.ClientMessage);
        Assert.Contains("Europe/Paris", outOfHours.Reason, StringComparison.Ordinal);
        var exported = s_set.Evaluate(Request(Principal("s1", "sensors"), Operation.Get, s_projectKey));
        Assert.Equal("permission denied by policy rule payments@3#no-export", exported.ClientMessage);
        foreach (var message in new[] { outOfHours.ClientMessage, exported.ClientMessage })
        {
            Assert.DoesNotContain("sensors", message, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-project-x", message, StringComparison.Ordinal);
            Assert.DoesNotContain("08:00", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ToString_gives_effect_rule_and_reason()
    {
        var decision = s_set.Evaluate(Request(Principal("s1", "sensors"), Operation.Export, s_projectKey));
        Assert.Equal("Deny by payments@3#no-export: payments@3#no-export denies Export", decision.ToString());
    }
}
