using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Clavis.Crypto.Asymmetric;
using Clavis.Crypto.Certificates;

namespace Clavis.Crypto.Tests.Asymmetric;

/// <summary>Certificates issued for any key type chain to their CA with the BCL's X509Chain.</summary>
public sealed class CertificateIssuerTests
{
    [Theory]
    [InlineData(AsymmetricKeyType.Rsa)]
    [InlineData(AsymmetricKeyType.EllipticCurve)]
    [InlineData(AsymmetricKeyType.Ed25519)]
    public void An_issued_certificate_chains_to_its_CA(AsymmetricKeyType subjectType)
    {
        using AsymmetricKeyPair ca = KeyPairGenerator.Generate(KeyPairSpec.EllipticCurve(EllipticCurve.P256));
        byte[] caCertificate = SelfSignedCa(ca);
        using AsymmetricKeyPair subject = KeyPairGenerator.Generate(subjectType switch
        {
            AsymmetricKeyType.Rsa => KeyPairSpec.Rsa(2048),
            AsymmetricKeyType.EllipticCurve => KeyPairSpec.EllipticCurve(EllipticCurve.P384),
            _ => KeyPairSpec.Ed25519(),
        });
        DateTimeOffset now = DateTimeOffset.UtcNow;
        byte[] issued = CertificateIssuer.Issue(
            new CertificateIssueRequest { SubjectPublicKey = subject.PublicKey, Subject = new X500DistinguishedName("CN=device-1"), NotBefore = now.AddMinutes(-1), NotAfter = now.AddDays(30) },
            caCertificate, ca.PrivateKey);
        using X509Certificate2 certificate = X509CertificateLoader.LoadCertificate(issued);
        Assert.Equal("CN=device-1", certificate.Subject);
        Assert.Equal(subject.PublicKey.SubjectPublicKeyInfo.ToArray(), certificate.PublicKey.ExportSubjectPublicKeyInfo());
        using X509Certificate2 root = X509CertificateLoader.LoadCertificate(caCertificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(certificate), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public void A_CA_key_that_does_not_match_its_certificate_is_refused()
    {
        using AsymmetricKeyPair ca = KeyPairGenerator.Generate(KeyPairSpec.EllipticCurve(EllipticCurve.P256));
        using AsymmetricKeyPair other = KeyPairGenerator.Generate(KeyPairSpec.EllipticCurve(EllipticCurve.P256));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Assert.Throws<CryptographicParametersException>(() => CertificateIssuer.Issue(
            new CertificateIssueRequest { SubjectPublicKey = other.PublicKey, Subject = new X500DistinguishedName("CN=x"), NotBefore = now, NotAfter = now.AddDays(1) },
            SelfSignedCa(ca), other.PrivateKey));
    }

    internal static byte[] SelfSignedCa(AsymmetricKeyPair ca)
    {
        using ECDsa key = ca.PrivateKey.OpenEcdsa();
        var request = new CertificateRequest("CN=Test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return certificate.RawData;
    }
}
