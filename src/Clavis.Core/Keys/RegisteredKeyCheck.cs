using Clavis.Crypto.Asymmetric;
using Clavis.Crypto.Formats;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Keys;

/// <summary>
/// What Register checks of a private or public key the client supplies in the clear: the material parses in its
/// Key Format Type, is of the Key Block's Cryptographic Algorithm, and the block's Cryptographic Length (filled
/// in when absent) is the key's. A key the server could not use later is refused now, with why.
/// </summary>
internal static class RegisteredKeyCheck
{
    /// <summary>Checks <paramref name="block"/> and completes its algorithm and length from the key.</summary>
    /// <param name="block">The key block as registered.</param>
    /// <param name="objectType">Private Key or Public Key.</param>
    /// <param name="attributeAlgorithm">The Cryptographic Algorithm attribute the client gave, which names EC keys as EC or ECDSA.</param>
    /// <exception cref="KmipException">Invalid Field, saying what does not parse or does not agree.</exception>
    public static void Check(KeyBlock block, ObjectType objectType, CryptographicAlgorithm? attributeAlgorithm)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (objectType == ObjectType.PrivateKey && block.KeyFormatType == KeyFormatType.PKCS_8
            && block.KeyValue?.KeyMaterial is { Type: Kmip.Ttlv.TtlvType.ByteString } material && AsymmetricPrivateKey.IsEncryptedPkcs8(material.ByteStringValue))
        {
            // RFC 5208 §6: an EncryptedPrivateKeyInfo is a PKCS#8 key too (OASIS TC-ECC-2 registers one). It is kept
            // as given, like a key the client wrapped: Get returns it as registered; using or converting it is refused.
            return;
        }

        AsymmetricKeyType type;
        int size;
        try
        {
            if (objectType == ObjectType.PrivateKey)
            {
                using AsymmetricPrivateKey key = KeyFormats.OpenPrivateKey(block);
                (type, size) = (key.Type, key.SizeInBits);
            }
            else
            {
                AsymmetricPublicKey key = KeyFormats.OpenPublicKey(block);
                (type, size) = (key.Type, key.SizeInBits);
            }
        }
        catch (KeyFormatException ex)
        {
            // KMIP 2.1 §6.1.47: the object must be a valid key of its type.
            throw new KmipException(ResultReason.InvalidField, $"the {objectType}'s Key Material is not a usable {block.KeyFormatType} key: {ex.Message}", ex);
        }

        if (block.CryptographicAlgorithm is CryptographicAlgorithm algorithm && !KeyFormats.Names(algorithm, type))
        {
            throw new KmipException(ResultReason.InvalidField, $"the Key Block says {algorithm} but the {objectType} is a{(type == AsymmetricKeyType.Rsa ? "n" : "")} {KeyFormats.AlgorithmOf(type)} key");
        }

        if (block.CryptographicLength is int length && length != size && !(type == AsymmetricKeyType.Ed25519 && length == 256))
        {
            throw new KmipException(ResultReason.InvalidField, $"the Key Block's Cryptographic Length {length} is not the key's {size} bits");
        }

        block.CryptographicAlgorithm ??= attributeAlgorithm is CryptographicAlgorithm given && KeyFormats.Names(given, type) ? given : KeyFormats.AlgorithmOf(type);
        block.CryptographicLength ??= size;
    }
}
