using System.Security.Cryptography;

namespace Clavis.Crypto.Wrapping;

/// <summary>
/// Wrapping with AES-GCM (NIST SP 800-38D): the wrapped value is the ciphertext followed by the 16-byte
/// authentication tag; the 12-byte nonce travels beside it (KMIP's Key Wrapping Data IV/Counter/Nonce).
/// </summary>
public static class AesGcmKeyWrap
{
    /// <summary>The nonce length used: 96 bits, the length SP 800-38D §8.2 recommends.</summary>
    public const int NonceLength = 12;

    /// <summary>The authentication tag length: 128 bits.</summary>
    public const int TagLength = 16;

    /// <summary>Encrypts <paramref name="plaintext"/> under <paramref name="key"/> with <paramref name="nonce"/>.</summary>
    /// <param name="key">The AES key (16, 24 or 32 bytes); not kept.</param>
    /// <param name="nonce">A nonce never used before with this key (<see cref="NonceLength"/> bytes).</param>
    /// <param name="plaintext">The key material to wrap.</param>
    /// <param name="associatedData">Authenticated, not encrypted; may be empty.</param>
    /// <returns>Ciphertext || tag; the caller owns it.</returns>
    /// <exception cref="CryptographicException">The key or nonce length is invalid.</exception>
    public static byte[] Wrap(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData = default)
    {
        using var gcm = new AesGcm(key, TagLength);
        byte[] output = new byte[plaintext.Length + TagLength];
        gcm.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), associatedData);
        return output;
    }

    /// <summary>Decrypts and authenticates what <see cref="Wrap"/> produced.</summary>
    /// <returns>The key material; the caller owns it and should zero it.</returns>
    /// <exception cref="CryptographicException">The tag does not verify (wrong key, nonce or altered input) or a length is invalid.</exception>
    public static byte[] Unwrap(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> associatedData = default)
    {
        if (wrapped.Length < TagLength)
        {
            throw new CryptographicException($"an AES-GCM wrapped key is at least {TagLength} bytes (the tag)");
        }

        using var gcm = new AesGcm(key, TagLength);
        int length = wrapped.Length - TagLength;
        byte[] output = new byte[length];
        gcm.Decrypt(nonce, wrapped[..length], wrapped[length..], output, associatedData);
        return output;
    }
}
