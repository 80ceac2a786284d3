using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Clavis.Cli;

/// <summary>
/// A small client of the admin REST API (docs/admin-api.md): mutual TLS with an administrator's certificate, trusting
/// only the node's CA, JSON in and out. Errors become <see cref="AdminClientException"/> with the server's reason and
/// message and the exit code they mean.
/// </summary>
public sealed class AdminHttpsClient : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http;
    private readonly X509Certificate2 _clientCertificate;
    private readonly X509Certificate2 _ca;

    private AdminHttpsClient(Uri server, X509Certificate2 ca, X509Certificate2 clientCertificate)
    {
        _ca = ca;
        _clientCertificate = clientCertificate;
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(ca);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [clientCertificate],
                CertificateChainPolicy = policy,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            },
        };
        _http = new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(server, "/admin/v1/"), Timeout = s_timeout };
    }

    /// <summary>Loads the CA and the client certificate with its key.</summary>
    /// <exception cref="AdminClientException">A file is missing or unreadable (exit code 2).</exception>
    public static AdminHttpsClient Open(Uri server, string caFile, string certificateFile, string keyFile)
    {
        ArgumentNullException.ThrowIfNull(server);
        X509Certificate2? ca = null;
        try
        {
            ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
            return new AdminHttpsClient(server, ca, X509Certificate2.CreateFromPemFile(certificateFile, keyFile));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            ca?.Dispose();
            throw new AdminClientException(AdminClientException.UsageError, $"cannot load the TLS files: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Sends a request to <paramref name="path"/> (relative to <c>/admin/v1/</c>) and returns the JSON answer, or null for
    /// 204. <paramref name="body"/> is sent as it is; the caller zeroes it when it holds a secret.
    /// </summary>
    /// <exception cref="AdminClientException">The server refused (exit 1) or could not be reached (exit 3).</exception>
    public async Task<JsonDocument?> SendAsync(HttpMethod method, string path, ReadOnlyMemory<byte>? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is { } content)
        {
            request.Content = new ReadOnlyMemoryContent(content);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new AdminClientException(AdminClientException.Unreachable, $"cannot reach {_http.BaseAddress}: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AdminClientException(AdminClientException.Unreachable, $"no answer from {_http.BaseAddress} within {s_timeout.TotalSeconds:0} s", ex);
        }

        using (response)
        {
            string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return text.Length == 0 ? null : Parse(text);
            }

            // The API answers {"reason": …, "message": …}; anything else is shown as the status.
            string detail = $"HTTP {(int)response.StatusCode}";
            if (text.Length > 0 && TryParse(text) is { } error)
            {
                using (error)
                {
                    if (error.RootElement.ValueKind == JsonValueKind.Object
                        && error.RootElement.TryGetProperty("reason", out JsonElement reason) && error.RootElement.TryGetProperty("message", out JsonElement message))
                    {
                        detail = $"{reason.GetString()}: {message.GetString()}";
                    }
                }
            }

            throw new AdminClientException(AdminClientException.Refused, detail);
        }
    }

    /// <summary>Releases the connection and the certificates.</summary>
    public void Dispose()
    {
        _http.Dispose();
        _clientCertificate.Dispose();
        _ca.Dispose();
    }

    private static JsonDocument Parse(string text) =>
        TryParse(text) ?? throw new AdminClientException(AdminClientException.Refused, "the server's answer is not JSON");

    private static JsonDocument? TryParse(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
