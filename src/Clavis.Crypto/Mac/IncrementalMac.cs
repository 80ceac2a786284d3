using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;

namespace Clavis.Crypto.Mac;

/// <summary>
/// A MAC computed over data given in parts. Disposing it zeroes the key-derived state.
/// Not thread-safe: one computation at a time.
/// </summary>
public abstract class IncrementalMac : IDisposable
{
    /// <summary>The MAC length in bytes.</summary>
    public abstract int MacSize { get; }

    /// <summary>Whether <paramref name="algorithm"/> can be computed on this platform (SHA-3 needs OpenSSL 1.1.1+).</summary>
    public static bool IsSupported(MacAlgorithm algorithm) => algorithm switch
    {
        MacAlgorithm.HmacSha3_256 => HMACSHA3_256.IsSupported,
        MacAlgorithm.HmacSha3_384 => HMACSHA3_384.IsSupported,
        MacAlgorithm.HmacSha3_512 => HMACSHA3_512.IsSupported,
        _ => Enum.IsDefined(algorithm),
    };

    /// <summary>Starts a MAC under <paramref name="key"/> (copied into the computation's own state).</summary>
    /// <exception cref="ArgumentException">The key does not fit the algorithm (CMAC needs an AES key; HMAC a non-empty key).</exception>
    /// <exception cref="PlatformNotSupportedException">The platform lacks the algorithm.</exception>
    public static IncrementalMac Create(MacAlgorithm algorithm, ReadOnlySpan<byte> key)
    {
        if (algorithm != MacAlgorithm.AesCmac && key.IsEmpty)
        {
            throw new ArgumentException("an HMAC key is not empty", nameof(key));
        }

        if (!IsSupported(algorithm))
        {
            throw new PlatformNotSupportedException($"{algorithm} is not available on this platform");
        }

        return algorithm switch
        {
            MacAlgorithm.HmacSha1 => new BclHmac(HashAlgorithmName.SHA1, key),
            MacAlgorithm.HmacSha224 => new DigestHmac(new Sha224Digest(), key),
            MacAlgorithm.HmacSha256 => new BclHmac(HashAlgorithmName.SHA256, key),
            MacAlgorithm.HmacSha384 => new BclHmac(HashAlgorithmName.SHA384, key),
            MacAlgorithm.HmacSha512 => new BclHmac(HashAlgorithmName.SHA512, key),
            MacAlgorithm.HmacSha3_256 => new BclHmac(HashAlgorithmName.SHA3_256, key),
            MacAlgorithm.HmacSha3_384 => new BclHmac(HashAlgorithmName.SHA3_384, key),
            MacAlgorithm.HmacSha3_512 => new BclHmac(HashAlgorithmName.SHA3_512, key),
            MacAlgorithm.AesCmac => new AesCmac(key),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not a MAC algorithm"),
        };
    }

    /// <summary>The MAC of <paramref name="data"/> in one call.</summary>
    /// <exception cref="ArgumentException">The key does not fit the algorithm.</exception>
    public static byte[] Compute(MacAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        using IncrementalMac mac = Create(algorithm, key);
        mac.Append(data);
        return mac.Finish();
    }

    /// <summary>Adds <paramref name="data"/> to the MAC.</summary>
    public abstract void Append(ReadOnlySpan<byte> data);

    /// <summary>The MAC of everything appended; the computation cannot be used afterwards.</summary>
    public abstract byte[] Finish();

    /// <summary>Zeroes the key-derived state.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the computation's resources.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected abstract void Dispose(bool disposing);

    private sealed class BclHmac(HashAlgorithmName hash, ReadOnlySpan<byte> key) : IncrementalMac
    {
        // IncrementalHash keeps the key in native state that is freed (and cleared by OpenSSL) on dispose.
        private readonly IncrementalHash _hmac = IncrementalHash.CreateHMAC(hash, key);

        public override int MacSize => _hmac.HashLengthInBytes;

        public override void Append(ReadOnlySpan<byte> data) => _hmac.AppendData(data);

        public override byte[] Finish() => _hmac.GetHashAndReset();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hmac.Dispose();
            }
        }
    }
}
