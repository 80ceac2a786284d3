namespace Clavis.Core.Ports;

/// <summary>
/// One audit row as a store holds it: where it sits, the hash stored beside it, its encoded bytes, and the
/// columns copied out of it for queries (which a verifier checks against the bytes).
/// </summary>
/// <param name="NodeId">The chain the row is filed under.</param>
/// <param name="Sequence">The sequence the row is filed under.</param>
/// <param name="Hash">The hash stored with the row.</param>
/// <param name="Encoded">The record's canonical bytes (Core.Audit.AuditRecordCodec).</param>
/// <param name="TimeMicroseconds">The time column (Unix microseconds UTC).</param>
/// <param name="Principal">The principal column.</param>
/// <param name="Operation">The operation column.</param>
/// <param name="ObjectId">The first object identifier column.</param>
/// <param name="ResultStatus">The result status column.</param>
public sealed record StoredAuditRecord(
    string NodeId,
    long Sequence,
    byte[] Hash,
    byte[] Encoded,
    long TimeMicroseconds,
    string? Principal,
    string Operation,
    string? ObjectId,
    string ResultStatus);
