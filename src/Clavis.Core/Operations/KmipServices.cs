using Clavis.Core.Barrier;
using Clavis.Core.Ports;

namespace Clavis.Core.Operations;

/// <summary>What handlers need beyond the request: the store, the barrier, the clock and the server's settings.</summary>
/// <param name="Store">The object store.</param>
/// <param name="Barrier">Seals and opens key material.</param>
/// <param name="Clock">The time.</param>
/// <param name="Options">The server's KMIP settings.</param>
public sealed record KmipServices(IObjectStore Store, KeyMaterialBarrier Barrier, IClock Clock, KmipServerOptions Options);
