using System.Security.Cryptography;
using Clavis.Crypto.Asymmetric;
using Clavis.Crypto.Formats;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Core.Keys;

/// <summary>
/// Between KMIP key blocks (Key Format Type + Key Material, KMIP 2.1 §2.1.3/§2.1.7) and the catalogue's keys:
/// Raw, PKCS#1, PKCS#8, X.509 SubjectPublicKeyInfo, ECPrivateKey (SEC1), Transparent RSA Public/Private,
/// Transparent EC Public/Private (2.x) and Transparent ECDSA Public/Private (1.x), Transparent Symmetric Key.
/// Failures are <see cref="KeyFormatException"/>; callers choose the Result Reason (Register: Invalid Field;
/// Get: Key Format Type Not Supported).
/// </summary>
internal static class KeyFormats
{
    /// <summary>The formats a private key can be given in.</summary>
    public static IReadOnlyList<KeyFormatType> PrivateKeyFormats { get; } =
    [
        KeyFormatType.PKCS_1, KeyFormatType.PKCS_8, KeyFormatType.ECPrivateKey, KeyFormatType.Raw,
        KeyFormatType.TransparentRSAPrivateKey, KeyFormatType.TransparentECPrivateKey, KeyFormatType.TransparentECDSAPrivateKey,
    ];

    /// <summary>The formats a public key can be given in.</summary>
    public static IReadOnlyList<KeyFormatType> PublicKeyFormats { get; } =
    [
        KeyFormatType.PKCS_1, KeyFormatType.X_509, KeyFormatType.Raw,
        KeyFormatType.TransparentRSAPublicKey, KeyFormatType.TransparentECPublicKey, KeyFormatType.TransparentECDSAPublicKey,
    ];

    /// <summary>The private key a key block holds. The caller disposes it.</summary>
    /// <exception cref="KeyFormatException">The material does not parse as the block's format, or the format holds no private key.</exception>
    public static AsymmetricPrivateKey OpenPrivateKey(KeyBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        TtlvNode material = MaterialOf(block);
        switch (block.KeyFormatType)
        {
            case KeyFormatType.PKCS_1:
                return AsymmetricPrivateKey.Import(PrivateKeyFormat.Pkcs1, Bytes(material, block.KeyFormatType));
            case KeyFormatType.PKCS_8:
                return AsymmetricPrivateKey.Import(PrivateKeyFormat.Pkcs8, Bytes(material, block.KeyFormatType));
            case KeyFormatType.ECPrivateKey:
                return AsymmetricPrivateKey.Import(PrivateKeyFormat.Sec1, Bytes(material, block.KeyFormatType));
            case KeyFormatType.Raw:
                return AsymmetricPrivateKey.Import(PrivateKeyFormat.Raw, Bytes(material, block.KeyFormatType));
            case KeyFormatType.TransparentRSAPrivateKey:
                using (RsaPrivateComponents components = new()
                {
                    Modulus = Unsigned(material, Tag.Modulus, required: true)!,
                    PublicExponent = Unsigned(material, Tag.PublicExponent, required: true)!,
                    PrivateExponent = Unsigned(material, Tag.PrivateExponent, required: false),
                    P = Unsigned(material, Tag.P, required: false),
                    Q = Unsigned(material, Tag.Q, required: false),
                    PrimeExponentP = Unsigned(material, Tag.PrimeExponentP, required: false),
                    PrimeExponentQ = Unsigned(material, Tag.PrimeExponentQ, required: false),
                    CrtCoefficient = Unsigned(material, Tag.CRTCoefficient, required: false),
                })
                {
                    return AsymmetricPrivateKey.FromRsaComponents(components);
                }

            case KeyFormatType.TransparentECPrivateKey or KeyFormatType.TransparentECDSAPrivateKey:
                (AsymmetricKeyType type, EllipticCurve? curve) = CurveOf(material, block.KeyFormatType);
                using (var components = new EcPrivateComponents { Type = type, Curve = curve, D = Unsigned(material, Tag.D, required: true)! })
                {
                    return AsymmetricPrivateKey.FromEcComponents(components);
                }

            default:
                throw new KeyFormatException(KeyFormatProblem.FormatNotSupported, $"a private key in Key Format Type {block.KeyFormatType} cannot be read");
        }
    }

    /// <summary>The public key a key block holds.</summary>
    /// <exception cref="KeyFormatException">The material does not parse as the block's format, or the format holds no public key.</exception>
    public static AsymmetricPublicKey OpenPublicKey(KeyBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        TtlvNode material = MaterialOf(block);
        switch (block.KeyFormatType)
        {
            case KeyFormatType.PKCS_1:
                return AsymmetricPublicKey.Import(PublicKeyFormat.Pkcs1, Bytes(material, block.KeyFormatType));
            case KeyFormatType.X_509:
                return AsymmetricPublicKey.Import(PublicKeyFormat.SubjectPublicKeyInfo, Bytes(material, block.KeyFormatType));
            case KeyFormatType.Raw:
                return AsymmetricPublicKey.Import(PublicKeyFormat.Raw, Bytes(material, block.KeyFormatType));
            case KeyFormatType.TransparentRSAPublicKey:
                return AsymmetricPublicKey.FromRsaComponents(new RsaPublicComponents(
                    Unsigned(material, Tag.Modulus, required: true)!, Unsigned(material, Tag.PublicExponent, required: true)!));
            case KeyFormatType.TransparentECPublicKey or KeyFormatType.TransparentECDSAPublicKey:
                (AsymmetricKeyType type, EllipticCurve? curve) = CurveOf(material, block.KeyFormatType);
                if (material.Find(Tag.QString) is not { Type: TtlvType.ByteString } q)
                {
                    throw new KeyFormatException(KeyFormatProblem.Malformed, $"a {block.KeyFormatType} needs its Q String");
                }

                return AsymmetricPublicKey.FromEcComponents(new EcPublicComponents(type, curve, q.ByteStringValue.ToArray()));
            default:
                throw new KeyFormatException(KeyFormatProblem.FormatNotSupported, $"a public key in Key Format Type {block.KeyFormatType} cannot be read");
        }
    }

    /// <summary>The Key Material of <paramref name="key"/> in <paramref name="format"/>. The item owns fresh arrays the caller must erase when done.</summary>
    /// <exception cref="KeyFormatException">The key cannot be given in that format.</exception>
    public static TtlvNode PrivateKeyMaterial(AsymmetricPrivateKey key, KeyFormatType format)
    {
        ArgumentNullException.ThrowIfNull(key);
        switch (format)
        {
            case KeyFormatType.PKCS_1:
                return ByteString(key.Export(PrivateKeyFormat.Pkcs1));
            case KeyFormatType.PKCS_8:
                return ByteString(key.Export(PrivateKeyFormat.Pkcs8));
            case KeyFormatType.ECPrivateKey:
                return ByteString(key.Export(PrivateKeyFormat.Sec1));
            case KeyFormatType.Raw:
                return ByteString(key.Export(PrivateKeyFormat.Raw));
            case KeyFormatType.TransparentRSAPrivateKey:
                using (RsaPrivateComponents rsa = key.ExportRsaComponents())
                {
                    // KMIP 2.1 §2.1.7.4: Modulus, Private Exponent, Public Exponent, P, Q, Prime Exponent P/Q, CRT Coefficient.
                    return TtlvNode.Structure(Tag.KeyMaterial,
                        Big(Tag.Modulus, rsa.Modulus), Big(Tag.PrivateExponent, rsa.PrivateExponent!), Big(Tag.PublicExponent, rsa.PublicExponent),
                        Big(Tag.P, rsa.P!), Big(Tag.Q, rsa.Q!), Big(Tag.PrimeExponentP, rsa.PrimeExponentP!), Big(Tag.PrimeExponentQ, rsa.PrimeExponentQ!),
                        Big(Tag.CRTCoefficient, rsa.CrtCoefficient!));
                }

            case KeyFormatType.TransparentECPrivateKey or KeyFormatType.TransparentECDSAPrivateKey:
                using (EcPrivateComponents ec = key.ExportEcComponents())
                {
                    // KMIP 2.1 §2.1.7.9 / 1.4 §2.1.7.9: Recommended Curve and D.
                    return TtlvNode.Structure(Tag.KeyMaterial,
                        TtlvNode.Enumeration(Tag.RecommendedCurve, (uint)RecommendedCurveOf(ec.Type, ec.Curve, format)), Big(Tag.D, ec.D));
                }

            default:
                throw new KeyFormatException(KeyFormatProblem.FormatNotSupported, $"a private key cannot be given in Key Format Type {format}");
        }
    }

    /// <summary>The Key Material of <paramref name="key"/> in <paramref name="format"/>.</summary>
    /// <exception cref="KeyFormatException">The key cannot be given in that format.</exception>
    public static TtlvNode PublicKeyMaterial(AsymmetricPublicKey key, KeyFormatType format)
    {
        ArgumentNullException.ThrowIfNull(key);
        switch (format)
        {
            case KeyFormatType.PKCS_1:
                return ByteString(key.Export(PublicKeyFormat.Pkcs1));
            case KeyFormatType.X_509:
                return ByteString(key.Export(PublicKeyFormat.SubjectPublicKeyInfo));
            case KeyFormatType.Raw:
                return ByteString(key.Export(PublicKeyFormat.Raw));
            case KeyFormatType.TransparentRSAPublicKey:
                RsaPublicComponents rsa = key.ExportRsaComponents();
                return TtlvNode.Structure(Tag.KeyMaterial, Big(Tag.Modulus, rsa.Modulus), Big(Tag.PublicExponent, rsa.PublicExponent));
            case KeyFormatType.TransparentECPublicKey or KeyFormatType.TransparentECDSAPublicKey:
                EcPublicComponents ec = key.ExportEcComponents();
                return TtlvNode.Structure(Tag.KeyMaterial,
                    TtlvNode.Enumeration(Tag.RecommendedCurve, (uint)RecommendedCurveOf(ec.Type, ec.Curve, format)), TtlvNode.ByteString(Tag.QString, ec.Q));
            default:
                throw new KeyFormatException(KeyFormatProblem.FormatNotSupported, $"a public key cannot be given in Key Format Type {format}");
        }
    }

    /// <summary>The KMIP Cryptographic Algorithm of a key type.</summary>
    public static CryptographicAlgorithm AlgorithmOf(AsymmetricKeyType type) => type switch
    {
        AsymmetricKeyType.Rsa => CryptographicAlgorithm.RSA,
        AsymmetricKeyType.EllipticCurve => CryptographicAlgorithm.ECDSA,
        _ => CryptographicAlgorithm.Ed25519,
    };

    /// <summary>Whether a KMIP Cryptographic Algorithm names keys of <paramref name="type"/> (EC and ECDSA both name NIST-curve keys).</summary>
    public static bool Names(CryptographicAlgorithm algorithm, AsymmetricKeyType type) => type switch
    {
        AsymmetricKeyType.Rsa => algorithm == CryptographicAlgorithm.RSA,
        AsymmetricKeyType.EllipticCurve => algorithm is CryptographicAlgorithm.ECDSA or CryptographicAlgorithm.EC,
        _ => algorithm == CryptographicAlgorithm.Ed25519,
    };

    /// <summary>The KMIP Recommended Curve of a NIST curve.</summary>
    public static RecommendedCurve RecommendedCurveOf(EllipticCurve curve) => curve switch
    {
        EllipticCurve.P256 => RecommendedCurve.P_256,
        EllipticCurve.P384 => RecommendedCurve.P_384,
        EllipticCurve.Secp256k1 => RecommendedCurve.SECP256K1,
        _ => RecommendedCurve.P_521,
    };

    /// <summary>The NIST curve a KMIP Recommended Curve names, if the catalogue has it.</summary>
    public static EllipticCurve? CurveOf(RecommendedCurve curve) => curve switch
    {
        RecommendedCurve.P_256 => EllipticCurve.P256,
        RecommendedCurve.P_384 => EllipticCurve.P384,
        RecommendedCurve.P_521 => EllipticCurve.P521,
        RecommendedCurve.SECP256K1 => EllipticCurve.Secp256k1,
        _ => null,
    };

    /// <summary>Zeroes the byte strings and big integers of a Key Material item built here.</summary>
    public static void Erase(TtlvNode material)
    {
        ArgumentNullException.ThrowIfNull(material);
        switch (material.Type)
        {
            case TtlvType.ByteString:
                CryptographicOperations.ZeroMemory(material.ByteStringValue);
                break;
            case TtlvType.BigInteger:
                CryptographicOperations.ZeroMemory(material.BigIntegerBytes);
                break;
            case TtlvType.Structure:
                foreach (TtlvNode child in material.Children)
                {
                    Erase(child);
                }

                break;
        }
    }

    private static RecommendedCurve RecommendedCurveOf(AsymmetricKeyType type, EllipticCurve? curve, KeyFormatType format)
    {
        if (type == AsymmetricKeyType.Ed25519)
        {
            // KMIP 2.1 §11.19: CURVE25519 names the curve of Ed25519 keys; it has no 1.x value.
            return format == KeyFormatType.TransparentECDSAPrivateKey || format == KeyFormatType.TransparentECDSAPublicKey
                ? throw new KeyFormatException(KeyFormatProblem.FormatNotSupported, "an Ed25519 key is not an ECDSA key; ask for Transparent EC (KMIP 2.x) instead")
                : RecommendedCurve.CURVE25519;
        }

        return RecommendedCurveOf(curve!.Value);
    }

    private static (AsymmetricKeyType Type, EllipticCurve? Curve) CurveOf(TtlvNode material, KeyFormatType format)
    {
        if (material.Find(Tag.RecommendedCurve) is not { Type: TtlvType.Enumeration } curveItem)
        {
            throw new KeyFormatException(KeyFormatProblem.Malformed, $"a {format} needs its Recommended Curve");
        }

        var recommended = (RecommendedCurve)curveItem.EnumerationValue;
        if (recommended == RecommendedCurve.CURVE25519)
        {
            return (AsymmetricKeyType.Ed25519, null);
        }

        return CurveOf(recommended) is EllipticCurve curve
            ? (AsymmetricKeyType.EllipticCurve, curve)
            : throw new KeyFormatException(KeyFormatProblem.AlgorithmNotSupported, $"Recommended Curve {recommended} is not supported (P-256, P-384, P-521, SECP256K1, CURVE25519 for Ed25519)");
    }

    private static TtlvNode MaterialOf(KeyBlock block) =>
        block.KeyValue?.KeyMaterial ?? throw new KeyFormatException(KeyFormatProblem.Malformed, "the Key Block has no Key Material");

    private static ReadOnlySpan<byte> Bytes(TtlvNode material, KeyFormatType format) => material.Type == TtlvType.ByteString
        ? material.ByteStringValue
        : throw new KeyFormatException(KeyFormatProblem.Malformed, $"Key Material in Key Format Type {format} is a Byte String, not a {material.Type}");

    // KMIP Big Integers are two's complement (KMIP 2.1 §9.1.1.4); key numbers are positive.
    private static byte[]? Unsigned(TtlvNode material, Tag tag, bool required)
    {
        if (material.Type != TtlvType.Structure)
        {
            throw new KeyFormatException(KeyFormatProblem.Malformed, "transparent Key Material is a Structure");
        }

        TtlvNode? item = material.Find(tag);
        if (item is null)
        {
            return required ? throw new KeyFormatException(KeyFormatProblem.Malformed, $"the transparent key lacks its {tag}") : null;
        }

        if (item.Type != TtlvType.BigInteger)
        {
            throw new KeyFormatException(KeyFormatProblem.Malformed, $"{tag} is a Big Integer, not a {item.Type}");
        }

        byte[] bytes = item.BigIntegerBytes;
        if (bytes.Length > 0 && (bytes[0] & 0x80) != 0)
        {
            throw new KeyFormatException(KeyFormatProblem.Malformed, $"{tag} is negative");
        }

        int start = 0;
        while (start < bytes.Length - 1 && bytes[start] == 0)
        {
            start++;
        }

        return bytes[start..];
    }

    private static TtlvNode Big(Tag tag, byte[] unsigned)
    {
        // A leading zero keeps the number positive in two's complement; TtlvNode copies and pads the bytes.
        byte[] signed = new byte[unsigned.Length + 1];
        unsigned.CopyTo(signed, 1);
        TtlvNode node = TtlvNode.BigInteger(tag, signed);
        CryptographicOperations.ZeroMemory(signed);
        return node;
    }

    private static TtlvNode ByteString(byte[] bytes) => TtlvNode.ByteString(Tag.KeyMaterial, bytes);
}
