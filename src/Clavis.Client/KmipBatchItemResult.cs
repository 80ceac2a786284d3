using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client;

/// <summary>What the server answered for one batch item: success with its payload, or its failure.</summary>
public sealed class KmipBatchItemResult
{
    internal KmipBatchItemResult(Operation operation, ResponseBatchItem item)
    {
        Operation = item.Operation ?? operation;
        ResultStatus = item.ResultStatus;
        ResultReason = item.ResultReason;
        ResultMessage = item.ResultMessage;
        Payload = item.Payload;
        WasAnswered = true;
    }

    private KmipBatchItemResult(Operation operation)
    {
        Operation = operation;
        ResultStatus = ResultStatus.OperationFailed;
        ResultMessage = "not answered: the server stopped the batch at an earlier failed item";
    }

    /// <summary>The item's operation.</summary>
    public Operation Operation { get; }

    /// <summary>False when the server left the item unanswered (Batch Error Continuation Stop or Undo after an earlier failure): it did not run.</summary>
    public bool WasAnswered { get; }

    /// <summary>True when the item succeeded.</summary>
    public bool IsSuccess => WasAnswered && ResultStatus == ResultStatus.Success;

    /// <summary>The Result Status (Operation Failed for an unanswered item).</summary>
    public ResultStatus ResultStatus { get; }

    /// <summary>The Result Reason, when the server gave one.</summary>
    public ResultReason? ResultReason { get; }

    /// <summary>The Result Message, when the server gave one.</summary>
    public string? ResultMessage { get; }

    /// <summary>The response payload of a successful item.</summary>
    public ResponsePayload? Payload { get; }

    /// <summary>The item's failure as an exception, or null when it succeeded.</summary>
    public KmipOperationException? Failure => IsSuccess ? null : new KmipOperationException(Operation, ResultStatus, ResultReason, ResultMessage);

    internal static KmipBatchItemResult NotAnswered(Operation operation) => new(operation);
}
