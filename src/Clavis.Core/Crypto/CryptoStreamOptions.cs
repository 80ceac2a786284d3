namespace Clavis.Core.Crypto;

/// <summary>Bounds of the server-side state of streamed cryptographic operations (KMIP 1.3+ Init/Final Indicator).</summary>
public sealed record CryptoStreamOptions
{
    /// <summary>Streams open at once across all clients.</summary>
    public int MaxStreams { get; init; } = 4096;

    /// <summary>Streams one client (certificate) may have open at once.</summary>
    public int MaxStreamsPerClient { get; init; } = 64;

    /// <summary>A stream with no part for this long is dropped and its state zeroed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The most data a stream that is processed whole (GCM, XTS) may hold before its final part.</summary>
    public int MaxBufferedBytes { get; init; } = 4 * 1024 * 1024;
}
