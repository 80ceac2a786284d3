using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Clavis.Cli;

/// <summary>
/// The <c>clavis</c> command's client of a node's admin REST API (<c>/admin/v1/…</c>, docs/admin-api.md): mutual
/// TLS with an administrator certificate, the server checked against a given CA. Every failure becomes an
/// <see cref="AdminApiException"/> whose message says what to fix.
/// </summary>
public sealed class AdminApiClient : IDisposable
{
    // Verifying or archiving millions of records takes a while; a dead server is found by the connect, not by this.
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(30);

    private readonly HttpClient _http;
    private readonly Uri _server;
    private readonly X509Certificate2? _ca;
    private readonly X509Certificate2? _client;
    private string? _certificateProblem;

    private AdminApiClient(Uri server, X509Certificate2? ca, X509Certificate2? client)
    {
        _server = server;
        _ca = ca;
        _client = client;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = client is null ? null : [client],
                RemoteCertificateValidationCallback = ValidateServer,
            },
        };
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = s_timeout };
    }

    /// <summary>Prepares a client of the node at <paramref name="server"/> (<c>https://HOST:PORT</c>).</summary>
    /// <param name="server">The node's HTTPS address.</param>
    /// <param name="caFile">The CA (PEM) the server's certificate must chain to; null: the system's trusted roots.</param>
    /// <param name="certificateFile">The administrator's certificate (PEM); null: none (the server will refuse).</param>
    /// <param name="keyFile">Its private key (PEM); null: in <paramref name="certificateFile"/>.</param>
    /// <exception cref="AdminApiException">The address is not https, or a file cannot be read.</exception>
    public static AdminApiClient Create(string server, string? caFile, string? certificateFile, string? keyFile)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!Uri.TryCreate(server, UriKind.Absolute, out Uri? address) || address.Scheme != Uri.UriSchemeHttps)
        {
            throw new AdminApiException($"--server '{server}' is not an https://HOST:PORT address");
        }

        if (certificateFile is null && keyFile is not null)
        {
            throw new AdminApiException("--key needs --cert");
        }

        X509Certificate2? ca = null;
        X509Certificate2? client = null;
        try
        {
            ca = caFile is null ? null : X509CertificateLoader.LoadCertificateFromFile(caFile);
            client = certificateFile is null ? null : X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
            return new AdminApiClient(address, ca, client);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            ca?.Dispose();
            client?.Dispose();
            throw new AdminApiException($"cannot load the TLS files ({ex.Message})", ex);
        }
    }

    /// <summary>GETs <paramref name="pathAndQuery"/> and returns the JSON body of a 200 answer.</summary>
    /// <exception cref="AdminApiException">The server cannot be reached, TLS fails, or it answers an error.</exception>
    public Task<string> GetAsync(string pathAndQuery, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(_server, pathAndQuery)), cancellationToken);

    /// <summary>POSTs <paramref name="json"/> to <paramref name="path"/> and returns the JSON body of a 200 answer.</summary>
    /// <exception cref="AdminApiException">The server cannot be reached, TLS fails, or it answers an error.</exception>
    public Task<string> PostAsync(string path, string json, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(_server, path)) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") }, cancellationToken);

    /// <summary>Closes the connection and forgets the certificates.</summary>
    public void Dispose()
    {
        _http.Dispose();
        _ca?.Dispose();
        _client?.Dispose();
    }

    private async Task<string> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw new AdminApiException(Unreachable(ex), ex);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new AdminApiException($"{_server} did not answer within {s_timeout.TotalMinutes:F0} minutes", ex);
            }

            using (response)
            {
                string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return body;
                }

                throw new AdminApiException(Refusal(response.StatusCode, body));
            }
        }
    }

    private string Unreachable(HttpRequestException failure)
    {
        if (_certificateProblem is string problem)
        {
            return $"TLS with {_server} failed: {problem}";
        }

        Exception innermost = failure;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        if (failure.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            return $"TLS with {_server} failed ({innermost.Message}); the server may have refused the client certificate (--cert must be an administrator certificate from the node's CA)";
        }

        if (innermost is System.Net.Sockets.SocketException socket)
        {
            return $"cannot connect to {_server}: {socket.Message}";
        }

        return $"cannot reach {_server}: {failure.Message}";
    }

    private static string Refusal(HttpStatusCode status, string body)
    {
        string detail = body;
        try
        {
            using JsonDocument error = JsonDocument.Parse(body);
            if (error.RootElement.ValueKind == JsonValueKind.Object
                && error.RootElement.TryGetProperty("reason", out JsonElement reason)
                && error.RootElement.TryGetProperty("message", out JsonElement message))
            {
                detail = $"{reason.GetString()}: {message.GetString()}";
            }
        }
        catch (JsonException)
        {
            // Not one of the admin API's error answers (a proxy's page, say): show it as it is.
        }

        string hint = status switch
        {
            HttpStatusCode.Unauthorized => " (pass --cert and --key: an administrator certificate from the node's CA)",
            HttpStatusCode.Forbidden => " (the certificate is not in the administrators group)",
            _ => "",
        };
        return $"the server answered {(int)status} {status}: {(detail.Length > 0 ? detail : "no details")}{hint}";
    }

    private bool ValidateServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            _certificateProblem = "the server presented no certificate";
            return false;
        }

        if (_ca is null)
        {
            if (errors != SslPolicyErrors.None)
            {
                _certificateProblem = $"the server's certificate is not trusted by this system ({errors}); pass --ca with the node's CA (DATA/certs/ca.pem)";
                return false;
            }

            return true;
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            _certificateProblem = $"the server's certificate does not name {_server.Host}";
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.Add(_ca);
        using X509Certificate2 presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (!custom.Build(presented))
        {
            _certificateProblem = $"the server's certificate ({presented.Subject}) does not chain to the CA given with --ca ({_ca.Subject})";
            return false;
        }

        return true;
    }
}
