using Clavis.Kmip;
using static Clavis.Policy.Tests.Support.Policies;

namespace Clavis.Policy.Tests.Conditions;

/// <summary>timeWindow: edges (start inclusive, end exclusive), days, windows crossing midnight, time zones and daylight saving.</summary>
public class TimeWindowTests
{
    // 2026-03-02 is a Monday; 2026-03-06 a Friday; Paris is UTC+1 until 29 March 2026, UTC+2 after.
    public static TheoryData<string, string, string, bool> Cases => new()
    {
        { "just before start", """{ "start": "08:00", "end": "18:00" }""", "2026-03-02T07:59:59Z", false },
        { "at start", """{ "start": "08:00", "end": "18:00" }""", "2026-03-02T08:00:00Z", true },
        { "last minute", """{ "start": "08:00", "end": "18:00" }""", "2026-03-02T17:59:59Z", true },
        { "at end", """{ "start": "08:00", "end": "18:00" }""", "2026-03-02T18:00:00Z", false },
        { "weekday listed", """{ "start": "08:00", "end": "18:00", "days": ["Mon", "Tue", "Wed", "Thu", "Fri"] }""", "2026-03-06T10:00:00Z", true },
        { "weekend not listed", """{ "start": "08:00", "end": "18:00", "days": ["Mon", "Tue", "Wed", "Thu", "Fri"] }""", "2026-03-07T10:00:00Z", false },
        { "Sunday listed", """{ "start": "00:00", "end": "23:59", "days": ["Sun"] }""", "2026-03-08T12:00:00Z", true },
        { "across midnight, evening of a listed day", """{ "start": "22:00", "end": "06:00", "days": ["Fri"] }""", "2026-03-06T23:00:00Z", true },
        { "across midnight, morning after a listed day", """{ "start": "22:00", "end": "06:00", "days": ["Fri"] }""", "2026-03-07T03:00:00Z", true },
        { "across midnight, morning of the listed day", """{ "start": "22:00", "end": "06:00", "days": ["Fri"] }""", "2026-03-06T03:00:00Z", false },
        { "across midnight, evening after the listed day", """{ "start": "22:00", "end": "06:00", "days": ["Fri"] }""", "2026-03-07T23:00:00Z", false },
        { "across midnight, at end", """{ "start": "22:00", "end": "06:00" }""", "2026-03-07T06:00:00Z", false },
        { "across midnight, before start", """{ "start": "22:00", "end": "06:00" }""", "2026-03-07T21:59:00Z", false },
        { "across midnight, Saturday night into Sunday", """{ "start": "22:00", "end": "06:00", "days": ["Sat"] }""", "2026-03-08T01:00:00Z", true },
        { "across midnight, Sunday night into Monday", """{ "start": "22:00", "end": "06:00", "days": ["Sun"] }""", "2026-03-09T01:00:00Z", true },
        { "Paris winter, 08:30 there", """{ "start": "08:00", "end": "18:00", "timeZone": "Europe/Paris" }""", "2026-03-02T07:30:00Z", true },
        { "Paris winter, 18:30 there", """{ "start": "08:00", "end": "18:00", "timeZone": "Europe/Paris" }""", "2026-03-02T17:30:00Z", false },
        { "Paris summer, 18:30 there", """{ "start": "08:00", "end": "18:00", "timeZone": "Europe/Paris" }""", "2026-07-06T16:30:00Z", false },
        { "Paris summer, 17:30 there", """{ "start": "08:00", "end": "18:00", "timeZone": "Europe/Paris" }""", "2026-07-06T15:30:00Z", true },
        { "New York Monday evening is Tuesday in UTC", """{ "start": "22:00", "end": "23:30", "days": ["Mon"], "timeZone": "America/New_York" }""", "2026-03-03T04:00:00Z", true },
        { "New York Tuesday in UTC is not Tuesday there", """{ "start": "00:00", "end": "12:00", "days": ["Tue"], "timeZone": "America/New_York" }""", "2026-03-03T04:00:00Z", false },
        { "half-hour zone", """{ "start": "09:00", "end": "10:00", "timeZone": "Asia/Kolkata" }""", "2026-03-02T03:30:00Z", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Time_window_holds_inside_its_hours_and_days(string name, string window, string now, bool allowed)
    {
        Assert.NotEmpty(name);
        var set = OnlyStatements(Allow(conditions: $"\"timeWindow\": {window}"));
        var decision = set.Evaluate(Request(Principal("alice"), Operation.Encrypt, Key(), now: DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(allowed, decision.IsAllowed);
    }

    [Fact]
    public void Refusal_names_the_window_and_the_local_time()
    {
        var set = Set(3, Document("payments", Allow(id: "encrypt-hours", actions: """["use:encrypt"]""", conditions: """ "timeWindow": { "start": "08:00", "end": "18:00", "timeZone": "Europe/Paris" }""")));
        var decision = set.Evaluate(Request(Principal("alice"), Operation.Encrypt, Key(), now: new DateTimeOffset(2026, 3, 7, 18, 30, 0, TimeSpan.Zero)));
        Assert.Equal(AccessDecision.DefaultDenyRule, decision.Rule);
        Assert.Equal("allow statement payments@3#encrypt-hours did not apply: timeWindow: outside 08:00–18:00 Europe/Paris (it was Sat 19:30 there)", decision.Reason);
    }

    [Fact]
    public void Refusal_lists_the_days()
    {
        var set = OnlyStatements(Allow(conditions: """ "timeWindow": { "start": "22:00", "end": "06:00", "days": ["Fri", "Sat"] }"""));
        var decision = set.Evaluate(Request(Principal("alice"), Operation.Encrypt, Key(), now: Monday10Utc));
        Assert.Equal("allow statement ops@1#s did not apply: timeWindow: outside 22:00–06:00 Fri,Sat UTC (it was Mon 10:00 there)", decision.Reason);
    }
}
