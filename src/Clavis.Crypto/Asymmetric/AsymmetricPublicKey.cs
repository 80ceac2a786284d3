using System.Security.Cryptography;
using Clavis.Crypto.Formats;
using Org.BouncyCastle.Crypto.Parameters;

namespace Clavis.Crypto.Asymmetric;

/// <summary>
/// A public key held as its X.509 SubjectPublicKeyInfo — the one form every supported key has — with what is
/// known about it. Imports from and exports to every supported format.
/// </summary>
public sealed class AsymmetricPublicKey
{
    private readonly byte[] _spki;

    private AsymmetricPublicKey(byte[] spki, AsymmetricKeyType type, EllipticCurve? curve, int sizeInBits)
    {
        _spki = spki;
        Type = type;
        Curve = curve;
        SizeInBits = sizeInBits;
    }

    /// <summary>RSA, EC or Ed25519.</summary>
    public AsymmetricKeyType Type { get; }

    /// <summary>The NIST curve of an EC key; null otherwise.</summary>
    public EllipticCurve? Curve { get; }

    /// <summary>The key's size: the RSA modulus length, the curve's order size, 255 for Ed25519.</summary>
    public int SizeInBits { get; }

    /// <summary>The DER SubjectPublicKeyInfo. Does not copy.</summary>
    public ReadOnlySpan<byte> SubjectPublicKeyInfo => _spki;

    /// <summary>Reads a public key in <paramref name="format"/>, checking that it parses and is of a supported kind.</summary>
    /// <exception cref="KeyFormatException">The bytes are not a key in that format, or the key is not supported.</exception>
    public static AsymmetricPublicKey Import(PublicKeyFormat format, ReadOnlySpan<byte> encoded)
    {
        switch (format)
        {
            case PublicKeyFormat.SubjectPublicKeyInfo:
                switch (KeyInfoAsn.TypeOf(KeyInfoAsn.AlgorithmOf(encoded, privateKeyInfo: false)))
                {
                    case AsymmetricKeyType.Rsa:
                        using (var rsa = RSA.Create())
                        {
                            try
                            {
                                rsa.ImportSubjectPublicKeyInfo(encoded, out int read);
                                EnsureWhole(read, encoded.Length, "X.509 RSA");
                            }
                            catch (CryptographicException ex)
                            {
                                throw Malformed("X.509 RSA", ex);
                            }

                            return FromRsa(rsa);
                        }

                    case AsymmetricKeyType.EllipticCurve:
                        using (var ecdsa = ECDsa.Create())
                        {
                            try
                            {
                                ecdsa.ImportSubjectPublicKeyInfo(encoded, out int read);
                                EnsureWhole(read, encoded.Length, "X.509 EC");
                            }
                            catch (CryptographicException ex)
                            {
                                throw Malformed("X.509 EC", ex);
                            }

                            return FromEcdsa(ecdsa);
                        }

                    default:
                        return FromEd25519(KeyInfoAsn.ReadEd25519PublicKey(encoded));
                }

            case PublicKeyFormat.Pkcs1:
                using (var rsa = RSA.Create())
                {
                    try
                    {
                        rsa.ImportRSAPublicKey(encoded, out int read);
                        EnsureWhole(read, encoded.Length, "PKCS#1 RSAPublicKey");
                    }
                    catch (CryptographicException ex)
                    {
                        throw Malformed("PKCS#1 RSAPublicKey", ex);
                    }

                    return FromRsa(rsa);
                }

            case PublicKeyFormat.Raw:
                if (encoded.Length != KeyInfoAsn.Ed25519KeyLength)
                {
                    throw new KeyFormatException(KeyFormatProblem.Malformed, $"a Raw public key is an Ed25519 key of {KeyInfoAsn.Ed25519KeyLength} bytes, not {encoded.Length}");
                }

                return FromEd25519(encoded.ToArray());
            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    /// <summary>Builds an RSA public key from its numbers.</summary>
    /// <exception cref="KeyFormatException">The numbers are not a usable key.</exception>
    public static AsymmetricPublicKey FromRsaComponents(RsaPublicComponents components)
    {
        ArgumentNullException.ThrowIfNull(components);
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportParameters(new RSAParameters { Modulus = RsaNumbers.Unpadded(components.Modulus), Exponent = RsaNumbers.Unpadded(components.PublicExponent) });
        }
        catch (CryptographicException ex)
        {
            throw Malformed("Transparent RSA Public Key", ex);
        }

        return FromRsa(rsa);
    }

    /// <summary>Builds an EC or Ed25519 public key from its point.</summary>
    /// <exception cref="KeyFormatException">The point is not on the curve or not uncompressed.</exception>
    public static AsymmetricPublicKey FromEcComponents(EcPublicComponents components)
    {
        ArgumentNullException.ThrowIfNull(components);
        if (components.Type == AsymmetricKeyType.Ed25519)
        {
            if (components.Q.Length != KeyInfoAsn.Ed25519KeyLength)
            {
                throw new KeyFormatException(KeyFormatProblem.Malformed, $"an Ed25519 public key is {KeyInfoAsn.Ed25519KeyLength} bytes, not {components.Q.Length}");
            }

            return FromEd25519(components.Q.ToArray());
        }

        EllipticCurve curve = components.Curve ?? throw new KeyFormatException(KeyFormatProblem.Malformed, "an EC public key needs its curve");
        int field = curve.FieldBytes();
        byte[] q = components.Q;
        if (q.Length != 1 + (2 * field) || q[0] != 0x04)
        {
            // SEC1 §2.3.3: KMIP's Q String is the octet-string form of the point; only the uncompressed form is read here.
            throw new KeyFormatException(KeyFormatProblem.Malformed, $"Q must be the uncompressed {curve} point (04 ‖ X ‖ Y, {1 + (2 * field)} bytes), not {q.Length} bytes");
        }

        using var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportParameters(new ECParameters { Curve = curve.ToECCurve(), Q = new ECPoint { X = q[1..(1 + field)], Y = q[(1 + field)..] } });
        }
        catch (CryptographicException ex)
        {
            throw Malformed("Transparent EC Public Key", ex);
        }

        return FromEcdsa(ecdsa);
    }

    /// <summary>Takes ownership of a SubjectPublicKeyInfo the caller knows to be well formed.</summary>
    internal static AsymmetricPublicKey FromTrustedSpki(byte[] spki, AsymmetricKeyType type, EllipticCurve? curve, int sizeInBits) =>
        new(spki, type, curve, sizeInBits);

    /// <summary>The key in <paramref name="format"/>; a new array.</summary>
    /// <exception cref="KeyFormatException">The key cannot be given in that format.</exception>
    public byte[] Export(PublicKeyFormat format)
    {
        switch (format, Type)
        {
            case (PublicKeyFormat.SubjectPublicKeyInfo, _):
                return _spki.ToArray();
            case (PublicKeyFormat.Pkcs1, AsymmetricKeyType.Rsa):
                using (RSA rsa = OpenRsa())
                {
                    return rsa.ExportRSAPublicKey();
                }

            case (PublicKeyFormat.Raw, AsymmetricKeyType.Ed25519):
                return KeyInfoAsn.ReadEd25519PublicKey(_spki);
            default:
                throw new KeyFormatException(KeyFormatProblem.FormatNotSupported, $"{Describe()} public key cannot be given as {format}");
        }
    }

    /// <summary>The RSA numbers of this key.</summary>
    /// <exception cref="KeyFormatException">The key is not RSA.</exception>
    public RsaPublicComponents ExportRsaComponents()
    {
        if (Type != AsymmetricKeyType.Rsa)
        {
            throw new KeyFormatException(KeyFormatProblem.FormatNotSupported, $"{Describe()} public key has no RSA components");
        }

        using RSA rsa = OpenRsa();
        RSAParameters parameters = rsa.ExportParameters(includePrivateParameters: false);
        return new RsaPublicComponents(parameters.Modulus!, parameters.Exponent!);
    }

    /// <summary>The point of this EC or Ed25519 key.</summary>
    /// <exception cref="KeyFormatException">The key is RSA.</exception>
    public EcPublicComponents ExportEcComponents()
    {
        switch (Type)
        {
            case AsymmetricKeyType.EllipticCurve:
                using (ECDsa ecdsa = OpenEcdsa())
                {
                    ECParameters parameters = ecdsa.ExportParameters(includePrivateParameters: false);
                    byte[] q = [0x04, .. parameters.Q.X!, .. parameters.Q.Y!];
                    return new EcPublicComponents(Type, Curve, q);
                }

            case AsymmetricKeyType.Ed25519:
                return new EcPublicComponents(Type, null, KeyInfoAsn.ReadEd25519PublicKey(_spki));
            default:
                throw new KeyFormatException(KeyFormatProblem.FormatNotSupported, "an RSA public key has no elliptic-curve components");
        }
    }

    /// <summary>A BCL RSA object holding this key. The caller disposes it.</summary>
    /// <exception cref="InvalidOperationException">The key is not RSA.</exception>
    public RSA OpenRsa()
    {
        EnsureType(AsymmetricKeyType.Rsa);
        var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(_spki, out _);
        return rsa;
    }

    /// <summary>A BCL ECDsa object holding this key. The caller disposes it.</summary>
    /// <exception cref="InvalidOperationException">The key is not an EC key.</exception>
    public ECDsa OpenEcdsa()
    {
        EnsureType(AsymmetricKeyType.EllipticCurve);
        var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(_spki, out _);
        return ecdsa;
    }

    /// <summary>BouncyCastle's Ed25519 public key (the BCL has none).</summary>
    internal Ed25519PublicKeyParameters OpenEd25519()
    {
        EnsureType(AsymmetricKeyType.Ed25519);
        return new Ed25519PublicKeyParameters(KeyInfoAsn.ReadEd25519PublicKey(_spki), 0);
    }

    /// <summary>Whether <paramref name="other"/> is the same key.</summary>
    public bool SameKeyAs(AsymmetricPublicKey other) => other is not null && _spki.AsSpan().SequenceEqual(other._spki);

    /// <inheritdoc/>
    public override string ToString() => $"AsymmetricPublicKey({Describe()})";

    private string Describe() => Type switch
    {
        AsymmetricKeyType.Rsa => $"an RSA-{SizeInBits}",
        AsymmetricKeyType.EllipticCurve => $"an EC {Curve}",
        _ => "an Ed25519",
    };

    private void EnsureType(AsymmetricKeyType expected)
    {
        if (Type != expected)
        {
            throw new InvalidOperationException($"the key is {Describe()}, not {expected}");
        }
    }

    private static KeyFormatException Malformed(string what, CryptographicException ex) =>
        new(KeyFormatProblem.Malformed, $"the bytes are not a valid {what} key", ex);

    private static void EnsureWhole(int read, int length, string what)
    {
        if (read != length)
        {
            throw new KeyFormatException(KeyFormatProblem.Malformed, $"the {what} key is followed by {length - read} bytes that belong to no key");
        }
    }

    private static AsymmetricPublicKey FromRsa(RSA rsa) => new(rsa.ExportSubjectPublicKeyInfo(), AsymmetricKeyType.Rsa, null, rsa.KeySize);

    private static AsymmetricPublicKey FromEcdsa(ECDsa ecdsa)
    {
        EllipticCurve curve = AsymmetricPrivateKey.CurveOf(ecdsa);
        return new AsymmetricPublicKey(ecdsa.ExportSubjectPublicKeyInfo(), AsymmetricKeyType.EllipticCurve, curve, curve.SizeInBits());
    }

    private static AsymmetricPublicKey FromEd25519(byte[] raw)
    {
        // RFC 8032 §5.1.3: a point that does not decode is no key.
        var key = new Ed25519PublicKeyParameters(raw, 0);
        _ = key;
        return new AsymmetricPublicKey(KeyInfoAsn.WriteEd25519PublicKey(raw), AsymmetricKeyType.Ed25519, null, 255);
    }
}
