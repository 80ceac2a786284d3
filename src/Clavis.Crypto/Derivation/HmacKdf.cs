using System.Security.Cryptography;

namespace Clavis.Crypto.Derivation;

/// <summary>
/// HMAC as a key derivation function: the derived bytes are the leftmost bytes of HMAC(base key, data). One
/// HMAC output is the most it gives; longer keys need HKDF or SP 800-108.
/// </summary>
public static class HmacKdf
{
    /// <summary>Fills <paramref name="destination"/> with the leftmost bytes of HMAC(<paramref name="key"/>, <paramref name="data"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is longer than one HMAC output.</exception>
    /// <exception cref="CryptographicException">The hash is not supported.</exception>
    public static void DeriveBytes(ReadOnlySpan<byte> key, HashAlgorithmName hash, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> mac = stackalloc byte[64];
        int written = HmacOf(hash, key, data, mac);
        try
        {
            if (destination.Length > written)
            {
                throw new ArgumentException($"HMAC-{hash.Name} gives at most {written * 8} bits; {destination.Length * 8} were asked", nameof(destination));
            }

            mac[..destination.Length].CopyTo(destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(mac);
        }
    }

    /// <summary>The output length in bytes of <paramref name="hash"/>.</summary>
    /// <exception cref="CryptographicException">The hash is not supported.</exception>
    public static int OutputLength(HashAlgorithmName hash) => HmacOf(hash, [], [], stackalloc byte[64]);

    private static int HmacOf(HashAlgorithmName hash, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination) => hash.Name switch
    {
        "SHA1" => HMACSHA1.HashData(key, data, destination),
        "SHA256" => HMACSHA256.HashData(key, data, destination),
        "SHA384" => HMACSHA384.HashData(key, data, destination),
        "SHA512" => HMACSHA512.HashData(key, data, destination),
        "SHA3-256" => HMACSHA3_256.HashData(key, data, destination),
        "SHA3-384" => HMACSHA3_384.HashData(key, data, destination),
        "SHA3-512" => HMACSHA3_512.HashData(key, data, destination),
        _ => throw new CryptographicException($"HMAC with {hash.Name} is not supported"),
    };
}
