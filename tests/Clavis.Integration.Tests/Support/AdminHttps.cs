using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Clavis.Integration.Tests.Support;

/// <summary>An HTTPS client for a node's admin API and health, trusting only the data folder's CA.</summary>
public sealed class AdminHttps : IDisposable
{
    private readonly HttpClient _http;
    private readonly int _port;

    public AdminHttps(ServerFixture server, X509Certificate2? clientCertificate)
    {
        X509Certificate2 ca = server.CaCertificate;
        _port = server.Host.HttpsPort ?? throw new InvalidOperationException("HTTPS is disabled");
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
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
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = KmipTestClient.Timeout };
    }

    /// <summary>GETs <paramref name="path"/> (from the root: "health", "admin/v1/…") and checks the status.</summary>
    public async Task<JsonDocument> GetAsync(string path, HttpStatusCode expected)
    {
        using HttpResponseMessage response = await _http.GetAsync(Uri(path));
        return await ReadAsync(response, expected);
    }

    /// <summary>POSTs <paramref name="json"/> (or nothing) to <paramref name="path"/> and checks the status.</summary>
    public async Task<JsonDocument> PostAsync(string path, string? json, HttpStatusCode expected)
    {
        using var content = new StringContent(json ?? "", System.Text.Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await _http.PostAsync(Uri(path), json is null ? null : content);
        return await ReadAsync(response, expected);
    }

    public void Dispose() => _http.Dispose();

    private Uri Uri(string path) => new($"https://127.0.0.1:{_port}/{path}");

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {response.StatusCode}: {body}");
        return JsonDocument.Parse(body);
    }
}
