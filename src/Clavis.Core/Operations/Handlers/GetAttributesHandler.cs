using Clavis.Core.Attributes;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Get Attributes (KMIP 2.1 §6.1.28): the attributes named (by Attribute Reference in 2.x, Attribute Name in
/// 1.x), or all of them when none is named — only those the request's version defines. Unknown or absent
/// attributes are left out, as the spec says.
/// </summary>
public sealed class GetAttributesHandler : OperationHandler<GetAttributesRequestPayload, GetAttributesResponsePayload>
{
    /// <inheritdoc/>
    public override Operation Operation => Operation.GetAttributes;

    /// <inheritdoc/>
    protected override async ValueTask<GetAttributesResponsePayload> HandleAsync(GetAttributesRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ManagedObject managedObject = await HandlerObjects.LoadAsync(context, request.UniqueIdentifier, cancellationToken, allowArchived: true).ConfigureAwait(false);
        IEnumerable<KmipAttribute> visible = AttributeView.Visible(managedObject, context.Version);
        if (request.AttributeReference.Count > 0)
        {
            var wanted = request.AttributeReference.Select(AttributeValues.KeyOf).ToHashSet();
            visible = visible.Where(a => wanted.Contains(AttributeValues.KeyOf(a)));
        }

        return new GetAttributesResponsePayload { UniqueIdentifier = managedObject.Id, Attributes = [.. visible] };
    }
}
