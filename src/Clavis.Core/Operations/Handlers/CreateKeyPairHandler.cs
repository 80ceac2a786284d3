using Clavis.Core.Access;
using Clavis.Core.Attributes;
using Clavis.Core.Keys;
using Clavis.Core.Objects;
using Clavis.Crypto.Asymmetric;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;
using WireObject = Clavis.Kmip.Messages.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Create Key Pair (KMIP 2.1 §6.1.5, 1.4 §4.2): generates an RSA, ECDSA or Ed25519 key pair with the client's
/// Common, Private Key and Public Key attributes (1.x Template-Attributes and templates too), links the two
/// halves, stores both sealed, and sets the ID Placeholder to the private key. RSA pairs come from the
/// <see cref="RsaKeyPool"/> when the host has one.
/// </summary>
public sealed class CreateKeyPairHandler : OperationHandler<CreateKeyPairRequestPayload, CreateKeyPairResponsePayload>
{
    /// <inheritdoc/>
    public override Operation Operation => Operation.CreateKeyPair;

    /// <inheritdoc/>
    protected override async ValueTask<CreateKeyPairResponsePayload> HandleAsync(CreateKeyPairRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        AttributeSet privateAttributes = await NewObjectAttributes.CollectAsync(
            Merge(request.CommonAttributes, request.PrivateKeyAttributes), [.. request.CommonTemplateNames ?? [], .. request.PrivateKeyTemplateNames ?? []],
            ObjectType.PrivateKey, context, cancellationToken).ConfigureAwait(false);
        AttributeSet publicAttributes = await NewObjectAttributes.CollectAsync(
            Merge(request.CommonAttributes, request.PublicKeyAttributes), [.. request.CommonTemplateNames ?? [], .. request.PublicKeyTemplateNames ?? []],
            ObjectType.PublicKey, context, cancellationToken).ConfigureAwait(false);

        (ManagedObject privateKey, ManagedObject publicKey) = GeneratePair(privateAttributes, publicAttributes, context);
        await AccessControl.RequireAsync(context, privateKey, cancellationToken).ConfigureAwait(false);
        await AccessControl.RequireAsync(context, publicKey, cancellationToken).ConfigureAwait(false);
        context.Objects.Insert(privateKey);
        context.Objects.Insert(publicKey);
        // KMIP 2.1 §6.1.5: the ID Placeholder is set to the Unique Identifier of the private key.
        context.IdPlaceholder = privateKey.Id;
        return new CreateKeyPairResponsePayload { PrivateKeyUniqueIdentifier = privateKey.Id, PublicKeyUniqueIdentifier = publicKey.Id };
    }

    /// <summary>
    /// Generates a key pair as <paramref name="privateAttributes"/> and <paramref name="publicAttributes"/> ask
    /// (algorithm, length or curve, usage masks checked), and returns both halves sealed and linked, Pre-Active,
    /// not yet staged. Shared with Re-key Key Pair.
    /// </summary>
    /// <exception cref="KmipException">Invalid Field, naming what is wrong.</exception>
    internal static (ManagedObject Private, ManagedObject Public) GeneratePair(AttributeSet privateAttributes, AttributeSet publicAttributes, OperationContext context)
    {
        // KMIP 2.1 §6.1.5: the Cryptographic Algorithm (and its length or curve) is common to the pair.
        var algorithm = (CryptographicAlgorithm)(privateAttributes.GetEnumeration(Tag.CryptographicAlgorithm)
            ?? throw new KmipException(ResultReason.InvalidField, "Cryptographic Algorithm is missing"));
        if (publicAttributes.GetEnumeration(Tag.CryptographicAlgorithm) is uint publicAlgorithm && publicAlgorithm != (uint)algorithm)
        {
            KmipException.ThrowInvalidField($"the public key's Cryptographic Algorithm {(CryptographicAlgorithm)publicAlgorithm} differs from the private key's {algorithm}");
        }

        int? length = privateAttributes.GetInteger(Tag.CryptographicLength) ?? publicAttributes.GetInteger(Tag.CryptographicLength);
        if (publicAttributes.GetInteger(Tag.CryptographicLength) is int publicLength && length is int privateLength && publicLength != privateLength)
        {
            KmipException.ThrowInvalidField($"the public key's Cryptographic Length {publicLength} differs from the private key's {privateLength}");
        }

        KeyPairSpec spec = AsymmetricKeyPolicy.Check(
            algorithm, length, CurveOf(privateAttributes) ?? CurveOf(publicAttributes),
            (CryptographicUsageMask)(uint)(privateAttributes.GetInteger(Tag.CryptographicUsageMask) ?? 0),
            (CryptographicUsageMask)(uint)(publicAttributes.GetInteger(Tag.CryptographicUsageMask) ?? 0));

        using AsymmetricKeyPair pair = spec.Type == AsymmetricKeyType.Rsa && context.Services.RsaKeyPool is RsaKeyPool pool
            ? pool.Take(spec.RsaModulusBits)
            : KeyPairGenerator.Generate(spec);
        int keyLength = length ?? pair.PrivateKey.SizeInBits;
        string privateId = Guid.CreateVersion7().ToString();
        string publicId = Guid.CreateVersion7().ToString();

        // OASIS AKLC test cases and PyKMIP expect RSA pairs as PKCS#1; EC and Ed25519 keys are kept in the
        // self-describing PKCS#8 and SubjectPublicKeyInfo, which carry their curve.
        (KeyFormatType privateFormat, KeyFormatType publicFormat) = spec.Type == AsymmetricKeyType.Rsa
            ? (KeyFormatType.PKCS_1, KeyFormatType.PKCS_1)
            : (KeyFormatType.PKCS_8, KeyFormatType.X_509);
        TtlvNode privateMaterial = KeyFormats.PrivateKeyMaterial(pair.PrivateKey, privateFormat);
        ManagedObject privateKey;
        try
        {
            privateKey = NewKey(privateId, ObjectType.PrivateKey, privateAttributes, new PrivateKey { KeyBlock = Block(privateFormat, privateMaterial, algorithm, keyLength) },
                algorithm, keyLength, LinkType.PublicKeyLink, publicId, context);
        }
        finally
        {
            KeyFormats.Erase(privateMaterial);
        }

        ManagedObject publicKey = NewKey(publicId, ObjectType.PublicKey, publicAttributes,
            new PublicKey { KeyBlock = Block(publicFormat, KeyFormats.PublicKeyMaterial(pair.PublicKey, publicFormat), algorithm, keyLength) },
            algorithm, keyLength, LinkType.PrivateKeyLink, privateId, context);

        return (privateKey, publicKey);
    }

    // KMIP 2.1 §6.1.5: attributes given for one key take precedence over the same attributes among the Common Attributes.
    internal static List<KmipAttribute> Merge(List<KmipAttribute>? common, List<KmipAttribute>? specific)
    {
        var overridden = (specific ?? []).Select(AttributeValues.KeyOf).ToHashSet();
        return [.. (common ?? []).Where(attribute => NewObjectAttributes.IsProfileReference(attribute) || !overridden.Contains(AttributeValues.KeyOf(attribute))), .. specific ?? []];
    }

    // KMIP 2.1 §4.14: the curve is the Recommended Curve of the Cryptographic Domain Parameters.
    private static RecommendedCurve? CurveOf(AttributeSet attributes) =>
        attributes.GetFirst(Tag.CryptographicDomainParameters)?.Find(Tag.RecommendedCurve) is { Type: TtlvType.Enumeration } curve
            ? (RecommendedCurve)curve.EnumerationValue
            : null;

    private static KeyBlock Block(KeyFormatType format, TtlvNode material, CryptographicAlgorithm algorithm, int length) => new()
    {
        KeyFormatType = format,
        KeyValue = new KeyValue { KeyMaterial = material },
        CryptographicAlgorithm = algorithm,
        CryptographicLength = length,
    };

    private static ManagedObject NewKey(
        string id, ObjectType objectType, AttributeSet attributes, WireObject body, CryptographicAlgorithm algorithm, int length, LinkType linkType, string linkedId, OperationContext context)
    {
        attributes.SetEnumeration(Tag.CryptographicAlgorithm, (uint)algorithm);
        attributes.Set(Tag.CryptographicLength, TtlvNode.Integer(Tag.CryptographicLength, length));
        // KMIP 2.1 §4.30 / §6.1.5: each half links to the other (Public Key Link on the private key, Private Key Link on the public key).
        attributes.Add(Tag.Link, TtlvNode.Structure(Tag.Link,
            TtlvNode.Enumeration(Tag.LinkType, (uint)linkType),
            TtlvNode.TextString(Tag.LinkedObjectIdentifier, linkedId)));
        var managedObject = new ManagedObject(id, objectType, State.PreActive, attributes)
        {
            Material = ObjectBodyCodec.Seal(context.Services.Barrier, id, body),
        };
        NewObjectAttributes.AddServerAttributes(managedObject, body, context);
        // KMIP 1.4 §3.44: the generator of a generated key.
        attributes.Set(Tag.RandomNumberGenerator, GeneratedKeys.RandomNumberGenerator());
        return managedObject;
    }
}
