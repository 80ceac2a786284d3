namespace Clavis.Crypto.Mac;

/// <summary>The message authentication codes the catalogue computes.</summary>
public enum MacAlgorithm
{
    /// <summary>HMAC (RFC 2104, FIPS 198-1) with SHA-1.</summary>
    HmacSha1,

    /// <summary>HMAC with SHA-224 (the BCL lacks SHA-224; built on BouncyCastle's digest).</summary>
    HmacSha224,

    /// <summary>HMAC with SHA-256.</summary>
    HmacSha256,

    /// <summary>HMAC with SHA-384.</summary>
    HmacSha384,

    /// <summary>HMAC with SHA-512.</summary>
    HmacSha512,

    /// <summary>HMAC with SHA3-256, where the platform supports SHA-3.</summary>
    HmacSha3_256,

    /// <summary>HMAC with SHA3-384, where the platform supports SHA-3.</summary>
    HmacSha3_384,

    /// <summary>HMAC with SHA3-512, where the platform supports SHA-3.</summary>
    HmacSha3_512,

    /// <summary>AES-CMAC (NIST SP 800-38B, RFC 4493); the key is an AES key.</summary>
    AesCmac,
}
