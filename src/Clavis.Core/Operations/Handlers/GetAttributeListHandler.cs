using Clavis.Core.Attributes;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>Get Attribute List (KMIP 2.1 §6.1.29): names every attribute the object has that the request's version defines.</summary>
public sealed class GetAttributeListHandler : OperationHandler<GetAttributeListRequestPayload, GetAttributeListResponsePayload>
{
    /// <inheritdoc/>
    public override Operation Operation => Operation.GetAttributeList;

    /// <inheritdoc/>
    protected override async ValueTask<GetAttributeListResponsePayload> HandleAsync(GetAttributeListRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ManagedObject managedObject = await HandlerObjects.LoadAsync(context, request.UniqueIdentifier, cancellationToken, allowArchived: true).ConfigureAwait(false);
        var references = AttributeView.Visible(managedObject, context.Version)
            .Select(AttributeValues.KeyOf)
            .Distinct()
            .Select(AttributeValues.ToReference)
            .ToList();
        return new GetAttributeListResponsePayload { UniqueIdentifier = managedObject.Id, AttributeReference = references };
    }
}
