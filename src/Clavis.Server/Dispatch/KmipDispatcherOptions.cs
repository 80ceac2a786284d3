using System.Security.Cryptography.X509Certificates;
using Clavis.Kmip.Ttlv;

namespace Clavis.Server.Dispatch;

/// <summary>Settings of a <see cref="KmipDispatcher"/>.</summary>
public sealed record KmipDispatcherOptions
{
    /// <summary>Limits for decoding request messages.</summary>
    public required TtlvReaderOptions ReaderOptions { get; init; }

    /// <summary>The CAs client certificates chain to (the listener's), so an identity can name its issuer's fingerprint.</summary>
    public IReadOnlyList<X509Certificate2> ClientCertificateAuthorities { get; init; } = [];
}
