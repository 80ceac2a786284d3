using Clavis.Core.Access;
using Clavis.Core.Barrier;
using Clavis.Core.Keys;
using Clavis.Core.Ports;
using Clavis.Crypto.Asymmetric;

namespace Clavis.Core.Operations;

/// <summary>What handlers need beyond the request: the store, the barrier, the clock and the server's settings.</summary>
/// <param name="Store">The object store.</param>
/// <param name="Barrier">Seals and opens key material.</param>
/// <param name="Clock">The time.</param>
/// <param name="Options">The server's KMIP settings.</param>
public sealed record KmipServices(IObjectStore Store, KeyMaterialBarrier Barrier, IClock Clock, KmipServerOptions Options)
{
    /// <summary>
    /// Pre-generated RSA key pairs for Create Key Pair; null generates each pair on request. The host owns it
    /// and disposes it on shutdown (zeroing the pooled keys).
    /// </summary>
    public RsaKeyPool? RsaKeyPool { get; init; }

    /// <summary>The access policy documents in force, compiled (created over <see cref="Store"/> on first use).</summary>
    public AccessPolicy AccessPolicy => field ??= new AccessPolicy(Store, Clock);

    /// <summary>Private keys already opened for Sign (and the other private-key uses), kept across requests; the host disposes it on shutdown.</summary>
    public OpenedKeyCache OpenedKeys { get; init; } = new();
}
