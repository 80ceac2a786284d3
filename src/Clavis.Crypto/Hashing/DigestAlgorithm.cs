namespace Clavis.Crypto.Hashing;

/// <summary>The hash functions the catalogue computes (FIPS 180-4, FIPS 202).</summary>
public enum DigestAlgorithm
{
    /// <summary>SHA-1, kept for interoperability (collisions are practical; not for signatures).</summary>
    Sha1,

    /// <summary>SHA-224 (BouncyCastle; the BCL lacks it).</summary>
    Sha224,

    /// <summary>SHA-256.</summary>
    Sha256,

    /// <summary>SHA-384.</summary>
    Sha384,

    /// <summary>SHA-512.</summary>
    Sha512,

    /// <summary>SHA-512/224 (BouncyCastle).</summary>
    Sha512_224,

    /// <summary>SHA-512/256 (BouncyCastle).</summary>
    Sha512_256,

    /// <summary>SHA3-224 (BouncyCastle; the BCL lacks the 224-bit variant).</summary>
    Sha3_224,

    /// <summary>SHA3-256 (the BCL where the platform has it, else BouncyCastle).</summary>
    Sha3_256,

    /// <summary>SHA3-384.</summary>
    Sha3_384,

    /// <summary>SHA3-512.</summary>
    Sha3_512,
}
