namespace Clavis.Crypto.Asymmetric;

/// <summary>The signature schemes the catalogue signs and verifies with.</summary>
public enum SignatureScheme
{
    /// <summary>RSASSA-PKCS1-v1_5 (RFC 8017 §8.2).</summary>
    RsaPkcs1V15,

    /// <summary>RSASSA-PSS with MGF1 over the same hash (RFC 8017 §8.1).</summary>
    RsaPss,

    /// <summary>ECDSA (FIPS 186-4 §6), the signature DER-encoded as Ecdsa-Sig-Value (RFC 3279 §2.2.3).</summary>
    Ecdsa,

    /// <summary>Pure Ed25519 (RFC 8032 §5.1): the message itself is signed, never a digest.</summary>
    Ed25519,
}
