namespace Clavis.Kmip.Ttlv;

/// <summary>Limits the TTLV reader enforces; the defaults suit a KMIP server facing untrusted clients.</summary>
public sealed record TtlvReaderOptions
{
    /// <summary>The defaults: depth 32, 16 MiB.</summary>
    public static TtlvReaderOptions Default { get; } = new();

    /// <summary>Deepest Structure nesting accepted; the top-level item is depth 0.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Largest input accepted, in bytes.</summary>
    public int MaxMessageSize { get; init; } = 16 * 1024 * 1024;
}
