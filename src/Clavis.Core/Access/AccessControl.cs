using Clavis.Core.Identity;
using Clavis.Core.Objects;
using Clavis.Core.Operations;
using Clavis.Kmip;
using Clavis.Policy;
using Clavis.Policy.Requests;

namespace Clavis.Core.Access;

/// <summary>
/// The one place requests meet the access policy (DESIGN.md "Policy"): every handler that reads or creates an
/// object, and the executor for operations that name none, ask here before acting. A refusal is Permission Denied
/// naming the rule (never its contents); the decision, rule and reason go into the item's audit record; a use that
/// a policy counts is staged in the request's unit of work so it commits, or not, with the operation.
/// KMIP's own rules (state, usage mask, dates, Usage Limits) are checked by the handlers as well: policy can only
/// narrow what KMIP allows, never widen it.
/// </summary>
public static class AccessControl
{
    /// <summary>
    /// Refuses the current batch item unless policy allows its operation on <paramref name="target"/> (null for an
    /// operation that names no object). Handlers set <see cref="OperationContext.Audit"/>'s data size before asking,
    /// so <c>dataSize</c> conditions see it.
    /// </summary>
    /// <exception cref="KmipException">Permission Denied.</exception>
    /// <exception cref="PolicyUnavailableException">The policy in force cannot be read.</exception>
    public static async ValueTask RequireAsync(OperationContext context, ManagedObject? target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        PolicySet policies = await context.Services.AccessPolicy.CurrentAsync(cancellationToken).ConfigureAwait(false);
        AccessRequest request = RequestFor(context, context.Operation, target);
        (AccessDecision decision, IUsageCounts counts) = await CountedDecision.DecideAsync(
            policies, request, context.Objects.ReadCounterAsync, cancellationToken).ConfigureAwait(false);
        context.Audit.PolicyDecision = decision.IsAllowed ? "Allow" : "Deny";
        context.Audit.PolicyRule = decision.Rule;
        // A refusal's reason says which condition failed; an allow's would only repeat its rule, so the hot path
        // neither formats nor stores it.
        context.Audit.PolicyReason = decision.IsAllowed ? null : decision.Reason;
        if (!decision.IsAllowed)
        {
            throw new KmipException(ResultReason.PermissionDenied, decision.ClientMessage);
        }

        if (decision.UsageCounter is { } counter)
        {
            string key = counter.Key.ToString();
            long read = counts.GetCount(counter.Key);
            context.Objects.AddToCounter(key, read, 1);
            context.Audit.UsageCount ??= read + 1;
        }
    }

    /// <summary>
    /// Refuses a change of <paramref name="managedObject"/>'s grants unless the client owns it or is an administrator,
    /// whatever else policy allows (granting is the owner's right, not an ordinary attribute edit); and refuses an
    /// administrator who does not own the object a grant to themselves (separation of duties: administrators manage
    /// keys, and using one takes someone else's grant, which the journal shows).
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="managedObject">The object whose grants change.</param>
    /// <param name="added">The grant text being added, or null for a removal.</param>
    /// <exception cref="KmipException">Permission Denied.</exception>
    public static void RequireGrantEditor(OperationContext context, ManagedObject managedObject, string? added)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(managedObject);
        bool owner = string.Equals(managedObject.Owner, context.Identity.Name, StringComparison.Ordinal);
        if (!owner && !context.Identity.IsAdministrator)
        {
            KmipException.ThrowPermissionDenied($"only the owner of object {managedObject.Id} or an administrator may change its grants");
        }

        if (!owner && added is not null && GrantsToSelf(ObjectGrants.Parse(added), context.Identity))
        {
            KmipException.ThrowPermissionDenied($"an administrator may not grant themselves, or a group they belong to, rights on object {managedObject.Id}, which they do not own");
        }
    }

    /// <summary>True when <paramref name="grant"/> would give <paramref name="identity"/> rights: it names them, or a group of theirs.</summary>
    public static bool GrantsToSelf(ObjectGrant grant, ClientIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(identity);
        return grant.Kind == GranteeKind.User
            ? string.Equals(grant.Grantee, identity.Name, StringComparison.Ordinal)
            : identity.Groups.Contains(grant.Grantee, StringComparer.Ordinal);
    }

    /// <summary>
    /// True for the operations that name no object, which the executor puts to policy before their handler runs
    /// (with no object); every other handler asks about the objects it reads or creates.
    /// </summary>
    public static bool NamesNoObject(Operation operation) => operation is Operation.DiscoverVersions or Operation.Query
        or Operation.RNGRetrieve or Operation.RNGSeed or Operation.Hash or Operation.Poll or Operation.Cancel
        or Operation.Locate or Operation.QueryAsynchronousRequests or Operation.Log or Operation.Login or Operation.Logout;

    /// <summary>
    /// Whether policy would allow <paramref name="operation"/> on <paramref name="target"/>, without recording or
    /// counting anything: how Locate leaves out objects the client may not see. A statement that counts uses
    /// counts them when the object is used, not when it is found, so it is taken as allowing here.
    /// </summary>
    public static async ValueTask<bool> AllowsAsync(OperationContext context, Operation operation, ManagedObject target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(target);
        PolicySet policies = await context.Services.AccessPolicy.CurrentAsync(cancellationToken).ConfigureAwait(false);
        return policies.Evaluate(RequestFor(context, operation, target), UncountedUses.Instance).IsAllowed;
    }

    private static AccessRequest RequestFor(OperationContext context, Operation operation, ManagedObject? target) => new()
    {
        Principal = PolicyInputs.PrincipalOf(context.Identity, context.Request.RemoteAddress),
        Operation = operation,
        Resource = target is null ? null : PolicyInputs.ResourceOf(target),
        Now = context.Now,
        ProtocolVersion = context.Version,
        DataSize = context.Audit.DataSize,
    };

    private sealed class UncountedUses : IUsageCounts
    {
        public static readonly UncountedUses Instance = new();

        public long GetCount(in UsageCounterKey key) => 0;
    }
}
