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

/// <summary>
/// What Create and Register share: the client's attributes (through templates and profiles too) and the server's.
/// A profile is a Template object with a Name (docs/templates.md): KMIP 1.x requests name it in the
/// Template-Attribute, any version names it with the <see cref="ClavisAttributes.Profile"/> vendor attribute.
/// </summary>
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
            await ApplyTemplateAsync(set, templateName.NameValue ?? "", "Template", objectType, context, cancellationToken).ConfigureAwait(false);
        }

        var profiles = new List<string>();
        foreach (KmipAttribute attribute in requested ?? [])
        {
            if (IsProfileReference(attribute))
            {
                if (attribute.Value.Type != TtlvType.TextString)
                {
                    throw AttributeGuard.InvalidValue(context.Version, $"{attribute} must be a Text String naming a profile");
                }

                // Profiles apply after the 1.x templates and before the request's own attributes, which win.
                string profile = attribute.Value.TextStringValue;
                await ApplyTemplateAsync(set, profile, "profile", objectType, context, cancellationToken).ConfigureAwait(false);
                profiles.Add(profile);
            }
        }

        var fromRequest = new HashSet<AttributeKey>();
        foreach (KmipAttribute attribute in requested ?? [])
        {
            if (IsProfileReference(attribute))
            {
                continue;
            }

            AttributeRule rule = AttributeGuard.CheckSuppliedAtCreation(attribute, objectType, context.Version);
            AttributeKey key = AttributeValues.KeyOf(attribute);
            if (!rule.MultiValued && !fromRequest.Add(key))
            {
                // KMIP 2.1 §4: a single-valued attribute has one instance.
                throw AttributeGuard.SingleValued(context.Version, attribute.ToString());
            }

            Apply(set, attribute, rule);
        }

        foreach (string profile in profiles)
        {
            // The object records the profiles that planned it; the attribute is the server's from now on.
            TtlvNode value = TtlvNode.TextString(Tag.AttributeValue, profile);
            if (!set.Get(ClavisAttributes.Profile).Contains(value))
            {
                set.Add(ClavisAttributes.Profile, value);
            }
        }

        return set;
    }

    /// <summary>Whether <paramref name="attribute"/> names a profile to apply rather than an attribute to store.</summary>
    public static bool IsProfileReference(KmipAttribute attribute) =>
        attribute.IsVendorAttribute
        && attribute.VendorIdentification == ClavisAttributes.Profile.VendorIdentification
        && attribute.Name == ClavisAttributes.Profile.Name;

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
                // KMIP 2.1 §4.26: the Key Format Type the key is held in is also an attribute of its own.
                attributes.Set(Tag.KeyFormatType, TtlvNode.Enumeration(Tag.KeyFormatType, (uint)block.KeyFormatType));
            }

            attributes.Set(Tag.Digest, value);
        }

        if (managedObject.ObjectType is ObjectType.SymmetricKey or ObjectType.PrivateKey or ObjectType.PublicKey or ObjectType.SplitKey or ObjectType.SecretData)
        {
            // KMIP 1.4 §3.48–3.51: Sensitive defaults to False and Extractable to True (public keys too, as the
            // OASIS AKLC-O-1 cases show for the public half of a pair); the server records
            // whether they have held since creation in Always Sensitive and Never Extractable.
            if (!attributes.Contains(Tag.Sensitive))
            {
                attributes.Set(Tag.Sensitive, TtlvNode.Boolean(Tag.Sensitive, false));
            }

            if (!attributes.Contains(Tag.Extractable))
            {
                attributes.Set(Tag.Extractable, TtlvNode.Boolean(Tag.Extractable, true));
            }

            attributes.Set(Tag.AlwaysSensitive, TtlvNode.Boolean(Tag.AlwaysSensitive, attributes.GetFirst(Tag.Sensitive)!.BooleanValue));
            attributes.Set(Tag.NeverExtractable, TtlvNode.Boolean(Tag.NeverExtractable, !attributes.GetFirst(Tag.Extractable)!.BooleanValue));
            // KMIP 1.4 §3.15: the Lease Time is the server's.
            attributes.Set(Tag.LeaseTime, TtlvNode.Interval(Tag.LeaseTime, (uint)context.Services.Options.LeaseTime.TotalSeconds));
        }

        // KMIP 2.1 §4.51: every object here is protected by software (the barrier), none by an HSM or TEE.
        attributes.Set(Tag.ProtectionStorageMask, TtlvNode.Integer(Tag.ProtectionStorageMask, (int)ProtectionStorageMask.Software));
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

    private static async ValueTask ApplyTemplateAsync(
        AttributeSet set, string name, string kind, ObjectType objectType, OperationContext context, CancellationToken cancellationToken)
    {
        foreach (KmipAttribute attribute in await TemplateAttributesAsync(name, kind, context, cancellationToken).ConfigureAwait(false))
        {
            // A template or profile cannot smuggle in what the client could not send itself.
            AttributeRule rule = AttributeGuard.CheckSuppliedAtCreation(attribute, objectType, context.Version);
            Apply(set, attribute, rule);
        }
    }

    private static async ValueTask<IReadOnlyList<KmipAttribute>> TemplateAttributesAsync(string name, string kind, OperationContext context, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> ids = await context.Objects.Store.LocateAsync(
            new Ports.ObjectQuery { ObjectType = ObjectType.Template, Name = name, Limit = 2 }, cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            // KMIP 1.4 §2.1.8: a template named in a request must exist.
            throw new KmipException(ResultReason.ItemNotFound, $"no {kind} named \"{name}\"");
        }

        if (ids.Count > 1)
        {
            throw new KmipException(ResultReason.InvalidField, $"several Templates are named \"{name}\"; names of templates and profiles must be unique");
        }

        ManagedObject template = await context.Objects.GetAsync(ids[0], cancellationToken).ConfigureAwait(false);
        if (template.Material is null)
        {
            throw new KmipException(ResultReason.ItemNotFound, $"{kind} \"{name}\" was destroyed");
        }

        return ObjectBodyCodec.Open(context.Services.Barrier, template.Id, template.Material) is Template { Attributes: { } attributes }
            ? attributes
            : [];
    }
}
