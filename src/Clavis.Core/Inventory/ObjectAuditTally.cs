namespace Clavis.Core.Inventory;

/// <summary>
/// How many audit records name one object first, for one operation and one Result Status: the journal
/// summarized per object, which is all the inventory needs to tell used keys and refusals apart.
/// </summary>
/// <param name="ObjectId">The Unique Identifier the records name first.</param>
/// <param name="Operation">The recorded operation name (<c>Get</c>, <c>Encrypt</c>, …).</param>
/// <param name="ResultStatus">The Result Status name (<c>Success</c>, <c>OperationFailed</c>, …).</param>
/// <param name="Count">How many records.</param>
/// <param name="Last">The time of the latest of them.</param>
public sealed record ObjectAuditTally(string ObjectId, string Operation, string ResultStatus, long Count, DateTimeOffset Last);
