namespace Clavis.Core.Audit;

/// <summary>A record as the journal holds it: its place in its node's chain, and its fields.</summary>
/// <param name="NodeId">The node whose chain it belongs to.</param>
/// <param name="Sequence">Its position in that chain, from 1, in commit order.</param>
/// <param name="PreviousHash">The hash of the record before it (zeros for the first).</param>
/// <param name="Record">The fields.</param>
public sealed record AuditEntry(string NodeId, long Sequence, byte[] PreviousHash, AuditRecord Record);
