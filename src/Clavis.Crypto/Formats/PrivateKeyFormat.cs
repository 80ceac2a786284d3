namespace Clavis.Crypto.Formats;

/// <summary>The byte-string encodings of a private key the catalogue reads and writes.</summary>
public enum PrivateKeyFormat
{
    /// <summary>PKCS#8 PrivateKeyInfo (RFC 5208; RFC 8410 for Ed25519): any key type.</summary>
    Pkcs8,

    /// <summary>PKCS#1 RSAPrivateKey (RFC 8017 §A.1.2): RSA only.</summary>
    Pkcs1,

    /// <summary>SEC1 ECPrivateKey with named-curve parameters (RFC 5915): NIST curves only.</summary>
    Sec1,

    /// <summary>The bare 32-byte private key (RFC 8032 §5.1.5): Ed25519 only.</summary>
    Raw,
}
