using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Clavis.Server.Listener;

/// <summary>One mutually authenticated TLS connection and what is known about its peer.</summary>
public sealed class KmipSession
{
    private static long s_nextId;

    internal KmipSession(EndPoint? remote, X509Certificate2 clientCertificate, string tlsProtocol)
    {
        Id = Interlocked.Increment(ref s_nextId);
        RemoteEndPoint = remote;
        RemoteAddress = remote?.ToString();
        ClientCertificate = clientCertificate;
        TlsProtocol = tlsProtocol;
        StartedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>A number unique within this server process, for logs and audit.</summary>
    public long Id { get; }

    /// <summary>The client's address.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>The client's address as text, formatted once for the audit record of every message.</summary>
    public string? RemoteAddress { get; }

    /// <summary>The client's validated certificate: its primary identity.</summary>
    public X509Certificate2 ClientCertificate { get; }

    /// <summary>The negotiated TLS version, e.g. "Tls13".</summary>
    public string TlsProtocol { get; }

    /// <summary>When the session began.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>How many request messages the session has carried.</summary>
    public long MessageCount { get; internal set; }
}
