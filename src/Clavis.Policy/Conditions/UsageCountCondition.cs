using System.Globalization;
using Clavis.Policy.Requests;

namespace Clavis.Policy.Conditions;

/// <summary>
/// <c>usageCount</c>: fewer than <see cref="Max"/> uses have been counted for the statement, per object, per
/// principal, or per both. The engine reads the count from the caller's <see cref="IUsageCounts"/> and, when the
/// statement decides an allow, hands back the counter to increment (<see cref="AccessDecision.UsageCounter"/>).
/// A scope that includes the object does not hold for a request that names no object.
/// </summary>
public sealed class UsageCountCondition : PolicyCondition
{
    private const long NoObject = -1;

    internal UsageCountCondition(long max, UsageCountScope per)
    {
        Max = max;
        Per = per;
    }

    /// <summary>The number of uses allowed, at least 1.</summary>
    public long Max { get; }

    /// <summary>What is counted.</summary>
    public UsageCountScope Per { get; }

    /// <inheritdoc />
    public override string Name => "usageCount";

    internal override ConditionOrder Order => ConditionOrder.UsageCount;

    /// <summary>The JSON spelling of <see cref="Per"/>.</summary>
    internal string PerName => ScopeName(Per);

    internal static string ScopeName(UsageCountScope scope) => scope switch
    {
        UsageCountScope.Object => "object",
        UsageCountScope.Principal => "principal",
        _ => "objectAndPrincipal",
    };

    /// <summary>The counter this request counts against, or null when the scope needs an object and the request names none.</summary>
    internal UsageCounterKey? CounterFor(AccessRequest request, string counterStatement)
    {
        var objectId = request.Resource?.ObjectId;
        return Per switch
        {
            UsageCountScope.Principal => new UsageCounterKey(counterStatement, Per, null, request.Principal.Name),
            _ when objectId is null => null,
            UsageCountScope.Object => new UsageCounterKey(counterStatement, Per, objectId, null),
            _ => new UsageCounterKey(counterStatement, Per, objectId, request.Principal.Name),
        };
    }

    internal override bool Holds(in ConditionInput input, out long observed)
    {
        if (CounterFor(input.Request, input.CounterStatement) is not { } key)
        {
            observed = NoObject;
            return false;
        }

        observed = input.UsageCounts.GetCount(key);
        return observed < Max;
    }

    internal override string DescribeFailure(in ConditionInput input, long observed) =>
        observed == NoObject
            ? $"usageCount: counted per {PerName}, but the request names no object"
            : string.Create(CultureInfo.InvariantCulture, $"usageCount: {observed} of {Max} uses spent (per {PerName})");
}
