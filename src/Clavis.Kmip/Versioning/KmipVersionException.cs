namespace Clavis.Kmip.Versioning;

/// <summary>
/// A message cannot be encoded for the requested protocol version without changing its meaning (e.g. a batch
/// item whose operation the version lacks). See <see cref="VersionRules"/>.
/// </summary>
public sealed class KmipVersionException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What the version lacks.</param>
    /// <param name="version">The version being encoded.</param>
    public KmipVersionException(string message, ProtocolVersion version)
        : base(message)
    {
        Version = version;
    }

    /// <summary>The version being encoded.</summary>
    public ProtocolVersion Version { get; }
}
