namespace Clavis.Core.Ports;

/// <summary>A stored data key: its identifier, when it was made, and its wrapping by the seal.</summary>
/// <param name="Id">The data key's identifier, named by every object it encrypts.</param>
/// <param name="CreatedAt">When it was generated; stores keep it to the microsecond (PostgreSQL's resolution).</param>
/// <param name="Wrapped">The key, wrapped by the seal's master key.</param>
public sealed record DataKeyRecord(string Id, DateTimeOffset CreatedAt, WrappedDataKey Wrapped);
