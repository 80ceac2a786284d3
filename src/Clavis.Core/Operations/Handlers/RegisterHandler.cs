using Clavis.Core.Access;
using Clavis.Core.Keys;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using Clavis.Kmip.Versioning;
using ManagedObject = Clavis.Core.Objects.ManagedObject;
using WireObject = Clavis.Kmip.Messages.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Register (KMIP 2.1 §6.1.47): stores an object the client supplies — Symmetric, Public and Private Keys,
/// Certificates, Secret Data, Opaque Objects, Split Keys, and KMIP 1.x Templates — with its body sealed. A key
/// the client wrapped under its own key is kept as it came and flagged <see cref="ClavisAttributes.ClientWrapped"/>.
/// </summary>
public sealed class RegisterHandler : OperationHandler<RegisterRequestPayload, RegisterResponsePayload>
{
    /// <inheritdoc/>
    public override Operation Operation => Operation.Register;

    /// <inheritdoc/>
    protected override async ValueTask<RegisterResponsePayload> HandleAsync(RegisterRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        WireObject body = request.Object ?? throw new KmipException(ResultReason.InvalidField, "Register needs the object to register");
        ObjectType objectType = request.ObjectType;
        if (body.ObjectType != objectType)
        {
            // KMIP 2.1 §6.1.47: the Object Type names the object that follows.
            KmipException.ThrowInvalidField($"Object Type is {objectType} but the object is a {body.ObjectType}");
        }

        if (!VersionRules.IsDefinedIn(objectType, context.Version))
        {
            // KMIP 2.0 §2: Template objects were removed; a 2.x request cannot register one.
            KmipException.ThrowInvalidField($"KMIP {context.Version} has no {objectType} objects");
        }

        if (objectType is ObjectType.PGPKey or ObjectType.CertificateRequest)
        {
            throw new KmipException(ResultReason.FeatureNotSupported, $"this server does not register {objectType} objects");
        }

        KeyBlock? block = ObjectBodyCodec.KeyBlockOf(body);
        if (block is null && objectType is ObjectType.SymmetricKey or ObjectType.PublicKey or ObjectType.PrivateKey or ObjectType.SecretData or ObjectType.SplitKey)
        {
            KmipException.ThrowInvalidField($"the {objectType} has no Key Block");
        }

        AttributeSet attributes = await NewObjectAttributes.CollectAsync(request.Attributes, request.TemplateNames, objectType, context, cancellationToken).ConfigureAwait(false);
        bool clientWrapped = block is not null && (block.KeyWrappingData is not null || block.WrappedKeyValue is not null);
        if (block is not null)
        {
            if (!clientWrapped && objectType is ObjectType.PrivateKey or ObjectType.PublicKey)
            {
                RegisteredKeyCheck.Check(block, objectType, (CryptographicAlgorithm?)attributes.GetEnumeration(Tag.CryptographicAlgorithm));
            }

            ReconcileKeyBlock(block, attributes, objectType, clientWrapped);
        }

        string id = Guid.CreateVersion7().ToString();
        var managedObject = new ManagedObject(id, objectType, State.PreActive, attributes)
        {
            Material = ObjectBodyCodec.Seal(context.Services.Barrier, id, body),
        };
        if (clientWrapped)
        {
            // DESIGN.md "Key material at rest": a client-wrapped key is stored and returned, never used.
            attributes.Set(ClavisAttributes.ClientWrapped, TtlvNode.Boolean(Tag.AttributeValue, true));
        }

        NewObjectAttributes.AddServerAttributes(managedObject, body, context);
        await AccessControl.RequireAsync(context, managedObject, cancellationToken).ConfigureAwait(false);
        context.Objects.Insert(managedObject);
        context.IdPlaceholder = id;
        return new RegisterResponsePayload { UniqueIdentifier = id };
    }

    // KMIP 2.1 §6.1.47: a key's Cryptographic Algorithm and Length are those of its Key Block; attributes that
    // contradict the key block are refused rather than stored as a lie.
    private static void ReconcileKeyBlock(KeyBlock block, AttributeSet attributes, ObjectType objectType, bool clientWrapped)
    {
        if (block.CryptographicAlgorithm is CryptographicAlgorithm blockAlgorithm)
        {
            if (attributes.GetEnumeration(Tag.CryptographicAlgorithm) is uint given && given != (uint)blockAlgorithm)
            {
                KmipException.ThrowInvalidField($"Cryptographic Algorithm {(CryptographicAlgorithm)given} contradicts the Key Block's {blockAlgorithm}");
            }

            attributes.SetEnumeration(Tag.CryptographicAlgorithm, (uint)blockAlgorithm);
        }

        int? materialLength = !clientWrapped && objectType == ObjectType.SymmetricKey && block.KeyValue?.KeyMaterial is { Type: TtlvType.ByteString } raw
            ? raw.ByteStringValue.Length * 8
            : null;
        int? blockLength = block.CryptographicLength ?? materialLength;
        if (blockLength is int length)
        {
            if (attributes.GetInteger(Tag.CryptographicLength) is int givenLength && givenLength != length)
            {
                KmipException.ThrowInvalidField($"Cryptographic Length {givenLength} contradicts the key's {length} bits");
            }

            attributes.Set(Tag.CryptographicLength, TtlvNode.Integer(Tag.CryptographicLength, length));
        }

        if (objectType == ObjectType.SymmetricKey && !attributes.Contains(Tag.CryptographicAlgorithm))
        {
            KmipException.ThrowInvalidField("Cryptographic Algorithm is missing: give it as an attribute or in the Key Block");
        }

        // FIPS 197 key sizes, and 512 bits for an XTS-AES-256 double key (IEEE 1619); XTS-AES-128's double key is 256.
        // A key of another size could never be used, so it is refused now rather than at its first use.
        if (objectType == ObjectType.SymmetricKey && attributes.GetEnumeration(Tag.CryptographicAlgorithm) == (uint)CryptographicAlgorithm.AES
            && attributes.GetInteger(Tag.CryptographicLength) is int aesLength && aesLength is not (128 or 192 or 256 or 512))
        {
            KmipException.ThrowInvalidField($"an AES key is 128, 192 or 256 bits (512 for XTS-AES-256); this one is {aesLength} bits");
        }
    }
}
