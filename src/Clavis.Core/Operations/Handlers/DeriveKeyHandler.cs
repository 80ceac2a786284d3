using System.Security.Cryptography;
using Clavis.Core.Keys;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;
using WireObject = Clavis.Kmip.Messages.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Derive Key (KMIP 2.1 §6.1.20): derives a Symmetric Key or Secret Data from one Symmetric Key or Secret Data
/// the server holds (Derive Key usage bit, Active) by PBKDF2, HASH, HMAC, ENCRYPT, NIST SP 800-108 counter mode
/// or HKDF (<see cref="KeyDerivation"/>); stores it with the request's attributes, links both objects, and sets
/// the ID Placeholder.
/// </summary>
public sealed class DeriveKeyHandler : OperationHandler<DeriveKeyRequestPayload, DeriveKeyResponsePayload>
{
    private static readonly ObjectType[] s_baseTypes = [ObjectType.SymmetricKey, ObjectType.SecretData];

    /// <inheritdoc/>
    public override Operation Operation => Operation.DeriveKey;

    /// <inheritdoc/>
    protected override async ValueTask<DeriveKeyResponsePayload> HandleAsync(DeriveKeyRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ProtocolVersion version = context.Version;
        if (request.ObjectType is not (ObjectType.SymmetricKey or ObjectType.SecretData))
        {
            // KMIP 2.1 §6.1.20: the derived object is a Symmetric Key or Secret Data.
            KmipException.ThrowInvalidField($"Derive Key makes a Symmetric Key or Secret Data, not a {request.ObjectType}");
        }

        if (request.UniqueIdentifier.Count != 1)
        {
            // Every method offered here derives from one base object.
            KmipException.ThrowInvalidField($"the derivation methods offered take one base object; the request names {request.UniqueIdentifier.Count}");
        }

        List<KmipAttribute>? requested = request.Attributes;
        int? secretDataLength = null;
        if (request.ObjectType == ObjectType.SecretData && requested?.Find(a => a.Tag == Tag.CryptographicLength) is { Value.Type: TtlvType.Integer } lengthAttribute)
        {
            // KMIP 2.1 §6.1.20 asks for the Cryptographic Length of derived Secret Data too, though Secret Data does
            // not carry that attribute (its rules here give it to keys only); it says how much to derive and is kept in the key block.
            secretDataLength = lengthAttribute.Value.IntegerValue;
            requested = [.. requested.Where(a => a.Tag != Tag.CryptographicLength)];
        }

        AttributeSet attributes = await NewObjectAttributes.CollectAsync(requested, request.TemplateNames, request.ObjectType, context, cancellationToken).ConfigureAwait(false);
        // KMIP 2.1 §6.1.20: the client SHALL give the Cryptographic Length, and for a key its Cryptographic Algorithm.
        int length = secretDataLength ?? attributes.GetInteger(Tag.CryptographicLength)
            ?? throw new KmipException(ResultReason.InvalidField, "Cryptographic Length is missing: Derive Key needs the length of the object to derive");
        if (length <= 0 || length % 8 != 0)
        {
            KmipException.ThrowInvalidField($"Cryptographic Length {length} is not a positive whole number of bytes");
        }

        CryptographicAlgorithm? algorithm = (CryptographicAlgorithm?)attributes.GetEnumeration(Tag.CryptographicAlgorithm);
        if (request.ObjectType == ObjectType.SymmetricKey)
        {
            if (algorithm is not CryptographicAlgorithm keyAlgorithm)
            {
                throw new KmipException(ResultReason.InvalidField, "Cryptographic Algorithm is missing: a derived Symmetric Key needs one");
            }

            // A derived key need not name its usages (KMIP 2.1 §6.1.20 requires only algorithm and length); without a
            // mask only the algorithm and length are checked, with Derive Key, which every algorithm allows, standing in.
            var usage = (CryptographicUsageMask)(uint)(attributes.GetInteger(Tag.CryptographicUsageMask) ?? (int)CryptographicUsageMask.DeriveKey);
            SymmetricKeyPolicy.Check(keyAlgorithm, length, usage);
        }

        using UsableKey baseKey = await KeyUse.AcquireAsync(
            context, request.UniqueIdentifier[0], Operation.DeriveKey, CryptographicUsageMask.DeriveKey, KeyPurpose.Protect, s_baseTypes, 1, cancellationToken).ConfigureAwait(false);
        string id = Guid.CreateVersion7().ToString();
        var derived = new ManagedObject(id, request.ObjectType, State.PreActive, attributes);
        byte[] material = new byte[length / 8];
        WireObject? body = null;
        try
        {
            KeyDerivation.Derive(request.DerivationMethod, request.DerivationParameters!, baseKey, material, version);
            body = Body(request.ObjectType, material, algorithm, length);
            derived.Material = ObjectBodyCodec.Seal(context.Services.Barrier, id, body);
            NewObjectAttributes.AddServerAttributes(derived, body, context);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
            if (body is not null)
            {
                UsableKey.Erase(body);
            }
        }

        // KMIP 2.1 §6.1.20: the derived object links to its base, and the base to what was derived from it.
        derived.Attributes.Add(Tag.Link, Link(LinkType.DerivationBaseObjectLink, baseKey.Object.Id));
        baseKey.Object.Attributes.Add(Tag.Link, Link(LinkType.DerivedKeyLink, id));
        ObjectAccess.SaveChanged(baseKey.Object, context);
        context.Objects.Insert(derived);
        // KMIP 2.1 §6.1.20: the new object's identifier becomes the ID Placeholder.
        context.IdPlaceholder = id;
        return new DeriveKeyResponsePayload { UniqueIdentifier = id };
    }

    internal static TtlvNode Link(LinkType type, string id) => TtlvNode.Structure(Tag.Link,
        TtlvNode.Enumeration(Tag.LinkType, (uint)type),
        TtlvNode.TextString(Tag.LinkedObjectIdentifier, id));

    private static WireObject Body(ObjectType type, byte[] material, CryptographicAlgorithm? algorithm, int length) => type == ObjectType.SymmetricKey
        ? new SymmetricKey
        {
            KeyBlock = new KeyBlock
            {
                KeyFormatType = KeyFormatType.Raw,
                KeyValue = new KeyValue { KeyMaterial = TtlvNode.ByteString(Tag.KeyMaterial, material) },
                CryptographicAlgorithm = algorithm,
                CryptographicLength = length,
            },
        }
        : new SecretData
        {
            // KMIP 2.1 §2.2.7: derived secret data is a Seed (key material and IVs a client cuts from it).
            SecretDataType = SecretDataType.Seed,
            KeyBlock = new KeyBlock
            {
                KeyFormatType = KeyFormatType.Opaque,
                KeyValue = new KeyValue { KeyMaterial = TtlvNode.ByteString(Tag.KeyMaterial, material) },
                CryptographicLength = length,
            },
        };
}
