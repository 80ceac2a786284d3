using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Destroy (KMIP 1.4 §4.21, 2.1 §6.1.17): erases the key material and keeps the metadata (Destroyed or
/// Destroyed Compromised, Destroy Date now) until the scheduler purges it after the retention period.
/// An Active object must be revoked first.
/// </summary>
public sealed class DestroyHandler : OperationHandler<DestroyRequestPayload, DestroyResponsePayload>
{
    /// <inheritdoc/>
    public override Operation Operation => Operation.Destroy;

    /// <inheritdoc/>
    protected override async ValueTask<DestroyResponsePayload> HandleAsync(DestroyRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ManagedObject managedObject = await HandlerObjects.LoadAsync(context, request.UniqueIdentifier, cancellationToken).ConfigureAwait(false);
        ObjectLifecycle.Destroy(managedObject, context.Now);
        context.Objects.Update(managedObject);
        return new DestroyResponsePayload { UniqueIdentifier = managedObject.Id };
    }
}
