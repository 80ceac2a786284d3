namespace Clavis.Client;

/// <summary>Where a KMIP server listens: a host name or address and a TCP port (5696 by default).</summary>
/// <param name="Host">Host name or IP address; also the name the server's certificate must carry.</param>
/// <param name="Port">TCP port.</param>
public sealed record KmipServerEndpoint(string Host, int Port = KmipServerEndpoint.DefaultPort)
{
    /// <summary>The IANA port for KMIP over TLS.</summary>
    public const int DefaultPort = 5696;

    /// <inheritdoc/>
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
