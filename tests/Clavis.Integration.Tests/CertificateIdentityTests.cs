using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Clavis.Core.Identity;
using Clavis.Server.Dispatch;

namespace Clavis.Integration.Tests;

/// <summary>What the server reads from a client certificate: name, OU groups, SANs of four kinds, issuer.</summary>
public sealed class CertificateIdentityTests
{
    [Fact]
    public void A_certificate_gives_its_name_groups_alternative_names_and_issuer_with_the_issuers_fingerprint_when_trusted()
    {
        using ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Test Issuing CA, O=Clavis", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        using ECDsa leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=app1, OU=apps, OU=payments, O=Clavis", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("app1.example.com");
        names.AddIpAddress(IPAddress.Parse("10.1.2.3"));
        names.AddIpAddress(IPAddress.Parse("fd00::1"));
        names.AddEmailAddress("ops@example.com");
        names.AddUri(new Uri("spiffe://example.com/app1"));
        leafRequest.CertificateExtensions.Add(names.Build());
        using X509Certificate2 leaf = leafRequest.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1), [1, 2, 3, 4]);

        ClientIdentity identity = CertificateIdentity.From(leaf, [ca]);

        Assert.Equal("app1", identity.Name);
        Assert.Equal(["apps", "payments"], identity.Groups);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(leaf.RawData)), identity.CertificateFingerprint);
        Assert.Equal(["app1.example.com"], identity.AlternativeNames.DnsNames);
        Assert.Equal(["10.1.2.3", "fd00::1"], identity.AlternativeNames.IPAddresses);
        Assert.Equal(["ops@example.com"], identity.AlternativeNames.EmailAddresses);
        Assert.Equal(["spiffe://example.com/app1"], identity.AlternativeNames.Uris);
        Assert.Equal("CN=Test Issuing CA, O=Clavis", identity.IssuerSubject);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(ca.RawData)), identity.IssuerFingerprint);
        Assert.Empty(identity.VerifiedCredentialTypes);
        Assert.Empty(identity.Claims);

        // A CA the server does not hold (here: none) leaves the fingerprint unknown, and so does a look-alike CA.
        Assert.Null(CertificateIdentity.From(leaf, []).IssuerFingerprint);
        using ECDsa otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 lookAlike = new CertificateRequest("CN=Test Issuing CA, O=Clavis", otherKey, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        Assert.Null(CertificateIdentity.From(leaf, [lookAlike]).IssuerFingerprint);
    }

    [Fact]
    public void A_certificate_without_alternative_names_has_none()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 certificate = new CertificateRequest("CN=plain", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        Assert.Same(SubjectAlternativeNames.None, CertificateIdentity.From(certificate).AlternativeNames);
    }
}
