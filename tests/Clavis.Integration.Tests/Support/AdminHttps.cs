using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Clavis.Integration.Tests.Support;

/// <summary>The admin REST API of a running node over HTTPS, trusting only the node's CA.</summary>
public sealed class AdminHttps : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly Uri _health;

    public AdminHttps(ServerFixture server, X509Certificate2? clientCertificate)
    {
        ArgumentNullException.ThrowIfNull(server);
        X509Certificate2 ca = server.CaCertificate;
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
        _base = new Uri($"https://127.0.0.1:{server.Host.HttpsPort}/admin/v1/");
        _health = new Uri($"https://127.0.0.1:{server.Host.HttpsPort}/health");
    }

    /// <summary>Sends <paramref name="method"/> to <paramref name="path"/> (under /admin/v1/) and checks the status; returns the body, or null when empty.</summary>
    public async Task<JsonDocument?> SendAsync(HttpMethod method, string path, string? json, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, new Uri(_base, path));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using HttpResponseMessage response = await _http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path}: expected {expected}, got {response.StatusCode}: {body}");
        return body.Length == 0 ? null : JsonDocument.Parse(body);
    }

    public Task<JsonDocument?> PutAsync(string path, string json, HttpStatusCode expected = HttpStatusCode.OK) => SendAsync(HttpMethod.Put, path, json, expected);

    public Task<JsonDocument?> GetAsync(string path, HttpStatusCode expected = HttpStatusCode.OK) => SendAsync(HttpMethod.Get, path, null, expected);

    public Task<JsonDocument?> DeleteAsync(string path, HttpStatusCode expected = HttpStatusCode.NoContent) => SendAsync(HttpMethod.Delete, path, null, expected);

    /// <summary>POSTs <paramref name="json"/> (or nothing) to <paramref name="path"/> (under /admin/v1/), checks the status, and returns the JSON answer.</summary>
    public async Task<JsonDocument> PostAsync(string path, string? json, HttpStatusCode expected = HttpStatusCode.OK) =>
        await SendAsync(HttpMethod.Post, path, json, expected) ?? throw new InvalidOperationException($"POST {path} answered no body");

    /// <summary>GET /health, which needs no certificate.</summary>
    public async Task<JsonDocument> HealthAsync()
    {
        using HttpResponseMessage response = await _http.GetAsync(_health);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _http.Dispose();
}
