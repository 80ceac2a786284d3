using Clavis.Policy.Conditions;
using Clavis.Policy.Documents;
using Clavis.Policy.Evaluation;
using Clavis.Policy.Requests;

namespace Clavis.Policy.Tests.Support;

/// <summary>
/// The precedence rules written as plainly as possible: scan every statement of a tier in precedence order, no
/// index, no pruning. The randomized test holds the indexed <see cref="PolicySet.Evaluate"/> to this.
/// </summary>
internal static class NaivePolicyEvaluator
{
    public static AccessDecision Evaluate(PolicySet set, AccessRequest request, IUsageCounts counts)
    {
        var operatorTier = Scan(set.OperatorStatements, request, counts);
        if (operatorTier.Deny is not null || operatorTier.AnyAllowMatched)
        {
            return Decide(request, operatorTier, grant: null);
        }

        var defaultTier = Scan(set.DefaultStatements, request, counts);
        var grant = request.Resource?.Grants.FirstOrDefault(g => g.Actions.Contains(request.Operation)
            && (g.Kind == GranteeKind.User ? g.Grantee == request.Principal.Name : request.Principal.Groups.Contains(g.Grantee)));
        return Decide(request, defaultTier, grant);
    }

    private static AccessDecision Decide(AccessRequest request, Tier tier, ObjectGrant? grant)
    {
        if (tier.Deny is not null)
        {
            return AccessDecision.DeniedBy(request, tier.Deny);
        }

        if (tier.Unlimited is not null)
        {
            return AccessDecision.AllowedBy(request, tier.Unlimited);
        }

        if (grant is not null)
        {
            return AccessDecision.AllowedBy(request, grant);
        }

        if (tier.Limited is not null)
        {
            return AccessDecision.AllowedByLimited(request, tier.Limited, tier.LimitedCount);
        }

        if (tier.Nearest is { } nearest)
        {
            return AccessDecision.NoAllowApplied(request, nearest.Statement, nearest.Condition, nearest.Observed, nearest.Failed);
        }

        return AccessDecision.NothingMatched(request);
    }

    private static Tier Scan(IEnumerable<CompiledStatement> statements, AccessRequest request, IUsageCounts counts)
    {
        var tier = new Tier();
        foreach (var statement in statements.OrderBy(s => s.Ordinal))
        {
            if (!statement.Matches(request))
            {
                continue;
            }

            var failed = statement.EvaluateConditions(request, counts, countAll: true, out var condition, out var observed, out var usageCount);
            if (statement.Effect == PolicyEffect.Deny)
            {
                if (failed == 0)
                {
                    tier.Deny ??= statement;
                }

                continue;
            }

            tier.AnyAllowMatched = true;
            if (failed == 0 && statement.UsageCount is null)
            {
                tier.Unlimited ??= statement;
            }
            else if (failed == 0 && tier.Limited is null)
            {
                tier.Limited = statement;
                tier.LimitedCount = usageCount;
            }
            else if (failed > 0 && (tier.Nearest is null || failed < tier.Nearest.Value.Failed))
            {
                tier.Nearest = (statement, condition!, observed, failed);
            }
        }

        return tier;
    }

    private sealed class Tier
    {
        public CompiledStatement? Deny { get; set; }

        public CompiledStatement? Unlimited { get; set; }

        public CompiledStatement? Limited { get; set; }

        public long LimitedCount { get; set; }

        public bool AnyAllowMatched { get; set; }

        public (CompiledStatement Statement, PolicyCondition Condition, long Observed, int Failed)? Nearest { get; set; }
    }
}
