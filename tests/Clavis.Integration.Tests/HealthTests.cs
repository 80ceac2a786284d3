using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Clavis.Integration.Tests.Support;

namespace Clavis.Integration.Tests;

/// <summary>The HTTPS health endpoint, reached with only the data folder's CA trusted.</summary>
public sealed class HealthTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Health_answers_200_with_status_ok_over_TLS_trusted_by_the_data_folder_CA()
    {
        X509Certificate2 ca = server.CaCertificate;
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
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
        using var http = new HttpClient(handler) { Timeout = KmipTestClient.Timeout };
        using HttpResponseMessage response = await http.GetAsync(new Uri($"https://127.0.0.1:{server.Host.HttpsPort}/health"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
    }
}
