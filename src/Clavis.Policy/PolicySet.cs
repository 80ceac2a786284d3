using System.Collections.Immutable;
using Clavis.Policy.Defaults;
using Clavis.Policy.Documents;
using Clavis.Policy.Evaluation;
using Clavis.Policy.Requests;

namespace Clavis.Policy;

/// <summary>
/// A compiled, immutable set of policy documents that answers <see cref="AccessRequest"/>s. One instance is
/// shared by every request (it holds no mutable state, so evaluations need no lock); when documents change the
/// caller compiles a new set and swaps the reference atomically.
/// </summary>
/// <remarks>
/// <para>Precedence. A statement <em>matches</em> a request when one of its subjects, its actions and one of its
/// resources match; it <em>applies</em> when it matches and all its conditions hold.</para>
/// <list type="number">
/// <item><description>Operator tier: if any deny statement of an operator document applies, the request is denied
/// by it (explicit deny wins). A deny whose conditions do not hold is treated as if it did not match.</description></item>
/// <item><description>Otherwise, if any allow statement of an operator document applies, the request is allowed by it.</description></item>
/// <item><description>Otherwise, if an operator allow matched but none applied (conditions failed), the request is
/// denied as <see cref="AccessDecision.DefaultDenyRule"/>, with the nearest failed allow in the reason. The default
/// tier is not consulted: an operator who wrote about this principal, operation and object has taken the
/// decision over, so the owner default cannot bypass the operator's conditions.</description></item>
/// <item><description>Default tier, only when no operator allow matched and no operator deny applied: the
/// default document (<see cref="DefaultPolicy"/> unless replaced) and the object's grants, deny again winning
/// over allow.</description></item>
/// <item><description>Nothing allowed: denied as <see cref="AccessDecision.DefaultDenyRule"/>.</description></item>
/// </list>
/// <para>This is "specific over default": an operator statement names particular subjects, actions and objects,
/// while the default tier is generic (owner, administrators, anyone); so when an operator statement speaks to a
/// request it overrides the generic answer in both directions, e.g. an operator deny overrides the owner's
/// default rights, and an operator allow lets a non-owner in.</para>
/// <para>Among several applying statements of the same effect the first in precedence order is cited (documents
/// by name in ordinal order, statements in document order), except that an allow without a <c>usageCount</c>
/// condition is preferred to one with it, and a grant to a limited default allow, so that a limited allowance is
/// spent only when nothing unlimited allows the request. The decision then carries that statement's counter.</para>
/// </remarks>
public sealed class PolicySet
{
    private readonly StatementIndex _operatorIndex;
    private readonly StatementIndex _defaultIndex;

    private PolicySet(
        ImmutableArray<VersionedPolicyDocument> documents, VersionedPolicyDocument defaults,
        ImmutableArray<CompiledStatement> operatorStatements, ImmutableArray<CompiledStatement> defaultStatements)
    {
        Documents = documents;
        Defaults = defaults;
        OperatorStatements = operatorStatements;
        DefaultStatements = defaultStatements;
        _operatorIndex = StatementIndex.Build(operatorStatements);
        _defaultIndex = StatementIndex.Build(defaultStatements);
    }

    /// <summary>The operator documents, ordered by name (their precedence order).</summary>
    public ImmutableArray<VersionedPolicyDocument> Documents { get; }

    /// <summary>The default document of the default tier.</summary>
    public VersionedPolicyDocument Defaults { get; }

    /// <summary>The number of statements in the operator documents.</summary>
    public int StatementCount => OperatorStatements.Length;

    internal ImmutableArray<CompiledStatement> OperatorStatements { get; }

    internal ImmutableArray<CompiledStatement> DefaultStatements { get; }

    /// <summary>Compiles operator documents and a default document into an evaluator that indexes their statements.</summary>
    /// <param name="documents">The operator documents in force, each with its version; at most one version per name.</param>
    /// <param name="defaults">The default tier's document; null for the built-in <see cref="DefaultPolicy"/>.</param>
    /// <returns>The compiled set.</returns>
    /// <exception cref="ArgumentException">A document is null, a version is below 1, two documents share a name, or an operator document has the default document's name.</exception>
    public static PolicySet Compile(IEnumerable<VersionedPolicyDocument> documents, VersionedPolicyDocument? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var defaultDocument = defaults ?? DefaultPolicy.Versioned;
        CheckDocument(defaultDocument, nameof(defaults));
        var ordered = documents.ToList();
        foreach (var document in ordered)
        {
            CheckDocument(document, nameof(documents));
        }

        ordered.Sort((a, b) => string.CompareOrdinal(a.Document.Name, b.Document.Name));
        for (var i = 0; i < ordered.Count; i++)
        {
            var name = ordered[i].Document.Name;
            if ((i > 0 && name == ordered[i - 1].Document.Name) || name == defaultDocument.Document.Name)
            {
                throw new ArgumentException($"two documents are named {name}; a set holds one version of each", nameof(documents));
            }
        }

        return new PolicySet([.. ordered], defaultDocument, CompileStatements(ordered), CompileStatements([defaultDocument]));
    }

    /// <summary>Decides whether the request may proceed; see the remarks on <see cref="PolicySet"/> for the precedence.</summary>
    /// <param name="request">The request.</param>
    /// <param name="usageCounts">The caller's usage counters, read for statements with a <c>usageCount</c> condition.</param>
    /// <returns>The decision; the only allocation of an evaluation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or <paramref name="usageCounts"/> is null.</exception>
    /// <exception cref="ArgumentException">The request's principal or its name is null.</exception>
    public AccessDecision Evaluate(AccessRequest request, IUsageCounts usageCounts)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(usageCounts);
        // "required" only holds for callers that respect nullability; a null name would fail deep in the index.
        if (request.Principal?.Name is null)
        {
            throw new ArgumentException("the request has no principal name", nameof(request));
        }

        var operatorTier = new TierOutcome(request, usageCounts);
        _operatorIndex.Visit(request, ref operatorTier);
        if (operatorTier.Deny is not null || operatorTier.AllowMatched)
        {
            return Decide(request, operatorTier, grant: null);
        }

        var defaultTier = new TierOutcome(request, usageCounts);
        _defaultIndex.Visit(request, ref defaultTier);
        return Decide(request, defaultTier, defaultTier.Deny is null && defaultTier.UnlimitedAllow is null ? FirstGrant(request) : null);
    }

    /// <summary>The first grant of the object that gives the principal this operation, or null.</summary>
    internal static ObjectGrant? FirstGrant(AccessRequest request)
    {
        if (request.Resource is not { } resource)
        {
            return null;
        }

        foreach (var grant in resource.Grants)
        {
            if (grant.Allows(request.Principal, request.Operation))
            {
                return grant;
            }
        }

        return null;
    }

    /// <summary>Turns a tier's outcome (and, in the default tier, the first applicable grant) into the decision.</summary>
    internal static AccessDecision Decide(AccessRequest request, in TierOutcome outcome, ObjectGrant? grant)
    {
        if (outcome.Deny is { } deny)
        {
            return AccessDecision.DeniedBy(request, deny);
        }

        if (outcome.UnlimitedAllow is { } allow)
        {
            return AccessDecision.AllowedBy(request, allow);
        }

        if (grant is not null)
        {
            return AccessDecision.AllowedBy(request, grant);
        }

        if (outcome.LimitedAllow is { } limited)
        {
            return AccessDecision.AllowedByLimited(request, limited, outcome.LimitedAllowCount);
        }

        return outcome.NearestFailedAllow is { } nearest
            ? AccessDecision.NoAllowApplied(request, nearest, outcome.NearestFailedCondition!, outcome.NearestFailedObserved, outcome.NearestFailedCount)
            : AccessDecision.NothingMatched(request);
    }

    private static void CheckDocument(VersionedPolicyDocument document, string parameter)
    {
        if (document.Document is null)
        {
            throw new ArgumentException("a document is null", parameter);
        }

        if (document.Version < 1)
        {
            throw new ArgumentException($"document {document.Document.Name} has version {document.Version}; versions start at 1", parameter);
        }
    }

    private static ImmutableArray<CompiledStatement> CompileStatements(IEnumerable<VersionedPolicyDocument> documents)
    {
        var statements = ImmutableArray.CreateBuilder<CompiledStatement>();
        foreach (var (document, version) in documents)
        {
            foreach (var statement in document.Statements)
            {
                statements.Add(new CompiledStatement(statement, document.Name, version, statements.Count));
            }
        }

        return statements.ToImmutable();
    }
}
