using System.Formats.Asn1;
using System.Security.Cryptography;
using Clavis.Crypto.Asymmetric;

namespace Clavis.Crypto.Formats;

/// <summary>
/// The ASN.1 the BCL does not read for us: which algorithm a PKCS#8 PrivateKeyInfo or SubjectPublicKeyInfo
/// holds, and the Ed25519 forms of both (RFC 8410), which the BCL has no type for.
/// </summary>
internal static class KeyInfoAsn
{
    public const string RsaEncryptionOid = "1.2.840.113549.1.1.1";
    public const string EcPublicKeyOid = "1.2.840.10045.2.1";
    public const string Ed25519Oid = "1.3.101.112";
    public const int Ed25519KeyLength = 32;
    private const AsnEncodingRules Rules = AsnEncodingRules.DER;

    /// <summary>The algorithm OID of a PrivateKeyInfo (RFC 5208 §5) or SubjectPublicKeyInfo (RFC 5280 §4.1.2.7).</summary>
    /// <exception cref="KeyFormatException">The bytes are not such a structure.</exception>
    public static string AlgorithmOf(ReadOnlySpan<byte> der, bool privateKeyInfo)
    {
        if (privateKeyInfo && IsEncryptedPrivateKeyInfo(der))
        {
            throw new KeyFormatException(KeyFormatProblem.FormatNotSupported,
                "the PKCS#8 key is encrypted (EncryptedPrivateKeyInfo); the server does not hold its password and cannot read or use it");
        }

        try
        {
            ReadOnlySpan<byte> info = Sequence(der, out _);
            if (privateKeyInfo)
            {
                AsnDecoder.ReadEncodedValue(info, Rules, out _, out _, out int versionLength);
                info = info[versionLength..];
            }

            ReadOnlySpan<byte> algorithm = Sequence(info, out _);
            return AsnDecoder.ReadObjectIdentifier(algorithm, Rules, out _);
        }
        catch (AsnContentException ex)
        {
            throw new KeyFormatException(KeyFormatProblem.Malformed,
                privateKeyInfo ? "the bytes are not a DER PKCS#8 PrivateKeyInfo" : "the bytes are not a DER SubjectPublicKeyInfo", ex);
        }
    }

    /// <summary>
    /// Whether <paramref name="der"/> is a PKCS#8 EncryptedPrivateKeyInfo (RFC 5208 §6: SEQUENCE { AlgorithmIdentifier,
    /// OCTET STRING }) rather than a PrivateKeyInfo (whose first element is the INTEGER version).
    /// </summary>
    public static bool IsEncryptedPrivateKeyInfo(ReadOnlySpan<byte> der)
    {
        try
        {
            ReadOnlySpan<byte> info = Sequence(der, out int consumed);
            if (consumed != der.Length)
            {
                return false;
            }

            Asn1Tag first = Asn1Tag.Decode(info, out _);
            if (first != Asn1Tag.Sequence)
            {
                return false;
            }

            AsnDecoder.ReadEncodedValue(info, Rules, out _, out _, out int algorithmLength);
            // DER octet strings are primitive (X.690 §10.2).
            return AsnDecoder.TryReadPrimitiveOctetString(info[algorithmLength..], Rules, out _, out int dataLength)
                && algorithmLength + dataLength == info.Length;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>The 32-byte key of an Ed25519 PrivateKeyInfo (RFC 8410 §7: the key is an OCTET STRING inside the privateKey OCTET STRING).</summary>
    public static byte[] ReadEd25519PrivateKey(ReadOnlySpan<byte> der)
    {
        try
        {
            ReadOnlySpan<byte> info = Sequence(der, out int consumed);
            if (consumed != der.Length)
            {
                throw new KeyFormatException(KeyFormatProblem.Malformed, "the Ed25519 PrivateKeyInfo is followed by bytes that belong to no key");
            }

            AsnDecoder.ReadEncodedValue(info, Rules, out _, out _, out int versionLength);
            info = info[versionLength..];
            ReadOnlySpan<byte> algorithm = Sequence(info, out int algorithmLength);
            AsnDecoder.ReadObjectIdentifier(algorithm, Rules, out int oidLength);
            if (oidLength != algorithm.Length)
            {
                // RFC 8410 §3: the parameters MUST be absent.
                throw new KeyFormatException(KeyFormatProblem.Malformed, "an Ed25519 AlgorithmIdentifier has no parameters (RFC 8410 §3)");
            }

            info = info[algorithmLength..];
            if (!AsnDecoder.TryReadPrimitiveOctetString(info, Rules, out ReadOnlySpan<byte> privateKey, out _))
            {
                throw new KeyFormatException(KeyFormatProblem.Malformed, "the Ed25519 privateKey is not a primitive OCTET STRING");
            }

            if (!AsnDecoder.TryReadPrimitiveOctetString(privateKey, Rules, out ReadOnlySpan<byte> key, out int keyConsumed) || keyConsumed != privateKey.Length)
            {
                throw new KeyFormatException(KeyFormatProblem.Malformed, "the Ed25519 CurvePrivateKey is not one OCTET STRING (RFC 8410 §7)");
            }

            if (key.Length != Ed25519KeyLength)
            {
                throw new KeyFormatException(KeyFormatProblem.Malformed, $"an Ed25519 private key is {Ed25519KeyLength} bytes, not {key.Length}");
            }

            return key.ToArray();
        }
        catch (AsnContentException ex)
        {
            throw new KeyFormatException(KeyFormatProblem.Malformed, "the bytes are not a DER Ed25519 PrivateKeyInfo (RFC 8410)", ex);
        }
    }

    /// <summary>The PrivateKeyInfo of an Ed25519 key (RFC 8410 §7, version 0, no public key). The caller owns and clears the result.</summary>
    public static byte[] WriteEd25519PrivateKey(ReadOnlySpan<byte> key)
    {
        var inner = new AsnWriter(AsnEncodingRules.DER);
        inner.WriteOctetString(key);
        byte[] innerBytes = inner.Encode();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Ed25519Oid);
            }

            writer.WriteOctetString(innerBytes);
        }

        CryptographicOperations.ZeroMemory(innerBytes);
        byte[] result = writer.Encode();
        // AsnWriter keeps its own buffer: reset clears it before it is dropped.
        writer.Reset();
        inner.Reset();
        return result;
    }

    /// <summary>The 32-byte key of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4).</summary>
    public static byte[] ReadEd25519PublicKey(ReadOnlySpan<byte> der)
    {
        try
        {
            ReadOnlySpan<byte> info = Sequence(der, out int consumed);
            ReadOnlySpan<byte> algorithm = Sequence(info, out int algorithmLength);
            AsnDecoder.ReadObjectIdentifier(algorithm, Rules, out int oidLength);
            byte[] key = AsnDecoder.ReadBitString(info[algorithmLength..], Rules, out int unusedBits, out int keyLength);
            if (consumed != der.Length || oidLength != algorithm.Length || algorithmLength + keyLength != info.Length)
            {
                throw new KeyFormatException(KeyFormatProblem.Malformed, "the Ed25519 SubjectPublicKeyInfo has extra content (RFC 8410 §4)");
            }

            if (unusedBits != 0 || key.Length != Ed25519KeyLength)
            {
                throw new KeyFormatException(KeyFormatProblem.Malformed, $"an Ed25519 public key is {Ed25519KeyLength} bytes, not {key.Length}");
            }

            return key;
        }
        catch (AsnContentException ex)
        {
            throw new KeyFormatException(KeyFormatProblem.Malformed, "the bytes are not a DER Ed25519 SubjectPublicKeyInfo (RFC 8410)", ex);
        }
    }

    /// <summary>The SubjectPublicKeyInfo of an Ed25519 public key (RFC 8410 §4).</summary>
    public static byte[] WriteEd25519PublicKey(ReadOnlySpan<byte> key)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Ed25519Oid);
            }

            writer.WriteBitString(key);
        }

        return writer.Encode();
    }

    /// <summary>The key type an algorithm OID names.</summary>
    public static AsymmetricKeyType TypeOf(string oid) => oid switch
    {
        RsaEncryptionOid => AsymmetricKeyType.Rsa,
        EcPublicKeyOid => AsymmetricKeyType.EllipticCurve,
        Ed25519Oid => AsymmetricKeyType.Ed25519,
        _ => throw new KeyFormatException(KeyFormatProblem.AlgorithmNotSupported, $"keys of algorithm {oid} are not supported (RSA, EC P-256/P-384/P-521 and Ed25519 are)"),
    };

    // The content of the SEQUENCE that starts <paramref name="der"/>; consumed is the whole SEQUENCE's length.
    private static ReadOnlySpan<byte> Sequence(ReadOnlySpan<byte> der, out int consumed)
    {
        AsnDecoder.ReadSequence(der, Rules, out int offset, out int length, out consumed);
        return der.Slice(offset, length);
    }
}
