using Clavis.Core.Keys;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Re-key (KMIP 2.1 §6.1.43): replaces a symmetric key with a new one of the same algorithm and length
/// (<see cref="ReKeying"/>); the Offset places the replacement's dates; sets the ID Placeholder. The existing
/// key keeps its state: the spec leaves retiring it to its dates or to the client.
/// </summary>
public sealed class ReKeyHandler : OperationHandler<ReKeyRequestPayload, ReKeyResponsePayload>
{
    /// <inheritdoc/>
    public override Operation Operation => Operation.ReKey;

    /// <inheritdoc/>
    protected override async ValueTask<ReKeyResponsePayload> HandleAsync(ReKeyRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ManagedObject existing = await HandlerObjects.LoadAsync(context, request.UniqueIdentifier, cancellationToken).ConfigureAwait(false);
        AttributeSet? requested = request.Attributes is { Count: > 0 } || request.TemplateNames is { Count: > 0 }
            ? await NewObjectAttributes.CollectAsync(request.Attributes, request.TemplateNames, ObjectType.SymmetricKey, context, cancellationToken).ConfigureAwait(false)
            : null;
        ManagedObject replacement = ReKeying.Replace(existing, request.Offset, requested, context);
        // KMIP 2.1 §6.1.43: the replacement's identifier becomes the ID Placeholder.
        context.IdPlaceholder = replacement.Id;
        return new ReKeyResponsePayload { UniqueIdentifier = replacement.Id };
    }
}
