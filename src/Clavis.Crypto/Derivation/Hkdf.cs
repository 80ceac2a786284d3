using System.Security.Cryptography;

namespace Clavis.Crypto.Derivation;

/// <summary>HKDF (RFC 5869): extract then expand, over the BCL's implementation.</summary>
public static class Hkdf
{
    /// <summary>Fills <paramref name="destination"/> with HKDF(<paramref name="inputKeyMaterial"/>, <paramref name="salt"/>, <paramref name="info"/>).</summary>
    /// <param name="hash">The hash of HMAC.</param>
    /// <param name="inputKeyMaterial">IKM, the base key.</param>
    /// <param name="salt">The salt; empty means a string of zeros of the hash length (RFC 5869 §2.2).</param>
    /// <param name="info">Context and application information.</param>
    /// <param name="destination">Receives L bytes, at most 255 hash lengths (RFC 5869 §2.3).</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is empty or longer than 255 hash lengths.</exception>
    /// <exception cref="CryptographicException">The hash is not supported.</exception>
    public static void DeriveBytes(HashAlgorithmName hash, ReadOnlySpan<byte> inputKeyMaterial, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, Span<byte> destination)
    {
        int limit = 255 * HmacKdf.OutputLength(hash);
        if (destination.IsEmpty || destination.Length > limit)
        {
            throw new ArgumentException($"HKDF-{hash.Name} gives 1 to {limit} bytes; {destination.Length} were asked", nameof(destination));
        }

        HKDF.DeriveKey(hash, inputKeyMaterial, destination, salt, info);
    }
}
