using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Recover (KMIP 1.4 §4.23, 2.1 §6.1.45): brings an archived object back on line at once (Archive Date removed).
/// Recovering an on-line object succeeds and changes nothing.
/// </summary>
public sealed class RecoverHandler : OperationHandler<RecoverRequestPayload, RecoverResponsePayload>
{
    /// <inheritdoc/>
    public override Operation Operation => Operation.Recover;

    /// <inheritdoc/>
    protected override async ValueTask<RecoverResponsePayload> HandleAsync(RecoverRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ManagedObject managedObject = await HandlerObjects.LoadAsync(context, request.UniqueIdentifier, cancellationToken, allowArchived: true).ConfigureAwait(false);
        if (ObjectArchival.Recover(managedObject, context.Now))
        {
            context.Objects.Update(managedObject);
        }

        return new RecoverResponsePayload { UniqueIdentifier = managedObject.Id };
    }
}
