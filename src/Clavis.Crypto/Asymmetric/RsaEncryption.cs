using System.Security.Cryptography;

namespace Clavis.Crypto.Asymmetric;

/// <summary>
/// RSA encryption (RFC 8017 §7): RSAES-OAEP with SHA-1, SHA-256, SHA-384 or SHA-512 (MGF1 over the same hash, empty label) and
/// RSAES-PKCS1-v1_5, encrypting with the public key and decrypting with the private key.
/// </summary>
public static class RsaEncryption
{
    /// <summary>The paddings offered.</summary>
    public static IReadOnlyList<RSAEncryptionPadding> Paddings { get; } =
        [RSAEncryptionPadding.OaepSHA1, RSAEncryptionPadding.OaepSHA256, RSAEncryptionPadding.OaepSHA384, RSAEncryptionPadding.OaepSHA512, RSAEncryptionPadding.Pkcs1];

    /// <summary>Encrypts <paramref name="plaintext"/> under <paramref name="key"/>.</summary>
    /// <exception cref="CryptographicParametersException">The key is not RSA, the padding is not offered, or the data is too long for one block.</exception>
    public static byte[] Encrypt(AsymmetricPublicKey key, RSAEncryptionPadding padding, ReadOnlySpan<byte> plaintext)
    {
        ArgumentNullException.ThrowIfNull(key);
        Check(key.Type, padding);
        int maximum = MaximumPlaintextLength(key.SizeInBits, padding);
        if (plaintext.Length > maximum)
        {
            // RFC 8017 §7.1.1 step 1b / §7.2.1 step 1: the message must fit one block.
            throw new CryptographicParametersException($"an RSA-{key.SizeInBits} key with {Describe(padding)} encrypts at most {maximum} bytes, not {plaintext.Length}");
        }

        using RSA rsa = key.OpenRsa();
        return rsa.Encrypt(plaintext.ToArray(), padding);
    }

    /// <summary>Decrypts <paramref name="ciphertext"/> with <paramref name="key"/>. The caller owns and clears the result.</summary>
    /// <exception cref="CryptographicParametersException">The key is not RSA, the padding is not offered, or the ciphertext is not one block long.</exception>
    /// <exception cref="CryptographicException">The ciphertext does not decrypt (wrong key, padding or tampering).</exception>
    public static byte[] Decrypt(AsymmetricPrivateKey key, RSAEncryptionPadding padding, ReadOnlySpan<byte> ciphertext)
    {
        ArgumentNullException.ThrowIfNull(key);
        Check(key.Type, padding);
        int blockLength = (key.SizeInBits + 7) / 8;
        if (ciphertext.Length != blockLength)
        {
            throw new CryptographicParametersException($"an RSA-{key.SizeInBits} ciphertext is {blockLength} bytes, not {ciphertext.Length}");
        }

        return key.HeldRsa.Decrypt(ciphertext.ToArray(), padding);
    }

    /// <summary>The longest message one block carries (RFC 8017 §7.1.1: k - 2hLen - 2 for OAEP; §7.2.1: k - 11 for PKCS#1 v1.5).</summary>
    public static int MaximumPlaintextLength(int modulusBits, RSAEncryptionPadding padding)
    {
        ArgumentNullException.ThrowIfNull(padding);
        int k = (modulusBits + 7) / 8;
        return padding.Mode == RSAEncryptionPaddingMode.Pkcs1 ? k - 11 : k - (2 * Signatures.DigestLength(padding.OaepHashAlgorithm)) - 2;
    }

    private static void Check(AsymmetricKeyType type, RSAEncryptionPadding padding)
    {
        ArgumentNullException.ThrowIfNull(padding);
        if (type != AsymmetricKeyType.Rsa)
        {
            throw new CryptographicParametersException($"RSA encryption needs an RSA key, and the key is {type}");
        }

        if (!Paddings.Contains(padding))
        {
            throw new CryptographicParametersException($"RSA encryption padding {Describe(padding)} is not offered (OAEP with SHA-1, SHA-256, SHA-384 or SHA-512; PKCS#1 v1.5)");
        }
    }

    private static string Describe(RSAEncryptionPadding padding) =>
        padding.Mode == RSAEncryptionPaddingMode.Pkcs1 ? "PKCS#1 v1.5" : $"OAEP-{padding.OaepHashAlgorithm.Name}";
}
