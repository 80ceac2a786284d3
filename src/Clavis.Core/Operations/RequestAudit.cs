using Clavis.Core.Audit;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Operations;

/// <summary>
/// Builds the audit record of each batch item of one request message from named facts: the request context
/// (who, from where, which session), the item's position, the objects the unit of work saw, and the outcome's
/// status, reason and message. Payloads are never looked into, except Locate's list of identifiers.
/// </summary>
internal sealed class RequestAudit
{
    private readonly RequestContext _request;
    private readonly string _nodeId;

    public RequestAudit(RequestContext request, string nodeId)
    {
        _request = request;
        _nodeId = nodeId;
    }

    /// <summary>The server's identifier of this message: time-ordered, unique per message.</summary>
    public string RequestId { get; } = Guid.CreateVersion7().ToString("N");

    /// <summary>What the item touched, captured now (later items may change the same objects).</summary>
    public static ItemFacts Capture(OperationContext context, ResponsePayload? payload)
    {
        IReadOnlyList<string> ids = context.Objects.ItemObjectIds;
        int count = ids.Count;
        if (payload is LocateResponsePayload located)
        {
            // Locate reads candidates it then rejects; the record names what it answered.
            ids = located.UniqueIdentifier;
            count = located.LocatedItems ?? ids.Count;
        }

        string[] kept = [.. ids.Take(AuditRecord.MaxObjectIds)];
        AuditedObject primary = kept.Length > 0 ? AuditedObject.From(context.Objects.Peek(kept[0])) : AuditedObject.None;
        return new ItemFacts(kept, Math.Max(count, kept.Length), primary, context.Audit.DataSize)
        {
            UsageCount = context.Audit.UsageCount,
            PolicyDecision = context.Audit.PolicyDecision,
            PolicyRule = context.Audit.PolicyRule,
            PolicyReason = context.Audit.PolicyReason,
        };
    }

    public AuditRecord Record(int index, Operation operation, ItemFacts facts, ResultStatus status, ResultReason? reason, string? message) => new()
    {
        Time = _request.ReceivedAt,
        NodeId = _nodeId,
        Source = AuditSource.KmipRequest,
        Operation = operation.ToString(),
        Principal = _request.Identity.Name,
        CertificateFingerprint = _request.Identity.CertificateFingerprint,
        ClientAddress = _request.RemoteAddress,
        SessionId = _request.SessionId,
        RequestId = RequestId,
        BatchItemIndex = index,
        ObjectIds = facts.ObjectIds,
        ObjectCount = facts.ObjectCount,
        ObjectType = facts.Object.ObjectType,
        CryptographicAlgorithm = facts.Object.CryptographicAlgorithm,
        CryptographicLength = facts.Object.CryptographicLength,
        CryptographicUsageMask = facts.Object.CryptographicUsageMask,
        State = facts.Object.State,
        ResultStatus = status.ToString(),
        ResultReason = reason?.ToString(),
        Message = message,
        DataSize = facts.DataSize,
        UsageCount = facts.UsageCount,
        PolicyDecision = facts.PolicyDecision,
        PolicyRule = facts.PolicyRule,
        PolicyReason = facts.PolicyReason,
    };

    public AuditRecord Record(int index, Operation operation, ItemFacts facts, OperationOutcome outcome) =>
        Record(index, operation, facts, outcome.Status, outcome.Reason, outcome.Message);

    /// <summary>The audit facts of one batch item.</summary>
    /// <param name="ObjectIds">The objects it named, changed first.</param>
    /// <param name="ObjectCount">How many there were in all.</param>
    /// <param name="Object">The first object's audited attributes.</param>
    /// <param name="DataSize">The data size the handler reported.</param>
    internal sealed record ItemFacts(IReadOnlyList<string> ObjectIds, int ObjectCount, AuditedObject Object, long? DataSize)
    {
        /// <summary>The usage count after the use the handler reported.</summary>
        public long? UsageCount { get; init; }

        /// <summary>The access policy's decision, rule and reason.</summary>
        public string? PolicyDecision { get; init; }

        /// <summary>The rule that made the decision.</summary>
        public string? PolicyRule { get; init; }

        /// <summary>Why.</summary>
        public string? PolicyReason { get; init; }

        public static ItemFacts None { get; } = new([], 0, AuditedObject.None, null);
    }
}
