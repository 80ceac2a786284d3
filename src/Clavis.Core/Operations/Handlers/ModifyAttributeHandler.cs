using Clavis.Core.Access;
using Clavis.Core.Attributes;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Modify Attribute (KMIP 2.1 §6.1.31): replaces one instance of an existing attribute — in 1.x the one at
/// the Attribute Index (0 by default), in 2.x the one equal to Current Attribute, or the only one.
/// </summary>
public sealed class ModifyAttributeHandler : OperationHandler<ModifyAttributeRequestPayload, ModifyAttributeResponsePayload>
{
    /// <inheritdoc/>
    public override Operation Operation => Operation.ModifyAttribute;

    /// <inheritdoc/>
    protected override async ValueTask<ModifyAttributeResponsePayload> HandleAsync(ModifyAttributeRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        KmipAttribute attribute = request.NewAttribute ?? throw new KmipException(ResultReason.InvalidField, "Modify Attribute needs the new attribute");
        ManagedObject managedObject = await HandlerObjects.LoadAsync(context, request.UniqueIdentifier, cancellationToken, allowArchived: true).ConfigureAwait(false);
        AttributeRule rule = AttributeGuard.RuleFor(attribute, context.Version);
        string name = attribute.ToString();
        AttributeGuard.CheckChange(rule, name, managedObject, context.Version);
        AttributeGuard.CheckValue(attribute, context.Version);
        if (AttributeValues.KeyOf(attribute) == ClavisAttributes.Grant)
        {
            AccessControl.RequireGrantEditor(context, managedObject, attribute.Value.TextStringValue);
        }
        AttributeKey key = AttributeValues.KeyOf(attribute);
        IReadOnlyList<TtlvNode> values = managedObject.Attributes.Get(key);
        if (values.Count == 0)
        {
            // KMIP 2.1 §6.1.31: only an attribute the object has can be modified.
            throw AttributeGuard.NotFound(context.Version, name);
        }

        int index;
        if (context.Version.Major < 2)
        {
            // KMIP 1.4 §4.15: the Attribute Index names the instance; without one, index 0.
            index = attribute.Index ?? 0;
            if (index < 0 || index >= values.Count)
            {
                throw AttributeGuard.InstanceNotFound(context.Version, name, $"at index {index}");
            }
        }
        else if (request.CurrentAttribute is KmipAttribute current)
        {
            if (AttributeValues.KeyOf(current) != key)
            {
                KmipException.ThrowInvalidField($"Current Attribute {current} and New Attribute {name} name different attributes");
            }

            index = IndexOf(values, AttributeValues.Stored(current));
            if (index < 0)
            {
                throw AttributeGuard.InstanceNotFound(context.Version, name, "equal to Current Attribute");
            }
        }
        else if (values.Count > 1)
        {
            // KMIP 2.1 §6.1.31: with several instances, Current Attribute must say which one.
            throw AttributeGuard.MultiValued(context.Version, name);
        }
        else
        {
            index = 0;
        }

        TtlvNode value = AttributeValues.Stored(attribute);
        managedObject.Attributes.Replace(key, index, value);
        ObjectAccess.SaveChanged(managedObject, context);
        return new ModifyAttributeResponsePayload
        {
            UniqueIdentifier = managedObject.Id,
            Attribute = AttributeValues.ToWire(key, value, context.Version.Major < 2 ? index : null),
        };
    }

    private static int IndexOf(IReadOnlyList<TtlvNode> values, TtlvNode value)
    {
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i].Equals(value))
            {
                return i;
            }
        }

        return -1;
    }
}
