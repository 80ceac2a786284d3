using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Clavis.Integration.Tests.Support;

/// <summary>Calls to a test node's administrator REST API.</summary>
public static class AdminHttp
{
    public static async Task PutPolicyAsync(ServerFixture server, string name, string json)
    {
        using HttpClient http = Client(server, server.AdminCertificate);
        using HttpResponseMessage response = await http.PutAsync(new Uri($"https://127.0.0.1:{server.Host.HttpsPort}/admin/v1/policies/{name}"), new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static HttpClient Client(ServerFixture server, X509Certificate2 clientCertificate)
    {
        X509Certificate2 ca = server.CaCertificate;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [clientCertificate],
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null)
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
