using System.Security.Cryptography;
using Clavis.Crypto.Formats;
using Clavis.Crypto.Secrets;
using Org.BouncyCastle.Crypto.Parameters;

namespace Clavis.Crypto.Asymmetric;

/// <summary>
/// A private key held as its PKCS#8 PrivateKeyInfo in a <see cref="SecretBytes"/> — the one form every
/// supported key has — with what is known about it. Imports from and exports to every supported format.
/// Disposing zeroes the key.
/// </summary>
public sealed class AsymmetricPrivateKey : IDisposable
{
    private readonly SecretBytes _pkcs8;
    private AsymmetricAlgorithm? _held;
    private int _disposed;

    private AsymmetricPrivateKey(SecretBytes pkcs8, AsymmetricKeyType type, EllipticCurve? curve, int sizeInBits)
    {
        _pkcs8 = pkcs8;
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

    /// <summary>The PKCS#8 PrivateKeyInfo; valid until <see cref="Dispose"/>. Does not copy.</summary>
    public ReadOnlySpan<byte> Pkcs8 => _pkcs8.Span;

    /// <summary>Reads a private key in <paramref name="format"/>, checking that it parses and is of a supported kind.</summary>
    /// <param name="format">The encoding of <paramref name="encoded"/>.</param>
    /// <param name="encoded">The key bytes; not kept (the caller still owns and clears them).</param>
    /// <exception cref="KeyFormatException">The bytes are not a key in that format, or the key is not supported.</exception>
    public static AsymmetricPrivateKey Import(PrivateKeyFormat format, ReadOnlySpan<byte> encoded)
    {
        switch (format)
        {
            case PrivateKeyFormat.Pkcs8:
                return KeyInfoAsn.TypeOf(KeyInfoAsn.AlgorithmOf(encoded, privateKeyInfo: true)) switch
                {
                    AsymmetricKeyType.Rsa => ImportRsa(encoded, pkcs8: true, "PKCS#8 RSA"),
                    AsymmetricKeyType.EllipticCurve => ImportEcdsa(encoded, pkcs8: true, "PKCS#8 EC"),
                    _ => FromEd25519Pkcs8(encoded),
                };
            case PrivateKeyFormat.Pkcs1:
                return ImportRsa(encoded, pkcs8: false, "PKCS#1 RSAPrivateKey");
            case PrivateKeyFormat.Sec1:
                return ImportEcdsa(encoded, pkcs8: false, "SEC1 ECPrivateKey");
            case PrivateKeyFormat.Raw:
                if (encoded.Length != KeyInfoAsn.Ed25519KeyLength)
                {
                    throw new KeyFormatException(KeyFormatProblem.Malformed, $"a Raw private key is an Ed25519 key of {KeyInfoAsn.Ed25519KeyLength} bytes, not {encoded.Length}");
                }

                return FromEd25519(encoded);
            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    /// <summary>
    /// Whether <paramref name="pkcs8"/> is an encrypted PKCS#8 key (EncryptedPrivateKeyInfo, RFC 5208 §6): a key its
    /// holder can store and hand back, but not read or use without the password.
    /// </summary>
    public static bool IsEncryptedPkcs8(ReadOnlySpan<byte> pkcs8) => KeyInfoAsn.IsEncryptedPrivateKeyInfo(pkcs8);

    /// <summary>Builds an RSA private key from its numbers.</summary>
    /// <exception cref="KeyFormatException">The numbers are incomplete or inconsistent.</exception>
    public static AsymmetricPrivateKey FromRsaComponents(RsaPrivateComponents components)
    {
        ArgumentNullException.ThrowIfNull(components);
        RSAParameters parameters = RsaNumbers.ToParameters(components);
        try
        {
            RSA rsa = RSA.Create();
            try
            {
                rsa.ImportParameters(parameters);
                return FromRsa(rsa);
            }
            catch (CryptographicException ex)
            {
                rsa.Dispose();
                throw Malformed("Transparent RSA Private Key", ex);
            }
        }
        finally
        {
            RsaNumbers.Clear(parameters);
        }
    }

    /// <summary>Builds an EC or Ed25519 private key from its scalar.</summary>
    /// <exception cref="KeyFormatException">The scalar does not fit the curve.</exception>
    public static AsymmetricPrivateKey FromEcComponents(EcPrivateComponents components)
    {
        ArgumentNullException.ThrowIfNull(components);
        if (components.Type == AsymmetricKeyType.Ed25519)
        {
            if (components.D.Length != KeyInfoAsn.Ed25519KeyLength)
            {
                throw new KeyFormatException(KeyFormatProblem.Malformed, $"an Ed25519 private key is {KeyInfoAsn.Ed25519KeyLength} bytes, not {components.D.Length}");
            }

            return FromEd25519(components.D);
        }

        EllipticCurve curve = components.Curve ?? throw new KeyFormatException(KeyFormatProblem.Malformed, "an EC private key needs its curve");
        int length = curve.FieldBytes();
        byte[] d = new byte[length];
        try
        {
            byte[] unpadded = RsaNumbers.Unpadded(components.D);
            if (unpadded.Length > length)
            {
                CryptographicOperations.ZeroMemory(unpadded);
                throw new KeyFormatException(KeyFormatProblem.Malformed, $"D is longer than a {curve} scalar");
            }

            unpadded.CopyTo(d, length - unpadded.Length);
            CryptographicOperations.ZeroMemory(unpadded);
            // The BCL derives Q from D when Q is absent.
            var parameters = new ECParameters { Curve = curve.ToECCurve(), D = d };
            ECDsa ecdsa = ECDsa.Create();
            try
            {
                ecdsa.ImportParameters(parameters);
                return FromEcdsa(ecdsa);
            }
            catch (CryptographicException ex)
            {
                ecdsa.Dispose();
                throw Malformed("Transparent EC Private Key", ex);
            }
            catch (KeyFormatException)
            {
                ecdsa.Dispose();
                throw;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(d);
        }
    }

    /// <summary>Takes ownership of a PKCS#8 PrivateKeyInfo the caller knows to be well formed (a generated key).</summary>
    internal static AsymmetricPrivateKey FromTrustedPkcs8(SecretBytes pkcs8, AsymmetricKeyType type, EllipticCurve? curve, int sizeInBits) =>
        new(pkcs8, type, curve, sizeInBits);

    /// <summary>The key in <paramref name="format"/>. The caller owns the result and should zero it when done.</summary>
    /// <exception cref="KeyFormatException">The key cannot be given in that format (Key Format Type Not Supported).</exception>
    public byte[] Export(PrivateKeyFormat format)
    {
        switch (format, Type)
        {
            case (PrivateKeyFormat.Pkcs8, _):
                return Pkcs8.ToArray();
            case (PrivateKeyFormat.Pkcs1, AsymmetricKeyType.Rsa):
                return HeldRsa.ExportRSAPrivateKey();
            case (PrivateKeyFormat.Sec1, AsymmetricKeyType.EllipticCurve):
                return HeldEcdsa.ExportECPrivateKey();

            case (PrivateKeyFormat.Raw, AsymmetricKeyType.Ed25519):
                return KeyInfoAsn.ReadEd25519PrivateKey(Pkcs8);
            default:
                throw new KeyFormatException(KeyFormatProblem.FormatNotSupported, $"{Describe()} private key cannot be given as {format}");
        }
    }

    /// <summary>The RSA numbers of this key. The caller owns and disposes the result.</summary>
    /// <exception cref="KeyFormatException">The key is not RSA.</exception>
    public RsaPrivateComponents ExportRsaComponents()
    {
        if (Type != AsymmetricKeyType.Rsa)
        {
            throw new KeyFormatException(KeyFormatProblem.FormatNotSupported, $"{Describe()} private key has no RSA components");
        }

        RSAParameters parameters = HeldRsa.ExportParameters(includePrivateParameters: true);
        try
        {
            return RsaNumbers.FromParameters(parameters);
        }
        finally
        {
            RsaNumbers.Clear(parameters);
        }
    }

    /// <summary>The scalar of this EC or Ed25519 key. The caller owns and disposes the result.</summary>
    /// <exception cref="KeyFormatException">The key is RSA.</exception>
    public EcPrivateComponents ExportEcComponents()
    {
        switch (Type)
        {
            case AsymmetricKeyType.EllipticCurve:
                ECParameters parameters = HeldEcdsa.ExportParameters(includePrivateParameters: true);
                return new EcPrivateComponents { Type = Type, Curve = Curve, D = parameters.D! };

            case AsymmetricKeyType.Ed25519:
                return new EcPrivateComponents { Type = Type, D = KeyInfoAsn.ReadEd25519PrivateKey(Pkcs8) };
            default:
                throw new KeyFormatException(KeyFormatProblem.FormatNotSupported, "an RSA private key has no elliptic-curve components");
        }
    }

    /// <summary>The matching public key.</summary>
    public AsymmetricPublicKey PublicKey()
    {
        switch (Type)
        {
            case AsymmetricKeyType.Rsa:
                return AsymmetricPublicKey.FromTrustedSpki(HeldRsa.ExportSubjectPublicKeyInfo(), Type, Curve, SizeInBits);
            case AsymmetricKeyType.EllipticCurve:
                return AsymmetricPublicKey.FromTrustedSpki(HeldEcdsa.ExportSubjectPublicKeyInfo(), Type, Curve, SizeInBits);

            default:
                Ed25519PrivateKeyParameters key = OpenEd25519();
                return AsymmetricPublicKey.FromTrustedSpki(KeyInfoAsn.WriteEd25519PublicKey(key.GeneratePublicKey().GetEncoded()), Type, Curve, SizeInBits);
        }
    }

    /// <summary>A BCL RSA object holding this key. The caller disposes it.</summary>
    /// <exception cref="InvalidOperationException">The key is not RSA.</exception>
    public RSA OpenRsa()
    {
        EnsureType(AsymmetricKeyType.Rsa);
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Pkcs8, out _);
        return rsa;
    }

    /// <summary>A BCL ECDsa object holding this key. The caller disposes it.</summary>
    /// <exception cref="InvalidOperationException">The key is not an EC key.</exception>
    public ECDsa OpenEcdsa()
    {
        EnsureType(AsymmetricKeyType.EllipticCurve);
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(Pkcs8, out _);
        return ecdsa;
    }

    /// <summary>
    /// BouncyCastle's Ed25519 key (the BCL has none). BouncyCastle keeps its own copy of the 32 bytes, which the
    /// garbage collector reclaims; the copy read here is zeroed.
    /// </summary>
    internal Ed25519PrivateKeyParameters OpenEd25519()
    {
        EnsureType(AsymmetricKeyType.Ed25519);
        byte[] raw = KeyInfoAsn.ReadEd25519PrivateKey(Pkcs8);
        try
        {
            return new Ed25519PrivateKeyParameters(raw, 0);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(raw);
        }
    }

    /// <summary>Zeroes the key and frees the BCL object holding it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Interlocked.Exchange(ref _held, null)?.Dispose();
            _pkcs8.Dispose();
        }
    }

    /// <summary>Never the value.</summary>
    public override string ToString() => $"AsymmetricPrivateKey({Type} {SizeInBits})";

    internal string Describe() => Type switch
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

    private static AsymmetricPrivateKey ImportRsa(ReadOnlySpan<byte> encoded, bool pkcs8, string what)
    {
        RSA rsa = RSA.Create();
        try
        {
            int read;
            if (pkcs8)
            {
                rsa.ImportPkcs8PrivateKey(encoded, out read);
            }
            else
            {
                rsa.ImportRSAPrivateKey(encoded, out read);
            }

            EnsureWhole(read, encoded.Length, what);
            return FromRsa(rsa);
        }
        catch (CryptographicException ex)
        {
            rsa.Dispose();
            throw Malformed(what, ex);
        }
        catch (KeyFormatException)
        {
            rsa.Dispose();
            throw;
        }
    }

    private static AsymmetricPrivateKey ImportEcdsa(ReadOnlySpan<byte> encoded, bool pkcs8, string what)
    {
        ECDsa ecdsa = ECDsa.Create();
        try
        {
            int read;
            if (pkcs8)
            {
                ecdsa.ImportPkcs8PrivateKey(encoded, out read);
            }
            else
            {
                ecdsa.ImportECPrivateKey(encoded, out read);
            }

            EnsureWhole(read, encoded.Length, what);
            return FromEcdsa(ecdsa);
        }
        catch (CryptographicException ex)
        {
            ecdsa.Dispose();
            throw Malformed(what, ex);
        }
        catch (KeyFormatException)
        {
            ecdsa.Dispose();
            throw;
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

    // The BCL's re-encoding is the canonical form: it drops any non-DER encoding of the input. The key object
    // that read the key is kept for use: importing a private key costs several times one signature (OpenSSL checks it).
    private static AsymmetricPrivateKey FromRsa(RSA rsa) =>
        new(SecretBytes.TakeOwnership(rsa.ExportPkcs8PrivateKey()), AsymmetricKeyType.Rsa, null, rsa.KeySize) { _held = rsa };

    private static AsymmetricPrivateKey FromEcdsa(ECDsa ecdsa)
    {
        EllipticCurve curve = CurveOf(ecdsa);
        return new AsymmetricPrivateKey(SecretBytes.TakeOwnership(ecdsa.ExportPkcs8PrivateKey()), AsymmetricKeyType.EllipticCurve, curve, curve.SizeInBits()) { _held = ecdsa };
    }

    /// <summary>The BCL RSA object that holds this key, made once per instance; owned by this key (do not dispose).</summary>
    internal RSA HeldRsa => (RSA)Held(AsymmetricKeyType.Rsa);

    /// <summary>The BCL ECDsa object that holds this key, made once per instance; owned by this key (do not dispose).</summary>
    internal ECDsa HeldEcdsa => (ECDsa)Held(AsymmetricKeyType.EllipticCurve);

    private AsymmetricAlgorithm Held(AsymmetricKeyType type)
    {
        EnsureType(type);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Volatile.Read(ref _held) is AsymmetricAlgorithm held)
        {
            return held;
        }

        AsymmetricAlgorithm created = type == AsymmetricKeyType.Rsa ? OpenRsa() : OpenEcdsa();
        AsymmetricAlgorithm? raced = Interlocked.CompareExchange(ref _held, created, null);
        if (raced is not null)
        {
            created.Dispose();
            return raced;
        }

        return created;
    }

    /// <summary>The supported curve an imported key is on.</summary>
    internal static EllipticCurve CurveOf(ECAlgorithm key)
    {
        ECParameters parameters = key.ExportParameters(includePrivateParameters: false);
        if (parameters.Curve.IsNamed
            && (EllipticCurves.TryFromOid(parameters.Curve.Oid.Value, out EllipticCurve curve) || EllipticCurves.TryFromOid(parameters.Curve.Oid.FriendlyName, out curve)))
        {
            return curve;
        }

        throw new KeyFormatException(KeyFormatProblem.AlgorithmNotSupported, "the EC key is not on a supported named curve (P-256, P-384, P-521, secp256k1)");
    }

    private static AsymmetricPrivateKey FromEd25519Pkcs8(ReadOnlySpan<byte> pkcs8)
    {
        byte[] raw = KeyInfoAsn.ReadEd25519PrivateKey(pkcs8);
        try
        {
            return FromEd25519(raw);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(raw);
        }
    }

    private static AsymmetricPrivateKey FromEd25519(ReadOnlySpan<byte> raw) =>
        new(SecretBytes.TakeOwnership(KeyInfoAsn.WriteEd25519PrivateKey(raw)), AsymmetricKeyType.Ed25519, null, 255);
}
