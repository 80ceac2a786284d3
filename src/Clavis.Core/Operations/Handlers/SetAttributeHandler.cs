using Clavis.Core.Access;
using Clavis.Core.Attributes;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Set Attribute (KMIP 2.1 §6.1.52, new in 2.0): gives an attribute the client may change its value —
/// adding it when absent, replacing it when it has one instance; several instances are refused.
/// </summary>
public sealed class SetAttributeHandler : OperationHandler<SetAttributeRequestPayload, SetAttributeResponsePayload>
{
    /// <inheritdoc/>
    public override Operation Operation => Operation.SetAttribute;

    /// <inheritdoc/>
    public override ProtocolVersion Since => ProtocolVersion.V2_0;

    /// <inheritdoc/>
    protected override async ValueTask<SetAttributeResponsePayload> HandleAsync(SetAttributeRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        KmipAttribute attribute = request.NewAttribute ?? throw new KmipException(ResultReason.InvalidField, "Set Attribute needs the new attribute");
        ManagedObject managedObject = await HandlerObjects.LoadAsync(context, request.UniqueIdentifier, cancellationToken, allowArchived: true).ConfigureAwait(false);
        AttributeRule rule = AttributeGuard.RuleFor(attribute, context.Version);
        AttributeGuard.CheckChange(rule, attribute.ToString(), managedObject, context.Version);
        AttributeGuard.CheckValue(attribute, context.Version);
        if (AttributeValues.KeyOf(attribute) == ClavisAttributes.Grant)
        {
            AccessControl.RequireGrantEditor(context, managedObject, attribute.Value.TextStringValue);
        }
        AttributeKey key = AttributeValues.KeyOf(attribute);
        if (managedObject.Attributes.Get(key).Count > 1)
        {
            // KMIP 2.1 §6.1.52: an attribute with several instances cannot be set as one; use Modify Attribute.
            throw AttributeGuard.MultiValued(context.Version, attribute.ToString());
        }

        managedObject.Attributes.Set(key, AttributeValues.Stored(attribute));
        ObjectAccess.SaveChanged(managedObject, context);
        return new SetAttributeResponsePayload { UniqueIdentifier = managedObject.Id };
    }
}
