using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Clavis.Server.Listener;

/// <summary>Settings of the TTLV-over-TLS listener; the defaults are the secure ones.</summary>
public sealed record KmipListenerOptions
{
    /// <summary>Where to listen; port 0 picks a free port (see <see cref="KmipListener.LocalEndPoint"/>).</summary>
    public IPEndPoint EndPoint { get; init; } = new(IPAddress.Loopback, 5696);

    /// <summary>The server certificate, with its private key.</summary>
    public required X509Certificate2 ServerCertificate { get; init; }

    /// <summary>The CAs whose client certificates are accepted (custom roots; the OS store is not consulted).</summary>
    public required X509Certificate2Collection ClientCertificateAuthorities { get; init; }

    /// <summary>TLS versions offered.</summary>
    public SslProtocols Protocols { get; init; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Largest request message accepted, in bytes.</summary>
    public int MaxMessageSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Most sessions open at once; further connections are closed at once.</summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>A session with no request for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A session older than this is closed after its current request.</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(8);

    /// <summary>Most request messages one session may carry; then it is closed.</summary>
    public long MaxMessagesPerSession { get; init; } = long.MaxValue;

    /// <summary>
    /// Most messages of one session executed and waiting for their answers to be written (pipelining); a client that
    /// sends more waits for the oldest answer.
    /// </summary>
    public int MaxPipelinedMessages { get; init; } = 16;

    /// <summary>How long the TLS handshake may take.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long shutdown waits for in-flight requests.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
