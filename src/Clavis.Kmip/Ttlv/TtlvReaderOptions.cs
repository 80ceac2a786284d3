namespace Clavis.Kmip.Ttlv;

/// <summary>Limits the TTLV reader enforces; the defaults suit a KMIP server facing untrusted clients.</summary>
public sealed record TtlvReaderOptions
{
    /// <summary>The defaults: depth 32, 16 MiB.</summary>
    public static TtlvReaderOptions Default { get; } = new();

    /// <summary>
    /// How many Structures may nest (a top-level Structure counts one); at most 64, the reader's fixed stack,
    /// so larger values act as 64 and nesting stays bounded whatever is configured.
    /// </summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Largest input accepted, in bytes.</summary>
    public int MaxMessageSize { get; init; } = 16 * 1024 * 1024;
}
