using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Integration.Tests;

/// <summary>Key profiles managed over the HTTPS admin API and applied by a KMIP 2.1 Create.</summary>
public sealed class ProfileAdminTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Profile = """
        {
          "Cryptographic Algorithm": "AES",
          "Cryptographic Length": 256,
          "Cryptographic Usage Mask": ["Encrypt", "Decrypt"],
          "Object Group": ["it-payments"]
        }
        """;

    [Fact]
    public async Task An_administrator_puts_a_profile_over_HTTPS_and_a_2_1_create_naming_it_gets_its_attributes()
    {
        using HttpClient admin = Https(server.AdminCertificate);
        using (HttpResponseMessage put = await admin.PutAsync(ProfileUri("it-aes"), new StringContent(Profile, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using (HttpResponseMessage listed = await admin.GetAsync(new Uri($"https://127.0.0.1:{server.Host.HttpsPort}/admin/v1/profiles")))
        {
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
            using JsonDocument body = JsonDocument.Parse(await listed.Content.ReadAsStringAsync());
            Assert.Contains(body.RootElement.EnumerateArray(), p => p.GetProperty("name").GetString() == "it-aes");
        }

        await using KmipTestClient kmip = await server.ConnectAsync();
        var create = new CreateRequestPayload
        {
            ObjectType = ObjectType.SymmetricKey,
            Attributes = [KmipAttribute.Vendor("y", "ClavisProfile", TtlvNode.TextString(Tag.AttributeValue, "it-aes"))],
        };
        string id = Responses.Success<CreateResponsePayload>(await kmip.SendAsync(Requests.Message(ProtocolVersion.V2_1, create))).UniqueIdentifier!;
        var get = new GetAttributesRequestPayload
        {
            UniqueIdentifier = id,
            AttributeReference = [new(Tag.CryptographicAlgorithm), new(Tag.CryptographicLength), new(Tag.CryptographicUsageMask), new(Tag.ObjectGroup), KmipAttributeReference.Vendor("y", "ClavisProfile")],
        };
        List<KmipAttribute> attributes = Responses.Success<GetAttributesResponsePayload>(await kmip.SendAsync(Requests.Message(ProtocolVersion.V2_1, get))).Attributes!;

        Assert.Equal((uint)CryptographicAlgorithm.AES, attributes.Single(a => a.Tag == Tag.CryptographicAlgorithm).Value.EnumerationValue);
        Assert.Equal(256, attributes.Single(a => a.Tag == Tag.CryptographicLength).Value.IntegerValue);
        Assert.Equal((int)(CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt), attributes.Single(a => a.Tag == Tag.CryptographicUsageMask).Value.IntegerValue);
        Assert.Equal("it-payments", attributes.Single(a => a.Tag == Tag.ObjectGroup).Value.TextStringValue);
        Assert.Equal("it-aes", attributes.Single(a => a.IsVendorAttribute && a.Name == "ClavisProfile").Value.TextStringValue);
    }

    [Fact]
    public async Task A_2_1_create_naming_an_unknown_profile_fails_with_item_not_found()
    {
        await using KmipTestClient kmip = await server.ConnectAsync();
        CreateRequestPayload create = Requests.CreateAes();
        create.Attributes!.Add(KmipAttribute.Vendor("y", "ClavisProfile", TtlvNode.TextString(Tag.AttributeValue, "it-missing")));

        ResponseBatchItem failed = Responses.Failure(await kmip.SendAsync(Requests.Message(ProtocolVersion.V2_1, create)), ResultReason.ItemNotFound);

        Assert.Contains("it-missing", failed.ResultMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_outside_the_administrators_group_gets_403_and_changes_nothing()
    {
        using var directory = new TemporaryDirectory();
        string certificatePath = server.Host.Tls.IssueClient("it-bob", null, directory.Path);
        using X509Certificate2 bob = X509Certificate2.CreateFromPemFile(certificatePath, Path.ChangeExtension(certificatePath, ".key"));
        using HttpClient http = Https(bob);

        using HttpResponseMessage put = await http.PutAsync(ProfileUri("it-bob"), new StringContent(Profile, Encoding.UTF8, "application/json"));
        using HttpResponseMessage list = await http.GetAsync(new Uri($"https://127.0.0.1:{server.Host.HttpsPort}/admin/v1/profiles"));

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        using JsonDocument error = JsonDocument.Parse(await put.Content.ReadAsStringAsync());
        Assert.Equal(nameof(ResultReason.PermissionDenied), error.RootElement.GetProperty("reason").GetString());
        using HttpClient admin = Https(server.AdminCertificate);
        using HttpResponseMessage got = await admin.GetAsync(ProfileUri("it-bob"));
        Assert.Equal(HttpStatusCode.NotFound, got.StatusCode);
    }

    [Fact]
    public async Task An_invalid_profile_is_refused_with_400_and_the_reason()
    {
        using HttpClient admin = Https(server.AdminCertificate);

        using HttpResponseMessage put = await admin.PutAsync(ProfileUri("it-bad"), new StringContent("""{"Cryptographic Algorithm": "NOPE"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        using JsonDocument error = JsonDocument.Parse(await put.Content.ReadAsStringAsync());
        Assert.Equal(nameof(ResultReason.InvalidAttributeValue), error.RootElement.GetProperty("reason").GetString());
        Assert.Contains("Cryptographic Algorithm", error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private Uri ProfileUri(string name) => new($"https://127.0.0.1:{server.Host.HttpsPort}/admin/v1/profiles/{Uri.EscapeDataString(name)}");

    private HttpClient Https(X509Certificate2 clientCertificate)
    {
        X509Certificate2 ca = server.CaCertificate;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [clientCertificate],
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    using X509Certificate2 presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    return chain.Build(presented);
                },
            },
        };
        return new HttpClient(handler, disposeHandler: true) { Timeout = KmipTestClient.Timeout };
    }
}
