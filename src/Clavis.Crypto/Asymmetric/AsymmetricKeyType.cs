namespace Clavis.Crypto.Asymmetric;

/// <summary>The families of asymmetric keys the catalogue generates, parses and uses.</summary>
public enum AsymmetricKeyType
{
    /// <summary>RSA (RFC 8017).</summary>
    Rsa,

    /// <summary>ECDSA over a NIST prime curve (FIPS 186-4); see <see cref="EllipticCurve"/>.</summary>
    EllipticCurve,

    /// <summary>Ed25519 (RFC 8032).</summary>
    Ed25519,
}
