using Clavis.Kmip;
using Clavis.Policy.Requests;
using static Clavis.Policy.Tests.Support.Policies;

namespace Clavis.Policy.Tests.Conditions;

/// <summary>objectAge: both bounds inclusive, calendar months, and objects without a creation time.</summary>
public class ObjectAgeTests
{
    private static readonly DateTimeOffset s_created = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string, TimeSpan, bool> Cases => new()
    {
        { "exactly the minimum", """{ "min": "P1D" }""", TimeSpan.FromDays(1), true },
        { "a second short of the minimum", """{ "min": "P1D" }""", TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1), false },
        { "exactly the maximum", """{ "max": "P90D" }""", TimeSpan.FromDays(90), true },
        { "a second past the maximum", """{ "max": "P90D" }""", TimeSpan.FromDays(90) + TimeSpan.FromSeconds(1), false },
        { "between both", """{ "min": "PT12H", "max": "P2W" }""", TimeSpan.FromDays(3), true },
        { "weeks are seven days", """{ "max": "P2W" }""", TimeSpan.FromDays(14) + TimeSpan.FromSeconds(1), false },
        // One calendar month after 31 January 2026 is 28 February: 28 days, not 30.
        { "a calendar month from 31 January", """{ "min": "P1M" }""", TimeSpan.FromDays(28), true },
        { "a calendar month less a minute", """{ "min": "P1M" }""", TimeSpan.FromDays(28) - TimeSpan.FromMinutes(1), false },
        { "a year", """{ "max": "P1Y" }""", TimeSpan.FromDays(365), true },
        { "a year and a day", """{ "max": "P1Y" }""", TimeSpan.FromDays(366), false },
        { "hours minutes seconds", """{ "min": "PT1H30M10S" }""", new TimeSpan(1, 30, 10), true },
        { "hours minutes seconds less one", """{ "min": "PT1H30M10S" }""", new TimeSpan(1, 30, 9), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Object_age_holds_between_its_bounds(string name, string age, TimeSpan elapsed, bool allowed)
    {
        Assert.NotEmpty(name);
        var set = OnlyStatements(Allow(conditions: $"\"objectAge\": {age}"));
        var key = new ResourceAttributes { ObjectId = "k", CreatedAt = s_created };
        Assert.Equal(allowed, set.Evaluate(Request(Principal("alice"), Operation.Get, key, now: s_created + elapsed)).IsAllowed);
    }

    [Fact]
    public void Refusals_say_why_the_age_did_not_fit()
    {
        var set = OnlyStatements(Allow(conditions: """ "objectAge": { "min": "P1D", "max": "P90D" }"""));
        var key = new ResourceAttributes { ObjectId = "k", CreatedAt = s_created };
        Assert.Equal(
            "allow statement ops@1#s did not apply: objectAge: the object was created at 2026-01-31T12:00:00Z, less than P1D before the request",
            set.Evaluate(Request(Principal("alice"), Operation.Get, key, now: s_created.AddHours(1))).Reason);
        Assert.Equal(
            "allow statement ops@1#s did not apply: objectAge: the object was created at 2026-01-31T12:00:00Z, more than P90D before the request",
            set.Evaluate(Request(Principal("alice"), Operation.Get, key, now: s_created.AddDays(91))).Reason);
        Assert.Equal(
            "allow statement ops@1#s did not apply: objectAge: the object's creation time is unknown",
            set.Evaluate(Request(Principal("alice"), Operation.Get, new ResourceAttributes { ObjectId = "k" })).Reason);
        Assert.Equal(
            "allow statement ops@1#s did not apply: objectAge: the request names no object",
            set.Evaluate(Request(Principal("alice"), Operation.Create)).Reason);
    }
}
