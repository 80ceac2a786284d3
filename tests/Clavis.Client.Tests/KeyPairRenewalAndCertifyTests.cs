using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Clavis.Client.Tests.Support;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client.Tests;

/// <summary>Re-Key Key Pair and Certify through the SDK against a real node.</summary>
[Collection(SharedServer.Name)]
public sealed class KeyPairRenewalAndCertifyTests(ServerFixture server)
{
    [Fact]
    public async Task ReKeyKeyPair_makes_a_new_pair_linked_to_the_old_one()
    {
        await using KmipClient client = TestClients.Create(server);
        CreateKeyPairResponsePayload old = await client.CreateKeyPairAsync(CryptographicAlgorithm.ECDSA, 256, CryptographicUsageMask.Sign, CryptographicUsageMask.Verify);
        await client.ActivateAsync(old.PrivateKeyUniqueIdentifier!);

        ReKeyKeyPairResponsePayload renewed = await client.ReKeyKeyPairAsync(old.PrivateKeyUniqueIdentifier!);

        Assert.NotEqual(old.PrivateKeyUniqueIdentifier, renewed.PrivateKeyUniqueIdentifier);
        Assert.NotEqual(old.PublicKeyUniqueIdentifier, renewed.PublicKeyUniqueIdentifier);
        GetAttributesResponsePayload links = await client.GetAttributesAsync(old.PrivateKeyUniqueIdentifier!, [new KmipAttributeReference(Tag.Link)]);
        Assert.Contains(links.Attributes!, a => a.Value.Find(Tag.LinkType)!.EnumerationValue == (uint)LinkType.ReplacementObjectLink
            && a.Value.Find(Tag.LinkedObjectIdentifier)!.TextStringValue == renewed.PrivateKeyUniqueIdentifier);
        var missing = await Assert.ThrowsAsync<KmipOperationException>(() => client.ReKeyKeyPairAsync("missing-key"));
        Assert.Equal(ResultReason.ItemNotFound, missing.ResultReason);
    }

    [Fact]
    public async Task Certify_issues_a_certificate_for_a_managed_public_key_that_chains_to_the_managed_CA()
    {
        await using KmipClient client = TestClients.Create(server);
        // The CA: a managed EC pair allowed to sign certificates, with a self-signed certificate made by the BCL and registered.
        CreateKeyPairResponsePayload ca = await client.CreateKeyPairAsync(CryptographicAlgorithm.ECDSA, 256,
            CryptographicUsageMask.Sign | CryptographicUsageMask.CertificateSign, CryptographicUsageMask.Verify);
        await client.ActivateAsync(ca.PrivateKeyUniqueIdentifier!);
        using ECDsa caKey = ECDsa.Create();
        caKey.ImportPkcs8PrivateKey(KeyBytes(await client.GetAsync(ca.PrivateKeyUniqueIdentifier!, KeyFormatType.PKCS_8)), out _);
        var caRequest = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=SDK Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using X509Certificate2 caCertificate = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
        RegisterResponsePayload caRegistered = await client.RegisterAsync(new RegisterRequestPayload
        {
            ObjectType = ObjectType.Certificate,
            Attributes = [KmipAttributes.Link(LinkType.PublicKeyLink, ca.PublicKeyUniqueIdentifier!)],
            Object = new Certificate { CertificateType = CertificateType.X_509, CertificateValue = caCertificate.RawData },
        });
        CreateKeyPairResponsePayload subject = await client.CreateKeyPairAsync(new CreateKeyPairRequestPayload
        {
            CommonAttributes = [KmipAttributes.CryptographicAlgorithm(CryptographicAlgorithm.ECDSA), KmipAttributes.CryptographicLength(256)],
            PrivateKeyAttributes = [KmipAttributes.CryptographicUsageMask(CryptographicUsageMask.Sign)],
            PublicKeyAttributes = [KmipAttributes.CryptographicUsageMask(CryptographicUsageMask.Verify), KmipAttributes.Name("sdk-device-7")],
        });

        CertifyResponsePayload certified = await client.CertifyAsync(subject.PublicKeyUniqueIdentifier!, caRegistered.UniqueIdentifier!);

        using X509Certificate2 certificate = X509CertificateLoader.LoadCertificate(Assert.IsType<Certificate>((await client.GetAsync(certified.UniqueIdentifier!)).Object).CertificateValue!);
        Assert.Equal("CN=sdk-device-7", certificate.Subject);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(caCertificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(certificate), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        // Naming a public key as the issuer's certificate is refused with the server's reason, not a client-side guess.
        var wrongIssuer = await Assert.ThrowsAsync<KmipOperationException>(() => client.CertifyAsync(subject.PublicKeyUniqueIdentifier!, subject.PublicKeyUniqueIdentifier!));
        Assert.Equal(Operation.Certify, wrongIssuer.Operation);
        Assert.False(string.IsNullOrEmpty(wrongIssuer.ResultMessage));
    }

    private static byte[] KeyBytes(GetResponsePayload got) =>
        Assert.IsType<PrivateKey>(got.Object).KeyBlock!.KeyValue!.KeyMaterial!.ByteStringValue!;
}
