using Clavis.Core.Access;
using Clavis.Core.Attributes;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Delete Attribute (KMIP 2.1 §6.1.15): removes an attribute the client may delete — in 1.x the instance at
/// the Attribute Index (0 by default), in 2.x the instance equal to Current Attribute, or every instance of
/// the attribute an Attribute Reference names.
/// </summary>
public sealed class DeleteAttributeHandler : OperationHandler<DeleteAttributeRequestPayload, DeleteAttributeResponsePayload>
{
    /// <inheritdoc/>
    public override Operation Operation => Operation.DeleteAttribute;

    /// <inheritdoc/>
    protected override async ValueTask<DeleteAttributeResponsePayload> HandleAsync(DeleteAttributeRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ManagedObject managedObject = await HandlerObjects.LoadAsync(context, request.UniqueIdentifier, cancellationToken, allowArchived: true).ConfigureAwait(false);
        AttributeSet attributes = managedObject.Attributes;
        AttributeKey key;
        string name;
        TtlvNode removed;
        int? index = null;
        if (request.CurrentAttribute is KmipAttribute current)
        {
            name = current.ToString();
            AttributeGuard.CheckDelete(AttributeGuard.RuleFor(current, context.Version), name, context.Version);
            key = AttributeValues.KeyOf(current);
            removed = AttributeValues.Stored(current);
            if (key == ClavisAttributes.Grant)
            {
                AccessControl.RequireGrantEditor(context, managedObject, null);
            }
            if (!attributes.Contains(key))
            {
                throw AttributeGuard.NotFound(context.Version, name);
            }

            if (!attributes.RemoveValue(key, removed))
            {
                throw AttributeGuard.InstanceNotFound(context.Version, name, "equal to Current Attribute");
            }
        }
        else if (request.AttributeReference is KmipAttributeReference reference)
        {
            name = reference.ToString();
            AttributeGuard.CheckDelete(AttributeGuard.RuleFor(reference, context.Version), name, context.Version);
            key = AttributeValues.KeyOf(reference);
            if (key == ClavisAttributes.Grant)
            {
                AccessControl.RequireGrantEditor(context, managedObject, null);
            }

            if (!attributes.Contains(key))
            {
                // KMIP 2.1 §6.1.15: the attribute must exist.
                throw AttributeGuard.NotFound(context.Version, name);
            }

            if (context.Version.Major < 2)
            {
                // KMIP 1.4 §4.16: the Attribute Index names the instance; without one, index 0.
                index = request.AttributeIndex ?? 0;
                IReadOnlyList<TtlvNode> one = attributes.Remove(key, index);
                if (one.Count == 0)
                {
                    throw AttributeGuard.InstanceNotFound(context.Version, name, $"at index {index}");
                }

                removed = one[0];
            }
            else
            {
                // KMIP 2.1 §6.1.15: an Attribute Reference alone deletes every instance.
                removed = attributes.Remove(key)[0];
            }
        }
        else
        {
            throw new KmipException(ResultReason.InvalidField, "Delete Attribute needs the attribute to delete (Current Attribute or Attribute Reference)");
        }

        ObjectAccess.SaveChanged(managedObject, context);
        return new DeleteAttributeResponsePayload
        {
            UniqueIdentifier = managedObject.Id,
            Attribute = AttributeValues.ToWire(key, removed, index),
        };
    }
}
