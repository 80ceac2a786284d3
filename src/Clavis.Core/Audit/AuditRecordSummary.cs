namespace Clavis.Core.Audit;

/// <summary>
/// A record's place in its chain and the fields stores copy into query columns, read by
/// <see cref="AuditRecordCodec.DecodeSummary"/> without decoding the rest.
/// </summary>
/// <param name="NodeId">The chain the record was hashed into.</param>
/// <param name="Sequence">The sequence it was hashed at.</param>
/// <param name="PreviousHash">Its predecessor's hash.</param>
/// <param name="TimeMicroseconds">Its time, Unix microseconds UTC.</param>
/// <param name="Operation">Its operation.</param>
/// <param name="Principal">Its principal.</param>
/// <param name="FirstObjectId">The first object identifier it names.</param>
/// <param name="ResultStatus">Its result status.</param>
public sealed record AuditRecordSummary(string NodeId, long Sequence, byte[] PreviousHash, long TimeMicroseconds, string Operation, string? Principal, string? FirstObjectId, string ResultStatus);
