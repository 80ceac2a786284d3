using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Operations;

/// <summary>How one batch item ended: its result and, on success, its payload.</summary>
/// <param name="Status">The Result Status.</param>
/// <param name="Reason">The Result Reason (failures only).</param>
/// <param name="Message">The Result Message (failures only; safe for the client).</param>
/// <param name="Payload">The response payload (success only).</param>
public sealed record OperationOutcome(ResultStatus Status, ResultReason? Reason, string? Message, ResponsePayload? Payload)
{
    /// <summary>The Asynchronous Correlation Value of a pending operation.</summary>
    public byte[]? CorrelationValue { get; init; }

    /// <summary>A success with <paramref name="payload"/>.</summary>
    public static OperationOutcome Success(ResponsePayload payload) => new(ResultStatus.Success, null, null, payload);

    /// <summary>A failure.</summary>
    public static OperationOutcome Failed(ResultReason reason, string message) => new(ResultStatus.OperationFailed, reason, message, null);
}
