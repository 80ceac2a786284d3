using System.Security.Cryptography;

namespace Clavis.Crypto.Wrapping;

/// <summary>Wrapping with RSAES-OAEP (RFC 8017 §7.1) under a public key given as encoded bytes.</summary>
public static class RsaOaepKeyWrap
{
    /// <summary>Encrypts <paramref name="plaintext"/> under the RSA public key in <paramref name="publicKey"/>.</summary>
    /// <param name="publicKey">A DER X.509 SubjectPublicKeyInfo or a DER PKCS#1 RSAPublicKey.</param>
    /// <param name="oaepHash">The OAEP hash (and MGF1 hash): SHA-1, SHA-256, SHA-384 or SHA-512.</param>
    /// <param name="plaintext">The key material to wrap.</param>
    /// <returns>The ciphertext, the modulus length; the caller owns it.</returns>
    /// <exception cref="CryptographicException">The key does not decode, or the plaintext is too long for the modulus and hash.</exception>
    public static byte[] Wrap(ReadOnlySpan<byte> publicKey, HashAlgorithmName oaepHash, ReadOnlySpan<byte> plaintext)
    {
        using RSA rsa = ImportPublicKey(publicKey);
        RSAEncryptionPadding padding = RSAEncryptionPadding.CreateOaep(oaepHash);
        return rsa.Encrypt(plaintext, padding);
    }

    /// <summary>Imports an RSA public key from SubjectPublicKeyInfo or PKCS#1 RSAPublicKey DER.</summary>
    /// <exception cref="CryptographicException">Neither form decodes over the whole input.</exception>
    public static RSA ImportPublicKey(ReadOnlySpan<byte> publicKey)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportSubjectPublicKeyInfo(publicKey, out int read);
            if (read == publicKey.Length)
            {
                return rsa;
            }
        }
        catch (CryptographicException)
        {
            // Not SubjectPublicKeyInfo; try the bare PKCS#1 form below.
        }

        try
        {
            rsa.ImportRSAPublicKey(publicKey, out int read);
            if (read == publicKey.Length)
            {
                return rsa;
            }
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
            throw new CryptographicException("the public key is neither an X.509 SubjectPublicKeyInfo nor a PKCS#1 RSAPublicKey");
        }

        rsa.Dispose();
        throw new CryptographicException("the public key has trailing bytes after its encoding");
    }
}
