using System.Globalization;
using Clavis.Policy.Actions;
using Clavis.Policy.Conditions;
using Clavis.Policy.Documents;
using Clavis.Policy.Requests;

namespace Clavis.Policy.Evaluation;

/// <summary>
/// A statement ready to evaluate: its place in precedence order, the identifier decisions cite, and the
/// statement's parts. Immutable; shared by every evaluation of the compiled set.
/// </summary>
internal sealed class CompiledStatement
{
    public CompiledStatement(PolicyStatement source, string documentName, int version, int ordinal)
    {
        Source = source;
        Ordinal = ordinal;
        Rule = string.Create(CultureInfo.InvariantCulture, $"{documentName}@{version}#{source.Id}");
        CounterStatement = $"{documentName}#{source.Id}";
        UsageCount = source.Conditions.OfType<UsageCountCondition>().SingleOrDefault();
    }

    public PolicyStatement Source { get; }

    /// <summary>Precedence among statements of one tier: documents by name (ordinal), then statements in document order.</summary>
    public int Ordinal { get; }

    public PolicyEffect Effect => Source.Effect;

    public OperationSet Operations => Source.Operations;

    /// <summary><c>document@version#statementId</c>, as decisions cite it.</summary>
    public string Rule { get; }

    /// <summary><c>document#statementId</c>, as usage counters name it (no version: a new version keeps the counts).</summary>
    public string CounterStatement { get; }

    /// <summary>The statement's usage limit, or null: an allow with one is "limited" and spent only when no unlimited allow applies.</summary>
    public UsageCountCondition? UsageCount { get; }

    /// <summary>Whether the statement is about this principal, operation and object (conditions aside).</summary>
    public bool Matches(AccessRequest request)
    {
        if (!Source.Operations.Contains(request.Operation))
        {
            return false;
        }

        var principal = request.Principal;
        var resource = request.Resource;
        var subjectMatches = false;
        foreach (var subject in Source.Subjects)
        {
            if (subject.Matches(principal, resource))
            {
                subjectMatches = true;
                break;
            }
        }

        if (!subjectMatches)
        {
            return false;
        }

        if (Source.Resources.IsEmpty)
        {
            return true;
        }

        foreach (var selector in Source.Resources)
        {
            if (selector.Matches(resource))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Evaluates the conditions in order and returns how many failed (0: the statement applies). Stops at the first
    /// failure unless <paramref name="countAll"/>, which a refusal's "nearest statement" needs.
    /// </summary>
    public int EvaluateConditions(
        AccessRequest request, IUsageCounts usageCounts, bool countAll,
        out PolicyCondition? firstFailed, out long firstObserved, out long usageCount)
    {
        firstFailed = null;
        firstObserved = 0;
        usageCount = 0;
        var input = new ConditionInput(request, usageCounts, CounterStatement);
        var failed = 0;
        foreach (var condition in Source.Conditions)
        {
            var holds = condition.Holds(input, out var observed);
            if (ReferenceEquals(condition, UsageCount))
            {
                usageCount = observed;
            }

            if (holds)
            {
                continue;
            }

            if (failed++ == 0)
            {
                firstFailed = condition;
                firstObserved = observed;
            }

            if (!countAll)
            {
                break;
            }
        }

        return failed;
    }
}
