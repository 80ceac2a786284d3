using System.Globalization;
using Clavis.Policy.Conditions;
using Clavis.Policy.Documents;
using Clavis.Policy.Evaluation;
using Clavis.Policy.Requests;

namespace Clavis.Policy;

/// <summary>
/// The answer to an <see cref="AccessRequest"/>: allow or deny, the rule that made it (<see cref="Rule"/>), why
/// (<see cref="Reason"/>, for the audit record and operators), and the usage counter to increment when an allow
/// spent a limited use (<see cref="UsageCounter"/>). Immutable; thread-safe.
/// </summary>
public sealed class AccessDecision
{
    /// <summary>The rule a refusal cites when no statement or grant allowed the request.</summary>
    public const string DefaultDenyRule = "default-deny";

    private readonly ReasonKind _kind;
    private readonly AccessRequest _request;
    private readonly CompiledStatement? _statement;
    private readonly ObjectGrant? _grant;
    private readonly PolicyCondition? _failedCondition;
    private readonly long _observed;
    private readonly int _failedCount;
    private string? _reason;

    private AccessDecision(
        ReasonKind kind, PolicyEffect effect, string rule, AccessRequest request, CompiledStatement? statement = null, ObjectGrant? grant = null,
        PolicyCondition? failedCondition = null, long observed = 0, int failedCount = 0, UsageCounterIncrement? usageCounter = null)
    {
        _kind = kind;
        Effect = effect;
        Rule = rule;
        _request = request;
        _statement = statement;
        _grant = grant;
        _failedCondition = failedCondition;
        _observed = observed;
        _failedCount = failedCount;
        UsageCounter = usageCounter;
    }

    private enum ReasonKind
    {
        AllowedByStatement,
        AllowedByGrant,
        DeniedByStatement,
        NoAllowApplied,
        NothingMatched,
    }

    /// <summary>Allow or deny.</summary>
    public PolicyEffect Effect { get; }

    /// <summary>Whether the request may proceed.</summary>
    public bool IsAllowed => Effect == PolicyEffect.Allow;

    /// <summary>
    /// The rule that made the decision, a stable identifier: <c>document@version#statementId</c> for a statement,
    /// <c>grant:user:NAME</c> or <c>grant:group:NAME</c> for an ownership grant, or <see cref="DefaultDenyRule"/>
    /// when nothing allowed the request.
    /// </summary>
    public string Rule { get; }

    /// <summary>
    /// Why, in a sentence, for the audit record and operators: which statement allowed or denied, or, for
    /// <see cref="DefaultDenyRule"/>, which allow statement came nearest and which of its conditions failed
    /// (for example <c>allow statement payments@3#encrypt-hours did not apply: timeWindow: outside 08:00–18:00 Europe/Paris (it was Sat 19:30 there)</c>).
    /// It may reveal policy contents: never send it to the client (use <see cref="ClientMessage"/>).
    /// Built on first read, so a decision nobody explains costs no formatting.
    /// </summary>
    public string Reason => _reason ??= FormatReason();

    /// <summary>
    /// The usage counter the caller must increment atomically with the operation, or null. Set only on an allow
    /// decided by a statement with a <c>usageCount</c> condition; one statement decides, and it has at most one
    /// such condition, so there is at most one counter.
    /// </summary>
    public UsageCounterIncrement? UsageCounter { get; }

    /// <summary>What the client may be told: the outcome and the rule identifier only, never the rule's contents or the reason.</summary>
    public string ClientMessage => IsAllowed ? $"allowed by policy rule {Rule}" : $"permission denied by policy rule {Rule}";

    /// <inheritdoc />
    public override string ToString() => $"{Effect} by {Rule}: {Reason}";

    internal static AccessDecision AllowedBy(AccessRequest request, CompiledStatement statement) =>
        new(ReasonKind.AllowedByStatement, PolicyEffect.Allow, statement.Rule, request, statement);

    internal static AccessDecision AllowedByLimited(AccessRequest request, CompiledStatement statement, long count)
    {
        var limit = statement.UsageCount!;
        var key = limit.CounterFor(request, statement.CounterStatement)!.Value;
        return new(
            ReasonKind.AllowedByStatement, PolicyEffect.Allow, statement.Rule, request, statement, observed: count,
            usageCounter: new UsageCounterIncrement(key, limit.Max));
    }

    internal static AccessDecision AllowedBy(AccessRequest request, ObjectGrant grant) =>
        new(ReasonKind.AllowedByGrant, PolicyEffect.Allow, grant.RuleId, request, grant: grant);

    internal static AccessDecision DeniedBy(AccessRequest request, CompiledStatement statement) =>
        new(ReasonKind.DeniedByStatement, PolicyEffect.Deny, statement.Rule, request, statement);

    internal static AccessDecision NoAllowApplied(AccessRequest request, CompiledStatement nearest, PolicyCondition failed, long observed, int failedCount) =>
        new(ReasonKind.NoAllowApplied, PolicyEffect.Deny, DefaultDenyRule, request, nearest, failedCondition: failed, observed: observed, failedCount: failedCount);

    internal static AccessDecision NothingMatched(AccessRequest request) =>
        new(ReasonKind.NothingMatched, PolicyEffect.Deny, DefaultDenyRule, request);

    private string FormatReason()
    {
        var operation = _request.Operation;
        switch (_kind)
        {
            case ReasonKind.AllowedByStatement when UsageCounter is { } counter:
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Rule} allows {operation} (use {_observed + 1} of {counter.Max} per {_statement!.UsageCount!.PerName})");
            case ReasonKind.AllowedByStatement:
                return $"{Rule} allows {operation}";
            case ReasonKind.AllowedByGrant:
                return $"{Rule} allows {operation} on object {_request.Resource?.ObjectId} (ownership grant)";
            case ReasonKind.DeniedByStatement:
                return $"{Rule} denies {operation}";
            case ReasonKind.NoAllowApplied:
                var input = new ConditionInput(_request, NoUsageCounts.Instance, _statement!.CounterStatement);
                var failure = _failedCondition!.DescribeFailure(input, _observed);
                var more = _failedCount switch
                {
                    1 => string.Empty,
                    2 => " (and 1 more condition failed)",
                    _ => string.Create(CultureInfo.InvariantCulture, $" (and {_failedCount - 1} more conditions failed)"),
                };
                return $"allow statement {_statement.Rule} did not apply: {failure}{more}";
            default:
                var target = _request.Resource is { } resource ? $"on object {resource.ObjectId}" : "(the request names no object)";
                return $"no statement or grant allows {operation} by {_request.Principal.Name} {target}";
        }
    }

    // DescribeFailure works from the observed value recorded during evaluation and never reads counts again.
    private sealed class NoUsageCounts : IUsageCounts
    {
        public static readonly NoUsageCounts Instance = new();

        public long GetCount(in UsageCounterKey key) => throw new InvalidOperationException("a failure description must not read usage counts");
    }
}
