using Clavis.Policy.Requests;

namespace Clavis.Policy.Conditions;

/// <summary>
/// One entry of a statement's <c>conditions</c>. All of a statement's conditions must hold for it to apply. The
/// set of kinds is closed (the types in this namespace), because a condition the engine does not understand
/// must be a parse error, never a condition that silently holds.
/// </summary>
public abstract class PolicyCondition
{
    private protected PolicyCondition()
    {
    }

    /// <summary>The condition's property name in a document (<c>timeWindow</c>, <c>usageCount</c>, …).</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Where the condition is evaluated among a statement's conditions: cheap checks of the request first, the
    /// clock next, the caller's usage counts last (so a request another condition refuses usually costs no counter
    /// lookup). A statement keeps its conditions in this order, and a refusal cites the first that failed.
    /// </summary>
    internal abstract ConditionOrder Order { get; }

    /// <summary>Whether the condition holds; <paramref name="observed"/> carries what the failure message needs (a count, a case).</summary>
    internal abstract bool Holds(in ConditionInput input, out long observed);

    /// <summary>Why the condition did not hold, for operators and the audit record (never sent to the client).</summary>
    internal abstract string DescribeFailure(in ConditionInput input, long observed);
}

/// <summary>What a condition is evaluated against.</summary>
/// <param name="Request">The request.</param>
/// <param name="UsageCounts">The caller's usage counters.</param>
/// <param name="CounterStatement">The statement's counter name, <c>document#statementId</c>.</param>
internal readonly record struct ConditionInput(AccessRequest Request, IUsageCounts UsageCounts, string CounterStatement);

/// <summary>The evaluation order of condition kinds (see <see cref="PolicyCondition.Order"/>).</summary>
internal enum ConditionOrder
{
    ProtocolVersion,
    CredentialTypes,
    SoftwareLevel,
    HardwareLevel,
    SourceNetwork,
    DataSize,
    ObjectAge,
    TimeWindow,
    UsageCount,
}
