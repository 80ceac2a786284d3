using Clavis.Crypto.Asymmetric;
using Clavis.Kmip;

namespace Clavis.Core.Keys;

/// <summary>
/// Which key pairs Create Key Pair generates — RSA 2048/3072/4096, ECDSA on P-256/P-384/P-521, Ed25519 — and the
/// usages each half may carry: a private key signs (and, for RSA, decrypts and unwraps); a public key verifies
/// (and, for RSA, encrypts and wraps).
/// </summary>
public static class AsymmetricKeyPolicy
{
    private const CryptographicUsageMask Either =
        CryptographicUsageMask.Export | CryptographicUsageMask.Authenticate | CryptographicUsageMask.Unrestricted;

    private const CryptographicUsageMask SigningPrivate =
        Either | CryptographicUsageMask.Sign | CryptographicUsageMask.CertificateSign | CryptographicUsageMask.CRLSign;

    private const CryptographicUsageMask SigningPublic = Either | CryptographicUsageMask.Verify;

    private const CryptographicUsageMask RsaPrivate = SigningPrivate | CryptographicUsageMask.Decrypt | CryptographicUsageMask.UnwrapKey;

    private const CryptographicUsageMask RsaPublic = SigningPublic | CryptographicUsageMask.Encrypt | CryptographicUsageMask.WrapKey;

    /// <summary>What to generate for the client's algorithm, length and curve; checks both usage masks.</summary>
    /// <param name="algorithm">Cryptographic Algorithm: RSA, EC or ECDSA, Ed25519.</param>
    /// <param name="length">Cryptographic Length, if given: the RSA modulus size, the curve size (256/384/521), 255 or 256 for Ed25519.</param>
    /// <param name="curve">The Recommended Curve of the Cryptographic Domain Parameters, if given.</param>
    /// <param name="privateUsage">The private key's Cryptographic Usage Mask.</param>
    /// <param name="publicUsage">The public key's Cryptographic Usage Mask.</param>
    /// <exception cref="KmipException">Invalid Field, naming what is wrong.</exception>
    public static KeyPairSpec Check(CryptographicAlgorithm algorithm, int? length, RecommendedCurve? curve, CryptographicUsageMask privateUsage, CryptographicUsageMask publicUsage)
    {
        KeyPairSpec spec;
        switch (algorithm)
        {
            case CryptographicAlgorithm.RSA:
                int bits = length ?? throw new KmipException(ResultReason.InvalidField, "Cryptographic Length is missing: an RSA key pair needs its modulus size (2048, 3072 or 4096)");
                if (!KeyPairSpec.RsaModulusSizes.Contains(bits))
                {
                    // NIST SP 800-131A Rev. 2 §2: RSA keys below 2048 bits are disallowed for signing.
                    KmipException.ThrowInvalidField($"Cryptographic Length {bits} is invalid for RSA; use 2048, 3072 or 4096");
                }

                spec = KeyPairSpec.Rsa(bits);
                break;
            case CryptographicAlgorithm.EC or CryptographicAlgorithm.ECDSA:
                spec = KeyPairSpec.EllipticCurve(CurveFor(algorithm, length, curve));
                break;
            case CryptographicAlgorithm.Ed25519:
                if (length is int edLength && edLength is not (255 or 256))
                {
                    KmipException.ThrowInvalidField($"Cryptographic Length {edLength} is invalid for Ed25519 (255 or 256)");
                }

                if (curve is RecommendedCurve edCurve && edCurve != RecommendedCurve.CURVE25519)
                {
                    KmipException.ThrowInvalidField($"Recommended Curve {edCurve} is invalid for Ed25519 (CURVE25519)");
                }

                spec = KeyPairSpec.Ed25519();
                break;
            default:
                KmipException.ThrowInvalidField($"Cryptographic Algorithm {algorithm} cannot be generated as a key pair here; use RSA, EC/ECDSA or Ed25519");
                return default;
        }

        bool rsa = algorithm == CryptographicAlgorithm.RSA;
        CheckUsage("private", algorithm, privateUsage, rsa ? RsaPrivate : SigningPrivate);
        CheckUsage("public", algorithm, publicUsage, rsa ? RsaPublic : SigningPublic);
        return spec;
    }

    private static EllipticCurve CurveFor(CryptographicAlgorithm algorithm, int? length, RecommendedCurve? curve)
    {
        EllipticCurve? fromCurve = null;
        if (curve is RecommendedCurve recommended)
        {
            fromCurve = KeyFormats.CurveOf(recommended) is EllipticCurve known && known != EllipticCurve.Secp256k1
                ? known
                : throw new KmipException(ResultReason.InvalidField, $"Recommended Curve {recommended} is not generated here; use P_256, P_384 or P_521");
        }

        EllipticCurve? fromLength = length switch
        {
            null => null,
            256 => EllipticCurve.P256,
            384 => EllipticCurve.P384,
            521 => EllipticCurve.P521,
            _ => throw new KmipException(ResultReason.InvalidField, $"Cryptographic Length {length} names no curve; use 256, 384 or 521 (or a Recommended Curve)"),
        };
        if (fromCurve is EllipticCurve a && fromLength is EllipticCurve b && a != b)
        {
            KmipException.ThrowInvalidField($"Cryptographic Length {length} contradicts Recommended Curve {curve}");
        }

        return fromCurve ?? fromLength
            ?? throw new KmipException(ResultReason.InvalidField, $"an {algorithm} key pair needs a Recommended Curve (Cryptographic Domain Parameters) or a Cryptographic Length");
    }

    private static void CheckUsage(string half, CryptographicAlgorithm algorithm, CryptographicUsageMask usage, CryptographicUsageMask allowed)
    {
        if (usage == 0)
        {
            KmipException.ThrowInvalidField($"the {half} key's Cryptographic Usage Mask is missing or empty; name at least one usage");
        }

        CryptographicUsageMask refused = usage & ~allowed;
        if (refused != 0)
        {
            // KMIP 2.1 §4.21: the mask says what the key may be used for; usages the key cannot serve are refused.
            KmipException.ThrowInvalidField($"the {half} key's Cryptographic Usage Mask has usages {refused} that an {algorithm} {half} key cannot serve");
        }
    }
}
