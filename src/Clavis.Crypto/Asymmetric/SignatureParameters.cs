using System.Security.Cryptography;

namespace Clavis.Crypto.Asymmetric;

/// <summary>How to sign or verify: the scheme, its hash, and for PSS the salt length.</summary>
/// <param name="Scheme">The scheme.</param>
/// <param name="Hash">The hash (ignored for Ed25519, which fixes SHA-512 internally).</param>
/// <param name="PssSaltLength">
/// The PSS salt length in bytes. Null signs with a salt as long as the hash (RFC 8017 §9.1 note 4) and verifies
/// a signature with any salt length, read from the signature as OpenSSL does by default.
/// </param>
public readonly record struct SignatureParameters(SignatureScheme Scheme, HashAlgorithmName Hash, int? PssSaltLength = null)
{
    /// <summary>Ed25519 (its hash is part of the scheme).</summary>
    public static SignatureParameters Ed25519 { get; } = new(SignatureScheme.Ed25519, default);
}
