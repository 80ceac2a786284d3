using Clavis.Policy.Conditions;
using Clavis.Policy.Documents;
using Clavis.Policy.Requests;

namespace Clavis.Policy.Evaluation;

/// <summary>
/// What one tier's statements said about a request, accumulated while the index hands over candidates in no
/// particular order. Each field keeps the lowest-ordinal statement of its kind, so the outcome is the same
/// whichever order candidates arrive in, and the same as a scan of every statement in precedence order. A
/// candidate that cannot change the outcome is skipped before its conditions are evaluated.
/// </summary>
internal struct TierOutcome
{
    private readonly AccessRequest _request;
    private readonly IUsageCounts _usageCounts;

    public TierOutcome(AccessRequest request, IUsageCounts usageCounts)
    {
        _request = request;
        _usageCounts = usageCounts;
    }

    /// <summary>The first deny that matched and whose conditions held: it decides.</summary>
    public CompiledStatement? Deny { get; private set; }

    /// <summary>The first allow without a usage limit that matched and whose conditions held.</summary>
    public CompiledStatement? UnlimitedAllow { get; private set; }

    /// <summary>The first allow with a usage limit that matched and whose conditions held, used only when no unlimited allow applies.</summary>
    public CompiledStatement? LimitedAllow { get; private set; }

    /// <summary>The count <see cref="LimitedAllow"/>'s counter had.</summary>
    public long LimitedAllowCount { get; private set; }

    /// <summary>Whether any allow matched principal, operation and object, whatever its conditions: the tier then had its say.</summary>
    public bool AllowMatched { get; private set; }

    /// <summary>The matched allow nearest to applying (fewest failed conditions, then lowest ordinal), for the refusal's reason.</summary>
    public CompiledStatement? NearestFailedAllow { get; private set; }

    public int NearestFailedCount { get; private set; }

    public PolicyCondition? NearestFailedCondition { get; private set; }

    public long NearestFailedObserved { get; private set; }

    public readonly bool AllowHeld => UnlimitedAllow is not null || LimitedAllow is not null;

    public void Consider(CompiledStatement statement)
    {
        if (statement.Effect == PolicyEffect.Deny)
        {
            ConsiderDeny(statement);
        }
        else
        {
            ConsiderAllow(statement);
        }
    }

    private void ConsiderDeny(CompiledStatement statement)
    {
        if ((Deny is not null && statement.Ordinal >= Deny.Ordinal) || !statement.Matches(_request))
        {
            return;
        }

        // A deny applies only when its conditions hold; a deny whose conditions fail is as if it did not match.
        if (statement.EvaluateConditions(_request, _usageCounts, countAll: false, out _, out _, out _) == 0)
        {
            Deny = statement;
        }
    }

    private void ConsiderAllow(CompiledStatement statement)
    {
        // Once a deny holds, or an earlier unlimited allow, no further allow can change the outcome.
        if (Deny is not null || (UnlimitedAllow is not null && statement.Ordinal >= UnlimitedAllow.Ordinal))
        {
            return;
        }

        var limited = statement.UsageCount is not null;
        if (limited && (UnlimitedAllow is not null || (LimitedAllow is not null && statement.Ordinal >= LimitedAllow.Ordinal)))
        {
            return;
        }

        if (!statement.Matches(_request))
        {
            return;
        }

        AllowMatched = true;
        // Failures only matter while nothing has been allowed; then every failed condition is counted to find the nearest.
        var countAll = !AllowHeld;
        var failed = statement.EvaluateConditions(_request, _usageCounts, countAll, out var condition, out var observed, out var usageCount);
        if (failed == 0)
        {
            if (limited)
            {
                LimitedAllow = statement;
                LimitedAllowCount = usageCount;
            }
            else
            {
                UnlimitedAllow = statement;
            }
        }
        else if (countAll && (NearestFailedAllow is null || failed < NearestFailedCount
            || (failed == NearestFailedCount && statement.Ordinal < NearestFailedAllow.Ordinal)))
        {
            NearestFailedAllow = statement;
            NearestFailedCount = failed;
            NearestFailedCondition = condition;
            NearestFailedObserved = observed;
        }
    }
}
