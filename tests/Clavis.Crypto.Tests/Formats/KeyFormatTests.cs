using System.Security.Cryptography;
using Clavis.Crypto.Asymmetric;
using Clavis.Crypto.Formats;
using Clavis.Crypto.Tests.Support;

namespace Clavis.Crypto.Tests.Formats;

/// <summary>Conversions among key formats, checked against DER written by OpenSSL (tests/vectors/asymmetric/keys).</summary>
public sealed class KeyFormatTests
{
    [Fact]
    public void Rsa_private_key_converts_between_PKCS8_PKCS1_and_components_as_OpenSSL_writes_them()
    {
        byte[] pkcs8 = TestVectors.PemDer("rsa2048.pkcs8.pem");
        byte[] pkcs1 = TestVectors.PemDer("rsa2048.pkcs1.pem");
        Assert.Equal("RSA PRIVATE KEY", TestVectors.PemLabel("rsa2048.pkcs1.pem"));
        using AsymmetricPrivateKey fromPkcs8 = AsymmetricPrivateKey.Import(PrivateKeyFormat.Pkcs8, pkcs8);
        using AsymmetricPrivateKey fromPkcs1 = AsymmetricPrivateKey.Import(PrivateKeyFormat.Pkcs1, pkcs1);
        Assert.Equal(AsymmetricKeyType.Rsa, fromPkcs1.Type);
        Assert.Equal(2048, fromPkcs1.SizeInBits);
        Assert.Equal(pkcs1, fromPkcs8.Export(PrivateKeyFormat.Pkcs1));
        Assert.Equal(pkcs8, fromPkcs1.Export(PrivateKeyFormat.Pkcs8));
        using RsaPrivateComponents components = fromPkcs8.ExportRsaComponents();
        Assert.Equal(TestVectors.Component("rsa2048.modulus"), components.Modulus);
        Assert.Equal(TestVectors.Component("rsa2048.publicExponent"), components.PublicExponent);
        Assert.Equal(TestVectors.Component("rsa2048.privateExponent"), components.PrivateExponent);
        using AsymmetricPrivateKey fromComponents = AsymmetricPrivateKey.FromRsaComponents(components);
        Assert.Equal(pkcs8, fromComponents.Export(PrivateKeyFormat.Pkcs8));
    }

    [Fact]
    public void Rsa_private_key_from_primes_only_computes_the_rest()
    {
        using AsymmetricPrivateKey key = AsymmetricPrivateKey.Import(PrivateKeyFormat.Pkcs8, TestVectors.PemDer("rsa2048.pkcs8.pem"));
        using RsaPrivateComponents full = key.ExportRsaComponents();
        using var partial = new RsaPrivateComponents { Modulus = full.Modulus, PublicExponent = full.PublicExponent, P = full.P!.ToArray(), Q = full.Q!.ToArray() };
        using AsymmetricPrivateKey rebuilt = AsymmetricPrivateKey.FromRsaComponents(partial);
        using RsaPrivateComponents again = rebuilt.ExportRsaComponents();
        // d may differ (λ(n) or φ(n)); the CRT values, which are what signing uses, do not.
        Assert.Equal(full.PrimeExponentP, again.PrimeExponentP);
        Assert.Equal(full.PrimeExponentQ, again.PrimeExponentQ);
        Assert.Equal(full.CrtCoefficient, again.CrtCoefficient);
    }

    [Fact]
    public void Rsa_public_key_converts_between_SPKI_PKCS1_and_components()
    {
        byte[] spki = TestVectors.PemDer("rsa2048.spki.pem");
        byte[] pkcs1 = TestVectors.PemDer("rsa2048.pkcs1-public.pem");
        AsymmetricPublicKey fromSpki = AsymmetricPublicKey.Import(PublicKeyFormat.SubjectPublicKeyInfo, spki);
        AsymmetricPublicKey fromPkcs1 = AsymmetricPublicKey.Import(PublicKeyFormat.Pkcs1, pkcs1);
        Assert.Equal(pkcs1, fromSpki.Export(PublicKeyFormat.Pkcs1));
        Assert.Equal(spki, fromPkcs1.Export(PublicKeyFormat.SubjectPublicKeyInfo));
        RsaPublicComponents components = fromSpki.ExportRsaComponents();
        Assert.Equal(TestVectors.Component("rsa2048.modulus"), components.Modulus);
        Assert.Equal(spki, AsymmetricPublicKey.FromRsaComponents(components).Export(PublicKeyFormat.SubjectPublicKeyInfo));
        using AsymmetricPrivateKey privateKey = AsymmetricPrivateKey.Import(PrivateKeyFormat.Pkcs8, TestVectors.PemDer("rsa2048.pkcs8.pem"));
        Assert.Equal(spki, privateKey.PublicKey().Export(PublicKeyFormat.SubjectPublicKeyInfo));
    }

    [Fact]
    public void P256_private_key_converts_between_PKCS8_SEC1_and_components()
    {
        byte[] sec1 = TestVectors.PemDer("p256.sec1.pem");
        Assert.Equal("EC PRIVATE KEY", TestVectors.PemLabel("p256.sec1.pem"));
        using AsymmetricPrivateKey fromPkcs8 = AsymmetricPrivateKey.Import(PrivateKeyFormat.Pkcs8, TestVectors.PemDer("p256.pkcs8.pem"));
        using AsymmetricPrivateKey fromSec1 = AsymmetricPrivateKey.Import(PrivateKeyFormat.Sec1, sec1);
        Assert.Equal(EllipticCurve.P256, fromSec1.Curve);
        Assert.Equal(256, fromSec1.SizeInBits);
        Assert.Equal(sec1, fromPkcs8.Export(PrivateKeyFormat.Sec1));
        Assert.Equal(fromPkcs8.Export(PrivateKeyFormat.Pkcs8), fromSec1.Export(PrivateKeyFormat.Pkcs8));
        using EcPrivateComponents components = fromSec1.ExportEcComponents();
        Assert.Equal(TestVectors.Component("p256.d"), components.D);
        using AsymmetricPrivateKey fromComponents = AsymmetricPrivateKey.FromEcComponents(components);
        Assert.Equal(sec1, fromComponents.Export(PrivateKeyFormat.Sec1));
        Assert.Equal(TestVectors.PemDer("p256.spki.pem"), fromComponents.PublicKey().Export(PublicKeyFormat.SubjectPublicKeyInfo));
    }

    [Theory]
    [InlineData("p256", EllipticCurve.P256)]
    [InlineData("p384", EllipticCurve.P384)]
    [InlineData("p521", EllipticCurve.P521)]
    public void Ec_public_key_converts_between_SPKI_and_its_point(string name, EllipticCurve curve)
    {
        byte[] spki = TestVectors.PemDer(name + ".spki.pem");
        AsymmetricPublicKey key = AsymmetricPublicKey.Import(PublicKeyFormat.SubjectPublicKeyInfo, spki);
        Assert.Equal(curve, key.Curve);
        EcPublicComponents point = key.ExportEcComponents();
        Assert.Equal(0x04, point.Q[0]);
        Assert.Equal(1 + (2 * curve.FieldBytes()), point.Q.Length);
        Assert.Equal(spki, AsymmetricPublicKey.FromEcComponents(point).Export(PublicKeyFormat.SubjectPublicKeyInfo));
        using AsymmetricPrivateKey privateKey = AsymmetricPrivateKey.Import(PrivateKeyFormat.Pkcs8, TestVectors.PemDer(name + ".pkcs8.pem"));
        Assert.Equal(spki, privateKey.PublicKey().Export(PublicKeyFormat.SubjectPublicKeyInfo));
        if (curve == EllipticCurve.P256)
        {
            Assert.Equal(TestVectors.Component("p256.q"), point.Q);
        }
    }

    [Fact]
    public void Ed25519_converts_between_PKCS8_SPKI_Raw_and_components_as_OpenSSL_writes_them()
    {
        byte[] pkcs8 = TestVectors.PemDer("ed25519.pkcs8.pem");
        byte[] spki = TestVectors.PemDer("ed25519.spki.pem");
        using AsymmetricPrivateKey key = AsymmetricPrivateKey.Import(PrivateKeyFormat.Pkcs8, pkcs8);
        Assert.Equal(AsymmetricKeyType.Ed25519, key.Type);
        Assert.Equal(TestVectors.Component("ed25519.private"), key.Export(PrivateKeyFormat.Raw));
        Assert.Equal(pkcs8, key.Export(PrivateKeyFormat.Pkcs8));
        using AsymmetricPrivateKey fromRaw = AsymmetricPrivateKey.Import(PrivateKeyFormat.Raw, TestVectors.Component("ed25519.private"));
        Assert.Equal(pkcs8, fromRaw.Export(PrivateKeyFormat.Pkcs8));
        AsymmetricPublicKey publicKey = key.PublicKey();
        Assert.Equal(spki, publicKey.Export(PublicKeyFormat.SubjectPublicKeyInfo));
        Assert.Equal(TestVectors.Component("ed25519.public"), publicKey.Export(PublicKeyFormat.Raw));
        Assert.Equal(spki, AsymmetricPublicKey.Import(PublicKeyFormat.Raw, TestVectors.Component("ed25519.public")).Export(PublicKeyFormat.SubjectPublicKeyInfo));
        using EcPrivateComponents components = key.ExportEcComponents();
        Assert.Equal(AsymmetricKeyType.Ed25519, components.Type);
        using AsymmetricPrivateKey fromComponents = AsymmetricPrivateKey.FromEcComponents(components);
        Assert.Equal(pkcs8, fromComponents.Export(PrivateKeyFormat.Pkcs8));
    }

    [Theory]
    [InlineData(PrivateKeyFormat.Sec1, "rsa2048.pkcs8.pem")]
    [InlineData(PrivateKeyFormat.Raw, "rsa2048.pkcs8.pem")]
    [InlineData(PrivateKeyFormat.Pkcs1, "p256.pkcs8.pem")]
    [InlineData(PrivateKeyFormat.Pkcs1, "ed25519.pkcs8.pem")]
    public void A_format_that_does_not_fit_the_key_is_not_supported(PrivateKeyFormat format, string file)
    {
        using AsymmetricPrivateKey key = AsymmetricPrivateKey.Import(PrivateKeyFormat.Pkcs8, TestVectors.PemDer(file));
        KeyFormatException refused = Assert.Throws<KeyFormatException>(() => key.Export(format));
        Assert.Equal(KeyFormatProblem.FormatNotSupported, refused.Problem);
    }

    [Theory]
    [InlineData(PrivateKeyFormat.Pkcs1, "p256.sec1.pem")]
    [InlineData(PrivateKeyFormat.Sec1, "rsa2048.pkcs1.pem")]
    [InlineData(PrivateKeyFormat.Pkcs8, "rsa2048.pkcs1.pem")]
    [InlineData(PrivateKeyFormat.Raw, "p256.sec1.pem")]
    public void Bytes_of_another_format_are_malformed(PrivateKeyFormat claimed, string file)
    {
        KeyFormatException refused = Assert.Throws<KeyFormatException>(() => AsymmetricPrivateKey.Import(claimed, TestVectors.PemDer(file)));
        Assert.Equal(KeyFormatProblem.Malformed, refused.Problem);
    }

    [Fact]
    public void Trailing_bytes_after_a_key_are_refused()
    {
        byte[] spki = [.. TestVectors.PemDer("p256.spki.pem"), 0];
        KeyFormatException refused = Assert.Throws<KeyFormatException>(() => AsymmetricPublicKey.Import(PublicKeyFormat.SubjectPublicKeyInfo, spki));
        Assert.Contains("followed by 1 bytes", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_point_not_on_the_curve_is_refused()
    {
        EcPublicComponents point = AsymmetricPublicKey.Import(PublicKeyFormat.SubjectPublicKeyInfo, TestVectors.PemDer("p256.spki.pem")).ExportEcComponents();
        byte[] moved = point.Q.ToArray();
        moved[^1] ^= 1;
        Assert.Throws<KeyFormatException>(() => AsymmetricPublicKey.FromEcComponents(point with { Q = moved }));
    }

    [Fact]
    public void A_curve_outside_the_catalogue_is_not_supported()
    {
        using var brainpool = ECDsa.Create(ECCurve.NamedCurves.brainpoolP256r1);
        KeyFormatException refused = Assert.Throws<KeyFormatException>(() => AsymmetricPublicKey.Import(PublicKeyFormat.SubjectPublicKeyInfo, brainpool.ExportSubjectPublicKeyInfo()));
        Assert.Equal(KeyFormatProblem.AlgorithmNotSupported, refused.Problem);
    }

    [Fact]
    public void Secp256k1_keys_are_read_and_used_but_not_generated()
    {
        using var secp256k1 = ECDsa.Create(ECCurve.CreateFromValue("1.3.132.0.10"));
        using AsymmetricPrivateKey key = AsymmetricPrivateKey.Import(PrivateKeyFormat.Sec1, secp256k1.ExportECPrivateKey());
        Assert.Equal(EllipticCurve.Secp256k1, key.Curve);
        byte[] signature = Signatures.SignData(key, new SignatureParameters(SignatureScheme.Ecdsa, HashAlgorithmName.SHA256), [1, 2, 3]);
        Assert.True(secp256k1.VerifyData(new byte[] { 1, 2, 3 }, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyPairSpec.EllipticCurve(EllipticCurve.Secp256k1));
    }

    [Fact]
    public void An_encrypted_PKCS8_key_is_recognised_and_not_read()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] encrypted = ecdsa.ExportEncryptedPkcs8PrivateKey("password"u8, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000));
        Assert.True(AsymmetricPrivateKey.IsEncryptedPkcs8(encrypted));
        Assert.False(AsymmetricPrivateKey.IsEncryptedPkcs8(ecdsa.ExportPkcs8PrivateKey()));
        KeyFormatException refused = Assert.Throws<KeyFormatException>(() => AsymmetricPrivateKey.Import(PrivateKeyFormat.Pkcs8, encrypted));
        Assert.Equal(KeyFormatProblem.FormatNotSupported, refused.Problem);
        Assert.Contains("encrypted", refused.Message, StringComparison.Ordinal);
    }
}
