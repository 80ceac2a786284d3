namespace Clavis.Core.Ports;

/// <summary>The last committed record of a node's audit chain.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="Sequence">The record's sequence number.</param>
/// <param name="Hash">The record's hash.</param>
public sealed record AuditChainHead(string NodeId, long Sequence, byte[] Hash);
