using Clavis.Core.Audit;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Operations;

public sealed partial class BatchExecutor
{
    /// <summary>
    /// Refuses every batch item of <paramref name="request"/> with <paramref name="reason"/> without running any: an
    /// unsupported protocol version, or credentials that were not accepted (Authentication Not Successful). Each item
    /// gets its audit record, committed before the response is returned; when they cannot be written the items say
    /// General Failure instead.
    /// </summary>
    /// <param name="request">The request message.</param>
    /// <param name="context">Who asked (for a credential refusal, the certificate's identity), when, from where.</param>
    /// <param name="reason">The Result Reason of every item.</param>
    /// <param name="message">The Result Message the client reads.</param>
    /// <param name="auditMessage">What the audit records say, which may name more than the client is told (never a secret).</param>
    /// <param name="cancellationToken">Cancels the audit commit.</param>
    public async Task<ResponseMessage> RefuseAsync(RequestMessage request, RequestContext context, ResultReason reason, string message, string auditMessage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ResponseMessage response = NewResponse(request);
        var audit = new RequestAudit(context, _services.Options.NodeId);
        UnitOfWork objects = NewUnitOfWork();
        foreach (RequestBatchItem item in request.BatchItems)
        {
            objects.Record(audit.Record(response.BatchItems.Count, item.Operation, RequestAudit.ItemFacts.None, ResultStatus.OperationFailed, reason, auditMessage));
            response.BatchItems.Add(Result(item, request.Header.ProtocolVersion, OperationOutcome.Failed(reason, message)));
        }

        await FlushAuditAsync(objects, response, 0, request.Header.ProtocolVersion, cancellationToken).ConfigureAwait(false);
        return response;
    }

    private UnitOfWork NewUnitOfWork() => new(_services.Store) { WritesAuditRecords = WritesAuditRecords };

    private ResponseMessage NewResponse(RequestMessage request) => new(new ResponseHeader
    {
        ProtocolVersion = request.Header.ProtocolVersion,
        TimeStamp = _services.Clock.UtcNow,
        ClientCorrelationValue = request.Header.ClientCorrelationValue,
    });
}
