using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>Activate (KMIP 1.4 §4.19, 2.1 §6.1.1): Pre-Active → Active, Activation Date now.</summary>
public sealed class ActivateHandler : OperationHandler<ActivateRequestPayload, ActivateResponsePayload>
{
    /// <inheritdoc/>
    public override Operation Operation => Operation.Activate;

    /// <inheritdoc/>
    protected override async ValueTask<ActivateResponsePayload> HandleAsync(ActivateRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ManagedObject managedObject = await HandlerObjects.LoadAsync(context, request.UniqueIdentifier, cancellationToken).ConfigureAwait(false);
        ObjectLifecycle.Activate(managedObject, context.Now);
        context.Objects.Update(managedObject);
        return new ActivateResponsePayload { UniqueIdentifier = managedObject.Id };
    }
}
