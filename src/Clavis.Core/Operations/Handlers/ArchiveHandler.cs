using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Archive (KMIP 1.4 §4.22, 2.1 §6.1.2): moves the object to archival storage at once (Archive Date now).
/// Archiving an archived object succeeds and keeps its first Archive Date.
/// </summary>
public sealed class ArchiveHandler : OperationHandler<ArchiveRequestPayload, ArchiveResponsePayload>
{
    /// <inheritdoc/>
    public override Operation Operation => Operation.Archive;

    /// <inheritdoc/>
    protected override async ValueTask<ArchiveResponsePayload> HandleAsync(ArchiveRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ManagedObject managedObject = await HandlerObjects.LoadAsync(context, request.UniqueIdentifier, cancellationToken, allowArchived: true).ConfigureAwait(false);
        if (ObjectArchival.Archive(managedObject, context.Now))
        {
            context.Objects.Update(managedObject);
        }

        return new ArchiveResponsePayload { UniqueIdentifier = managedObject.Id };
    }
}
