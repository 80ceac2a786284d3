using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Obtain Lease (KMIP 1.4 §4.11, 2.1 §6.1.34): a new lease on an object the client may use — its Lease Time
/// attribute or the server's lease time (zero: no limit) — with its Last Change Date so the client can tell
/// whether its cached attributes are stale. No lease is issued on an object that cannot be used (Pre-Active,
/// Destroyed, suspended): Permission Denied.
/// </summary>
public sealed class ObtainLeaseHandler : OperationHandler<ObtainLeaseRequestPayload, ObtainLeaseResponsePayload>
{
    /// <inheritdoc/>
    public override Operation Operation => Operation.ObtainLease;

    /// <inheritdoc/>
    protected override async ValueTask<ObtainLeaseResponsePayload> HandleAsync(ObtainLeaseRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ManagedObject managedObject = await HandlerObjects.LoadAsync(context, request.UniqueIdentifier, cancellationToken).ConfigureAwait(false);
        if (!ObjectLifecycle.IsUsableForProcessing(managedObject))
        {
            // KMIP 1.4 §4.11: when the server determines a new lease shall not be issued it responds with an error (§11.11: Permission Denied).
            string why = ObjectSuspension.IsSuspended(managedObject) ? "suspended" : managedObject.State.ToString();
            KmipException.ThrowPermissionDenied($"no lease is issued on object {managedObject.Id}: it is {why}");
        }

        return new ObtainLeaseResponsePayload
        {
            UniqueIdentifier = managedObject.Id,
            LeaseTime = LeaseTerms.Granted(managedObject, context.Services.Options),
            LastChangeDate = LeaseTerms.LastChange(managedObject, context.Now),
        };
    }
}
