using System.Security.Cryptography;

namespace Clavis.Crypto.Asymmetric;

/// <summary>
/// The prime curves the catalogue supports: the NIST curves (FIPS 186-4 §D.1.2), which it also generates, and
/// secp256k1 (SEC 2 §2.4.1), which it reads and uses for keys clients register (OASIS CS-AC-M-3-ECC) but does not generate.
/// </summary>
public enum EllipticCurve
{
    /// <summary>P-256 (secp256r1, OID 1.2.840.10045.3.1.7).</summary>
    P256,

    /// <summary>P-384 (secp384r1, OID 1.3.132.0.34).</summary>
    P384,

    /// <summary>P-521 (secp521r1, OID 1.3.132.0.35).</summary>
    P521,

    /// <summary>secp256k1 (OID 1.3.132.0.10): read and used, never generated.</summary>
    Secp256k1,
}

/// <summary>What the catalogue needs to know of each curve.</summary>
public static class EllipticCurves
{
    /// <summary>The curve's order size in bits: the key's Cryptographic Length.</summary>
    public static int SizeInBits(this EllipticCurve curve) => curve switch
    {
        EllipticCurve.P256 or EllipticCurve.Secp256k1 => 256,
        EllipticCurve.P384 => 384,
        EllipticCurve.P521 => 521,
        _ => throw new ArgumentOutOfRangeException(nameof(curve)),
    };

    /// <summary>The length in bytes of a scalar (the private key D, and each coordinate of a point).</summary>
    public static int FieldBytes(this EllipticCurve curve) => (curve.SizeInBits() + 7) / 8;

    /// <summary>The BCL's curve.</summary>
    public static ECCurve ToECCurve(this EllipticCurve curve) => curve switch
    {
        EllipticCurve.P256 => ECCurve.NamedCurves.nistP256,
        EllipticCurve.P384 => ECCurve.NamedCurves.nistP384,
        EllipticCurve.P521 => ECCurve.NamedCurves.nistP521,
        EllipticCurve.Secp256k1 => ECCurve.CreateFromValue("1.3.132.0.10"),
        _ => throw new ArgumentOutOfRangeException(nameof(curve)),
    };

    /// <summary>The curve's object identifier (RFC 5480 §2.1.1.1).</summary>
    public static string Oid(this EllipticCurve curve) => curve switch
    {
        EllipticCurve.P256 => "1.2.840.10045.3.1.7",
        EllipticCurve.P384 => "1.3.132.0.34",
        EllipticCurve.P521 => "1.3.132.0.35",
        EllipticCurve.Secp256k1 => "1.3.132.0.10",
        _ => throw new ArgumentOutOfRangeException(nameof(curve)),
    };

    /// <summary>The curve an object identifier or BCL friendly name names, if it is one of ours.</summary>
    public static bool TryFromOid(string? oidOrName, out EllipticCurve curve)
    {
        switch (oidOrName)
        {
            case "1.2.840.10045.3.1.7" or "nistP256" or "ECDSA_P256" or "secp256r1":
                curve = EllipticCurve.P256;
                return true;
            case "1.3.132.0.34" or "nistP384" or "ECDSA_P384" or "secp384r1":
                curve = EllipticCurve.P384;
                return true;
            case "1.3.132.0.35" or "nistP521" or "ECDSA_P521" or "secp521r1":
                curve = EllipticCurve.P521;
                return true;
            case "1.3.132.0.10" or "secp256k1":
                curve = EllipticCurve.Secp256k1;
                return true;
            default:
                curve = default;
                return false;
        }
    }
}
