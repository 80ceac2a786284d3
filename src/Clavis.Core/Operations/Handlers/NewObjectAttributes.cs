using System.Security.Cryptography;
using System.Text;
using Clavis.Core.Attributes;
using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;
using WireObject = Clavis.Kmip.Messages.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>What Create and Register share: the client's attributes (through templates too) and the server's.</summary>
internal static class NewObjectAttributes
{
    /// <summary>
    /// The attributes the client gives a new object: those of the named templates first, in order, then the
    /// request's, which win for single-valued attributes (KMIP 1.4 §2.1.8: "attributes in the request take
    /// precedence over those of the templates").
    /// </summary>
    public static async ValueTask<AttributeSet> CollectAsync(
        IReadOnlyList<KmipAttribute>? requested, IReadOnlyList<Name>? templateNames, ObjectType objectType, OperationContext context, CancellationToken cancellationToken)
    {
        var set = new AttributeSet();
        foreach (Name templateName in templateNames ?? [])
        {
            foreach (KmipAttribute attribute in await TemplateAttributesAsync(templateName, context, cancellationToken).ConfigureAwait(false))
            {
                AttributeRule rule = AttributeGuard.CheckSuppliedAtCreation(attribute, objectType, context.Version);
                Apply(set, attribute, rule);
            }
        }

        var fromRequest = new HashSet<AttributeKey>();
        foreach (KmipAttribute attribute in requested ?? [])
        {
            AttributeRule rule = AttributeGuard.CheckSuppliedAtCreation(attribute, objectType, context.Version);
            AttributeKey key = AttributeValues.KeyOf(attribute);
            if (!rule.MultiValued && !fromRequest.Add(key))
            {
                // KMIP 2.1 §4: a single-valued attribute has one instance.
                throw AttributeGuard.SingleValued(context.Version, attribute.ToString());
            }

            Apply(set, attribute, rule);
        }

        return set;
    }

    /// <summary>
    /// Sets what the server owns on a new object (KMIP 2.1 §4): Initial Date, Last Change Date, Original Creation
    /// Date, Short Unique Identifier, Fresh, Digest, State, Owner.
    /// </summary>
    public static void AddServerAttributes(ManagedObject managedObject, WireObject? body, OperationContext context)
    {
        AttributeSet attributes = managedObject.Attributes;
        DateTimeOffset now = context.Now;
        attributes.SetDateTime(Tag.InitialDate, now);
        attributes.SetDateTime(Tag.LastChangeDate, now);
        attributes.SetDateTime(Tag.OriginalCreationDate, now);
        // KMIP 2.1 §4.54: the Short Unique Identifier is the SHA-256 hash of the Unique Identifier.
        attributes.Set(Tag.ShortUniqueIdentifier, TtlvNode.ByteString(Tag.ShortUniqueIdentifier, SHA256.HashData(Encoding.UTF8.GetBytes(managedObject.Id))));
        // KMIP 2.1 §4.27: Fresh until the object is first handed out.
        attributes.Set(Tag.Fresh, TtlvNode.Boolean(Tag.Fresh, true));
        if (body is not null && ObjectBodyCodec.Digest(body) is byte[] digest)
        {
            var value = TtlvNode.Structure(Tag.Digest,
                TtlvNode.Enumeration(Tag.HashingAlgorithm, (uint)HashingAlgorithm.SHA_256),
                TtlvNode.ByteString(Tag.DigestValue, digest));
            if (ObjectBodyCodec.KeyBlockOf(body) is KeyBlock block)
            {
                value.Children.Add(TtlvNode.Enumeration(Tag.KeyFormatType, (uint)block.KeyFormatType));
            }

            attributes.Set(Tag.Digest, value);
        }

        managedObject.State = ObjectLifecycle.InitialState(attributes, now);
        managedObject.Owner = context.Identity.Name;
    }

    private static void Apply(AttributeSet set, KmipAttribute attribute, AttributeRule rule)
    {
        AttributeKey key = AttributeValues.KeyOf(attribute);
        TtlvNode value = AttributeValues.Stored(attribute);
        if (rule.MultiValued)
        {
            if (!set.Get(key).Contains(value))
            {
                set.Add(key, value);
            }
        }
        else
        {
            set.Set(key, value);
        }
    }

    private static async ValueTask<IReadOnlyList<KmipAttribute>> TemplateAttributesAsync(Name templateName, OperationContext context, CancellationToken cancellationToken)
    {
        string name = templateName.NameValue ?? "";
        IReadOnlyList<string> ids = await context.Objects.Store.LocateAsync(
            new Ports.ObjectQuery { ObjectType = ObjectType.Template, Name = name, Limit = 2 }, cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            // KMIP 1.4 §2.1.8: a template named in a request must exist.
            throw new KmipException(ResultReason.ItemNotFound, $"no Template named \"{name}\"");
        }

        if (ids.Count > 1)
        {
            throw new KmipException(ResultReason.InvalidField, $"several Templates are named \"{name}\"; names of templates must be unique");
        }

        ManagedObject template = await context.Objects.GetAsync(ids[0], cancellationToken).ConfigureAwait(false);
        if (template.Material is null)
        {
            throw new KmipException(ResultReason.ItemNotFound, $"Template \"{name}\" was destroyed");
        }

        return ObjectBodyCodec.Open(context.Services.Barrier, template.Id, template.Material) is Template { Attributes: { } attributes }
            ? attributes
            : [];
    }
}
