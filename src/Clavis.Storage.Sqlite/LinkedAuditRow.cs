namespace Clavis.Storage.Sqlite;

/// <summary>
/// An audit record given its place in its node's chain: every column of its <c>audit_records</c> row. The writer
/// links a record once, whether it goes to the database at once or waits in the <see cref="AuditSpool"/> first.
/// </summary>
internal sealed record LinkedAuditRow(
    string NodeId,
    long Sequence,
    byte[] Hash,
    byte[] Encoded,
    long Time,
    string? Principal,
    string Operation,
    string? ObjectId,
    string ResultStatus);
