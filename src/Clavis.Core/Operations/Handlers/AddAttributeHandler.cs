using Clavis.Core.Access;
using Clavis.Core.Attributes;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Add Attribute (KMIP 2.1 §6.1.2): adds an instance of an attribute the client may change; a single-valued
/// attribute only when it is not yet set.
/// </summary>
public sealed class AddAttributeHandler : OperationHandler<AddAttributeRequestPayload, AddAttributeResponsePayload>
{
    /// <inheritdoc/>
    public override Operation Operation => Operation.AddAttribute;

    /// <inheritdoc/>
    protected override async ValueTask<AddAttributeResponsePayload> HandleAsync(AddAttributeRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        KmipAttribute attribute = request.NewAttribute ?? throw new KmipException(ResultReason.InvalidField, "Add Attribute needs the attribute to add");
        ManagedObject managedObject = await HandlerObjects.LoadAsync(context, request.UniqueIdentifier, cancellationToken, allowArchived: true).ConfigureAwait(false);
        AttributeRule rule = AttributeGuard.RuleFor(attribute, context.Version);
        AttributeGuard.CheckChange(rule, attribute.ToString(), managedObject, context.Version);
        AttributeGuard.CheckValue(attribute, context.Version);
        if (AttributeValues.KeyOf(attribute) == ClavisAttributes.Grant)
        {
            AccessControl.RequireGrantEditor(context, managedObject, attribute.Value.TextStringValue);
        }
        if (attribute.Index is not null)
        {
            // KMIP 1.4 §4.13: the server assigns the index of an added attribute; the request SHALL NOT give one.
            KmipException.ThrowInvalidField("Add Attribute takes no Attribute Index; the server assigns it");
        }

        AttributeKey key = AttributeValues.KeyOf(attribute);
        if (!rule.MultiValued && managedObject.Attributes.Contains(key))
        {
            // KMIP 2.1 §6.1.2: a single-valued attribute that is already set cannot be added again.
            throw AttributeGuard.SingleValued(context.Version, attribute.ToString());
        }

        TtlvNode value = AttributeValues.Stored(attribute);
        int index = managedObject.Attributes.Add(key, value);
        ObjectAccess.SaveChanged(managedObject, context);
        return new AddAttributeResponsePayload
        {
            UniqueIdentifier = managedObject.Id,
            Attribute = AttributeValues.ToWire(key, value, context.Version.Major < 2 ? index : null),
        };
    }
}
