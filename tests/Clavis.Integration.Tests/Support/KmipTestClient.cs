using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Clavis.Kmip.Framing;
using Clavis.Kmip.Messages;

namespace Clavis.Integration.Tests.Support;

/// <summary>
/// A deliberately small KMIP client for tests: TTLV over mutual TLS, one request then one response,
/// plus raw writes for malformed input. Every read gives up after <see cref="Timeout"/> so a broken
/// server fails a test instead of hanging it.
/// </summary>
public sealed class KmipTestClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly TcpClient _tcp;
    private readonly SslStream _tls;

    private KmipTestClient(TcpClient tcp, SslStream tls)
    {
        _tcp = tcp;
        _tls = tls;
    }

    /// <summary>Connects and completes the TLS handshake, trusting only <paramref name="ca"/> for the server.</summary>
    /// <exception cref="AuthenticationException">The handshake failed.</exception>
    /// <exception cref="IOException">The server closed the connection during the handshake.</exception>
    public static async Task<KmipTestClient> ConnectAsync(IPEndPoint server, X509Certificate2? clientCertificate, X509Certificate2 ca)
    {
        var tcp = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        SslStream? tls = null;
        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            await tcp.ConnectAsync(server, timeout.Token);
            tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(ClientOptions(server, clientCertificate, ca), timeout.Token);
            return new KmipTestClient(tcp, tls);
        }
        catch
        {
            if (tls is not null)
            {
                await tls.DisposeAsync();
            }

            tcp.Dispose();
            throw;
        }
    }

    /// <summary>TLS options that trust only <paramref name="ca"/> and check the server's name (its IP SAN).</summary>
    public static SslClientAuthenticationOptions ClientOptions(IPEndPoint server, X509Certificate2? clientCertificate, X509Certificate2 ca)
    {
        ArgumentNullException.ThrowIfNull(server);
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(ca);
        return new SslClientAuthenticationOptions
        {
            TargetHost = server.Address.ToString(),
            ClientCertificates = clientCertificate is null ? [] : [clientCertificate],
            CertificateChainPolicy = policy,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => certificate is not null && errors == SslPolicyErrors.None,
        };
    }

    /// <summary>Sends <paramref name="request"/> and returns the response.</summary>
    /// <exception cref="IOException">The server closed the connection instead of answering.</exception>
    public async Task<ResponseMessage> SendAsync(RequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await WriteRawAsync(request.Encode());
        return await ReadResponseAsync() ?? throw new IOException("the server closed the session instead of answering");
    }

    /// <summary>Writes bytes as they are.</summary>
    public async Task WriteRawAsync(ReadOnlyMemory<byte> bytes)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await _tls.WriteAsync(bytes, timeout.Token);
        await _tls.FlushAsync(timeout.Token);
    }

    /// <summary>Reads one response, or null when the server closed the session cleanly first.</summary>
    public async Task<ResponseMessage?> ReadResponseAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        byte[]? bytes = await TtlvFrame.ReadMessageAsync(_tls, 64 * 1024 * 1024, timeout.Token);
        return bytes is null ? null : ResponseMessage.Decode(bytes);
    }

    /// <summary>Reads one raw response message, or null when the server closed the session cleanly first.</summary>
    public async Task<byte[]?> ReadRawResponseAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await TtlvFrame.ReadMessageAsync(_tls, 64 * 1024 * 1024, timeout.Token);
    }

    /// <summary>Half-closes the connection: the server sees the end of the stream.</summary>
    public async Task ShutdownWriteAsync()
    {
        await _tls.ShutdownAsync();
        _tcp.Client.Shutdown(SocketShutdown.Send);
    }

    /// <summary>True when the server ends the session (end of stream or reset) without sending anything more.</summary>
    public async Task<bool> ServerClosesAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        byte[] buffer = new byte[1];
        try
        {
            return await _tls.ReadAsync(buffer, timeout.Token) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _tls.DisposeAsync();
        _tcp.Dispose();
    }
}
