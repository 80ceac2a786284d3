using System.Security.Cryptography;
using Clavis.Core.Operations;
using Clavis.Core.Operations.Handlers;
using Clavis.Crypto.Wrapping;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;
using WireManagedObject = Clavis.Kmip.Messages.ManagedObject;

namespace Clavis.Core.Keys;

/// <summary>
/// Key wrapping on Get (KMIP 2.1 §6.1.27 with §2.1.5 Key Wrapping Data and §2.1.6 Key Wrapping Specification):
/// the key block's Key Value is encrypted under another managed key and/or MACed, and the block carries Key
/// Wrapping Data saying how. Also the export rules every Get applies (Sensitive, Extractable).
/// </summary>
internal static class KeyWrapping
{
    private static readonly ObjectType[] s_encryptionKeyTypes = [ObjectType.SymmetricKey, ObjectType.PublicKey];
    private static readonly ObjectType[] s_macKeyTypes = [ObjectType.SymmetricKey];

    /// <summary>
    /// Refuses to hand out <paramref name="managedObject"/>'s value when its attributes forbid it: Extractable
    /// False forbids any Get of the value (KMIP 1.4 §3.50, 2.1 Extractable), Sensitive True any Get that does not
    /// encrypt it under another key (KMIP 1.4 §3.48, 2.1 Sensitive) — a MAC/sign-only specification leaves the value readable. A key the client registered
    /// wrapped is returned as registered: its value is not the server's to keep back.
    /// </summary>
    /// <param name="managedObject">The object asked for.</param>
    /// <param name="block">Its opened key block, or null for an object without one.</param>
    /// <param name="specification">The Get's Key Wrapping Specification, if any.</param>
    /// <param name="version">The client's version, for the reasons.</param>
    /// <exception cref="KmipException">Not Extractable or Sensitive, mapped to the client's version.</exception>
    public static void CheckExportable(ManagedObject managedObject, KeyBlock? block, KeyWrappingSpecification? specification, ProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        if (block is null || block.KeyWrappingData is not null || block.WrappedKeyValue is not null)
        {
            return;
        }

        if (managedObject.Attributes.GetFirst(Tag.Extractable) is { Type: TtlvType.Boolean, BooleanValue: false })
        {
            // KMIP 1.4 §3.50 Extractable: a key that is not Extractable never leaves the server, wrapped or not.
            throw new KmipException(
                FailureMapping.ForVersion(ResultReason.NotExtractable, version),
                $"object {managedObject.Id} is not extractable (Extractable is False); its value cannot be returned, wrapped or not");
        }

        bool encrypted = specification?.WrappingMethod is WrappingMethod.Encrypt or WrappingMethod.EncryptThenMACSign or WrappingMethod.MACSignThenEncrypt;
        if (!encrypted && managedObject.Attributes.GetFirst(Tag.Sensitive) is { Type: TtlvType.Boolean, BooleanValue: true })
        {
            // KMIP 1.4 §3.48 Sensitive: the value is returned only wrapped (encrypted) by another key.
            throw new KmipException(
                FailureMapping.ForVersion(ResultReason.Sensitive, version),
                $"object {managedObject.Id} is Sensitive; Get it with a Key Wrapping Specification that encrypts it");
        }
    }

    /// <summary>
    /// Wraps <paramref name="body"/>'s key block in place as <paramref name="specification"/> asks: its Key Value
    /// becomes the wrapped byte string (the clear material is zeroed) and Key Wrapping Data is added.
    /// </summary>
    /// <exception cref="KmipException">
    /// The specification cannot be met: Illegal Object Type (no key block), Key Wrap Type Not Supported (already
    /// wrapped), Encoding Option Error, Bad Cryptographic Parameters, Wrapping Object Not Found, Feature Not
    /// Supported, or any refusal of <see cref="KeyUse"/> for the wrapping or MAC key.
    /// </exception>
    public static async ValueTask WrapAsync(
        ManagedObject managedObject, WireManagedObject body, KeyWrappingSpecification specification, OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(specification);
        ArgumentNullException.ThrowIfNull(context);
        ProtocolVersion version = context.Version;
        KeyBlock block = Objects.ObjectBodyCodec.KeyBlockOf(body)
            ?? throw new KmipException(FailureMapping.ForVersion(ResultReason.IllegalObjectType, version), $"a {managedObject.ObjectType} has no key block to wrap");
        if (block.KeyWrappingData is not null || block.WrappedKeyValue is not null || block.KeyValue is null)
        {
            throw new KmipException(
                FailureMapping.ForVersion(ResultReason.KeyWrapTypeNotSupported, version),
                $"object {managedObject.Id} was registered wrapped by the client; the server cannot wrap it again");
        }

        bool encrypt = specification.WrappingMethod is WrappingMethod.Encrypt or WrappingMethod.EncryptThenMACSign or WrappingMethod.MACSignThenEncrypt;
        bool mac = specification.WrappingMethod is WrappingMethod.MACSign or WrappingMethod.EncryptThenMACSign or WrappingMethod.MACSignThenEncrypt;
        if (!encrypt && !mac)
        {
            throw new KmipException(ResultReason.FeatureNotSupported, $"Wrapping Method {specification.WrappingMethod} is not offered; use Encrypt, MAC/sign or a combination");
        }

        // KMIP 2.1 §2.1.6: the key for each step the Wrapping Method names is required.
        if (encrypt && specification.EncryptionKeyInformation?.UniqueIdentifier is null)
        {
            KmipException.ThrowInvalidField($"Wrapping Method {specification.WrappingMethod} needs Encryption Key Information naming the wrapping key");
        }

        if (mac && specification.MACSignatureKeyInformation?.UniqueIdentifier is null)
        {
            KmipException.ThrowInvalidField($"Wrapping Method {specification.WrappingMethod} needs MAC/Signature Key Information naming the MAC key");
        }

        EncodingOption encoding = specification.EncodingOption ?? EncodingOption.TTLVEncoding;
        byte[] plaintext = Encode(managedObject, block, specification, encoding, context);
        var wrappingData = new KeyWrappingData
        {
            WrappingMethod = specification.WrappingMethod,
            EncryptionKeyInformation = specification.EncryptionKeyInformation,
            MACSignatureKeyInformation = specification.MACSignatureKeyInformation,
            EncodingOption = specification.EncodingOption,
        };
        byte[] keyValue;
        try
        {
            if (specification.WrappingMethod == WrappingMethod.MACSignThenEncrypt)
            {
                // KMIP 2.1 §2.1.5: MAC/sign then encrypt — the MAC is over the clear Key Value.
                wrappingData.MACSignature = await MacAsync(specification.MACSignatureKeyInformation!, plaintext, context, cancellationToken).ConfigureAwait(false);
            }

            keyValue = encrypt
                ? await EncryptAsync(specification.EncryptionKeyInformation!, plaintext, wrappingData, context, cancellationToken).ConfigureAwait(false)
                : plaintext.AsSpan().ToArray();
            if (specification.WrappingMethod is WrappingMethod.MACSign or WrappingMethod.EncryptThenMACSign)
            {
                // KMIP 2.1 §2.1.5: MAC/sign alone covers the Key Value; encrypt then MAC/sign covers the wrapped bytes.
                wrappingData.MACSignature = await MacAsync(specification.MACSignatureKeyInformation!, keyValue, context, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        UsableKey.Erase(body);
        block.KeyValue = null;
        block.WrappedKeyValue = keyValue;
        block.KeyWrappingData = wrappingData;
    }

    // KMIP 2.1 §2.1.5 Encoding Option: No Encoding wraps the Key Material byte string alone; TTLV Encoding (the
    // default) wraps the whole TTLV-encoded Key Value structure, with the attributes the specification names.
    private static byte[] Encode(ManagedObject managedObject, KeyBlock block, KeyWrappingSpecification specification, EncodingOption encoding, OperationContext context)
    {
        ProtocolVersion version = context.Version;
        KeyValue keyValue = block.KeyValue!;
        if (encoding == EncodingOption.NoEncoding)
        {
            if (specification.AttributeName.Count > 0)
            {
                throw new KmipException(
                    FailureMapping.ForVersion(ResultReason.EncodingOptionError, version),
                    "attributes can be wrapped with the key only with TTLV Encoding; No Encoding wraps the key material alone");
            }

            if (keyValue.KeyMaterial is not { Type: TtlvType.ByteString } material)
            {
                throw new KmipException(
                    FailureMapping.ForVersion(ResultReason.EncodingOptionError, version),
                    $"the key is held as {block.KeyFormatType}, a structure; No Encoding wraps a byte-string key material only — use TTLV Encoding");
            }

            return material.ByteStringValue.AsSpan().ToArray();
        }

        if (encoding != EncodingOption.TTLVEncoding)
        {
            throw new KmipException(FailureMapping.ForVersion(ResultReason.EncodingOptionError, version), $"Encoding Option {encoding} is not defined");
        }

        var names = specification.AttributeName.ToHashSet(StringComparer.Ordinal);
        var wrapped = new KeyValue
        {
            KeyMaterial = keyValue.KeyMaterial,
            Attributes = names.Count == 0 ? null : [.. AttributeView.Visible(managedObject, version).Where(a => a.V1Name is string name && names.Contains(name))],
        };
        using var writer = new TtlvWriter();
        wrapped.Encode(writer, Tag.KeyValue, version);
        // Disposing the writer clears its pooled buffer, which held the clear key too.
        return writer.ToArray();
    }

    private static async ValueTask<byte[]> EncryptAsync(
        EncryptionKeyInformation information, byte[] plaintext, KeyWrappingData wrappingData, OperationContext context, CancellationToken cancellationToken)
    {
        ProtocolVersion version = context.Version;
        using UsableKey key = await AcquireWrappingKeyAsync(information.UniqueIdentifier!, CryptographicUsageMask.WrapKey, s_encryptionKeyTypes, context, cancellationToken).ConfigureAwait(false);
        CryptographicParameters? parameters = KmipCryptoChoices.Effective(information.CryptographicParameters, key.Object, version);
        if (key.Object.ObjectType == ObjectType.PublicKey)
        {
            return EncryptWithPublicKey(key, parameters, plaintext, version);
        }

        if (key.Algorithm != CryptographicAlgorithm.AES)
        {
            throw KmipCryptoChoices.BadParameters(version, $"wrapping key {key.Object.Id} is a {key.Algorithm} key; symmetric wrapping uses AES keys");
        }

        ReadOnlySpan<byte> kek = key.MaterialBytes;
        BlockCipherMode mode = parameters?.BlockCipherMode ?? BlockCipherMode.NISTKeyWrap;
        switch (mode)
        {
            case BlockCipherMode.NISTKeyWrap:
                if (plaintext.Length < 16 || plaintext.Length % 8 != 0)
                {
                    // RFC 3394 §2: whole 64-bit blocks, at least two.
                    throw KmipCryptoChoices.BadParameters(version, $"NIST Key Wrap (RFC 3394) wraps a multiple of 8 bytes, at least 16; this key is {plaintext.Length} bytes — use AES Key Wrap with Padding");
                }

                using (var wrap = new AesKeyWrap(kek))
                {
                    return wrap.Wrap(plaintext);
                }

            case BlockCipherMode.AESKeyWrapPadding:
                using (var wrap = new AesKeyWrap(kek))
                {
                    return wrap.WrapPadded(plaintext);
                }

            case BlockCipherMode.GCM:
                if (parameters?.TagLength is int tagLength && tagLength != AesGcmKeyWrap.TagLength)
                {
                    throw KmipCryptoChoices.BadParameters(version, $"AES-GCM wrapping uses a {AesGcmKeyWrap.TagLength}-byte tag, not {tagLength}");
                }

                if (parameters?.IVLength is int ivLength && ivLength != AesGcmKeyWrap.NonceLength * 8)
                {
                    throw KmipCryptoChoices.BadParameters(version, $"AES-GCM wrapping uses a {AesGcmKeyWrap.NonceLength * 8}-bit IV, not {ivLength}");
                }

                // The server picks a fresh random IV for every wrap and returns it in IV/Counter/Nonce (KMIP 2.1 §2.1.5).
                byte[] nonce = RandomNumberGenerator.GetBytes(AesGcmKeyWrap.NonceLength);
                wrappingData.IVCounterNonce = nonce;
                return AesGcmKeyWrap.Wrap(kek, nonce, plaintext);
            default:
                throw KmipCryptoChoices.BadParameters(version, $"Block Cipher Mode {mode} is not a key-wrapping mode here; use NISTKeyWrap, AESKeyWrapPadding or GCM");
        }
    }

    private static byte[] EncryptWithPublicKey(UsableKey key, CryptographicParameters? parameters, byte[] plaintext, ProtocolVersion version)
    {
        if (key.Algorithm != CryptographicAlgorithm.RSA)
        {
            throw KmipCryptoChoices.BadParameters(version, $"wrapping key {key.Object.Id} is a {key.Algorithm} public key; wrapping with a public key needs RSA");
        }

        PaddingMethod padding = parameters?.PaddingMethod ?? PaddingMethod.OAEP;
        if (padding != PaddingMethod.OAEP)
        {
            // PKCS#1 v1.5 encryption is open to padding-oracle attacks; wrapping offers OAEP only.
            throw KmipCryptoChoices.BadParameters(version, $"RSA key wrapping uses OAEP padding, not {padding}");
        }

        // OAEP's hash defaults to SHA-1, as PKCS #1 (RFC 8017 §A.2.1) and KMIP's Mask Generator Hashing Algorithm do;
        // the BCL uses one hash for OAEP and MGF1, so a different MGF1 hash is refused.
        HashingAlgorithm hashing = parameters?.HashingAlgorithm ?? HashingAlgorithm.SHA_1;
        if (parameters?.MaskGeneratorHashingAlgorithm is HashingAlgorithm mgfHash && mgfHash != hashing)
        {
            throw KmipCryptoChoices.BadParameters(version, $"RSA-OAEP here uses one hash for OAEP and MGF1; {hashing} and {mgfHash} differ");
        }

        HashAlgorithmName hash = KmipCryptoChoices.Hash(hashing, "RSA-OAEP wrapping", version);
        if (key.Block.KeyFormatType is not (KeyFormatType.PKCS_1 or KeyFormatType.X_509) || key.MaterialBytes.IsEmpty)
        {
            throw KmipCryptoChoices.BadParameters(version, $"wrapping public key {key.Object.Id} is held as {key.Block.KeyFormatType}; RSA wrapping reads PKCS#1 or X.509 public keys");
        }

        try
        {
            return RsaOaepKeyWrap.Wrap(key.MaterialBytes, hash, plaintext);
        }
        catch (CryptographicException ex)
        {
            // The message names no key bytes; the length rule of RFC 8017 §7.1.1 is the usual cause.
            throw KmipCryptoChoices.BadParameters(version, $"RSA-OAEP with {hash.Name} under key {key.Object.Id} cannot wrap {plaintext.Length} bytes: {ex.Message}");
        }
    }

    private static async ValueTask<byte[]> MacAsync(MACSignatureKeyInformation information, byte[] data, OperationContext context, CancellationToken cancellationToken)
    {
        ProtocolVersion version = context.Version;
        using UsableKey key = await AcquireWrappingKeyAsync(information.UniqueIdentifier!, CryptographicUsageMask.MACGenerate, s_macKeyTypes, context, cancellationToken).ConfigureAwait(false);
        CryptographicParameters? parameters = KmipCryptoChoices.Effective(information.CryptographicParameters, key.Object, version);
        HashAlgorithmName hash = KmipCryptoChoices.HmacHash(parameters?.CryptographicAlgorithm ?? key.Algorithm)
            ?? throw KmipCryptoChoices.BadParameters(version, $"MAC key {key.Object.Id} is a {key.Algorithm} key; the wrapped key is MACed with HMAC-SHA-1/256/384/512 keys (signing with a private key is not offered)");
        return CryptographicOperations.HmacData(hash, key.MaterialBytes, data);
    }

    private static async ValueTask<UsableKey> AcquireWrappingKeyAsync(
        string id, CryptographicUsageMask usage, ObjectType[] types, OperationContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await KeyUse.AcquireAsync(context, id, Operation.Get, usage, KeyPurpose.Protect, types, 1, cancellationToken).ConfigureAwait(false);
        }
        catch (KmipException ex) when (ex.Reason == ResultReason.ItemNotFound)
        {
            // KMIP 2.0 added Wrapping Object Not Found, so the client knows which of the two objects is missing.
            throw new KmipException(FailureMapping.ForVersion(ResultReason.WrappingObjectNotFound, context.Version), $"wrapping key {id} does not exist", ex);
        }
    }
}
