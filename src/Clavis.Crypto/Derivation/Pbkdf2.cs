using System.Security.Cryptography;

namespace Clavis.Crypto.Derivation;

/// <summary>PBKDF2 (RFC 8018 §5.2) with an HMAC PRF, over the BCL's implementation.</summary>
public static class Pbkdf2
{
    /// <summary>Fills <paramref name="destination"/> with PBKDF2(<paramref name="password"/>, <paramref name="salt"/>, <paramref name="iterations"/>).</summary>
    /// <param name="password">The password bytes (the base object's value).</param>
    /// <param name="salt">The salt.</param>
    /// <param name="iterations">The iteration count, at least 1.</param>
    /// <param name="prf">HMAC-SHA-1, -SHA-256, -SHA-384 or -SHA-512 (by hash name).</param>
    /// <param name="destination">Receives the derived key; its length is dkLen.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is not positive.</exception>
    /// <exception cref="CryptographicException">The hash is not supported.</exception>
    public static void DeriveBytes(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, int iterations, HashAlgorithmName prf, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);
        Rfc2898DeriveBytes.Pbkdf2(password, salt, destination, iterations, prf);
    }
}
