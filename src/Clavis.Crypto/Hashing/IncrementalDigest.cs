using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;

namespace Clavis.Crypto.Hashing;

/// <summary>
/// A hash computed over data given in parts: the BCL's <see cref="IncrementalHash"/> where it has the
/// function, BouncyCastle's digests for the rest (SHA-224, SHA-512/t, and SHA-3 where OpenSSL lacks it).
/// Not thread-safe: one computation at a time.
/// </summary>
public sealed class IncrementalDigest : IDisposable
{
    private readonly IncrementalHash? _bcl;
    private readonly IDigest? _bouncyCastle;

    private IncrementalDigest(IncrementalHash? bcl, IDigest? bouncyCastle)
    {
        _bcl = bcl;
        _bouncyCastle = bouncyCastle;
    }

    /// <summary>The digest length in bytes.</summary>
    public int DigestSize => _bcl?.HashLengthInBytes ?? _bouncyCastle!.GetDigestSize();

    /// <summary>Starts a hash.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not defined.</exception>
    public static IncrementalDigest Create(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha1 => new(IncrementalHash.CreateHash(HashAlgorithmName.SHA1), null),
        DigestAlgorithm.Sha224 => new(null, new Sha224Digest()),
        DigestAlgorithm.Sha256 => new(IncrementalHash.CreateHash(HashAlgorithmName.SHA256), null),
        DigestAlgorithm.Sha384 => new(IncrementalHash.CreateHash(HashAlgorithmName.SHA384), null),
        DigestAlgorithm.Sha512 => new(IncrementalHash.CreateHash(HashAlgorithmName.SHA512), null),
        DigestAlgorithm.Sha512_224 => new(null, new Sha512tDigest(224)),
        DigestAlgorithm.Sha512_256 => new(null, new Sha512tDigest(256)),
        DigestAlgorithm.Sha3_224 => new(null, new Sha3Digest(224)),
        DigestAlgorithm.Sha3_256 => SHA3_256.IsSupported ? new(IncrementalHash.CreateHash(HashAlgorithmName.SHA3_256), null) : new(null, new Sha3Digest(256)),
        DigestAlgorithm.Sha3_384 => SHA3_384.IsSupported ? new(IncrementalHash.CreateHash(HashAlgorithmName.SHA3_384), null) : new(null, new Sha3Digest(384)),
        DigestAlgorithm.Sha3_512 => SHA3_512.IsSupported ? new(IncrementalHash.CreateHash(HashAlgorithmName.SHA3_512), null) : new(null, new Sha3Digest(512)),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not a digest algorithm"),
    };

    /// <summary>The hash of <paramref name="data"/> in one call.</summary>
    public static byte[] Compute(DigestAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        using IncrementalDigest digest = Create(algorithm);
        digest.Append(data);
        return digest.Finish();
    }

    /// <summary>Adds <paramref name="data"/> to the hash.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (_bcl is not null)
        {
            _bcl.AppendData(data);
        }
        else
        {
            _bouncyCastle!.BlockUpdate(data);
        }
    }

    /// <summary>The hash of everything appended; the computation starts over afterwards.</summary>
    public byte[] Finish()
    {
        if (_bcl is not null)
        {
            return _bcl.GetHashAndReset();
        }

        byte[] result = new byte[_bouncyCastle!.GetDigestSize()];
        _bouncyCastle.DoFinal(result);
        return result;
    }

    /// <summary>Releases the hash state (the data hashed may be secret, so BouncyCastle state is reset).</summary>
    public void Dispose()
    {
        _bcl?.Dispose();
        _bouncyCastle?.Reset();
    }
}
