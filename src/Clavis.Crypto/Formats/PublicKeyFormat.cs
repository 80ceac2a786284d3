namespace Clavis.Crypto.Formats;

/// <summary>The byte-string encodings of a public key the catalogue reads and writes.</summary>
public enum PublicKeyFormat
{
    /// <summary>X.509 SubjectPublicKeyInfo (RFC 5280 §4.1; RFC 5480 for EC, RFC 8410 for Ed25519): any key type.</summary>
    SubjectPublicKeyInfo,

    /// <summary>PKCS#1 RSAPublicKey (RFC 8017 §A.1.1): RSA only.</summary>
    Pkcs1,

    /// <summary>The bare 32-byte public key (RFC 8032 §5.1.5): Ed25519 only.</summary>
    Raw,
}
