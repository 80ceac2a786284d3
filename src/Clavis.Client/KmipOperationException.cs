using Clavis.Kmip;

namespace Clavis.Client;

/// <summary>The server answered a batch item with a failure: its Result Status, Result Reason and Result Message.</summary>
public sealed class KmipOperationException : Exception
{
    /// <summary>Creates the exception from what the server said.</summary>
    /// <param name="operation">The operation that failed.</param>
    /// <param name="resultStatus">The Result Status (Operation Failed, Operation Undone, ...).</param>
    /// <param name="resultReason">The Result Reason, when the server gave one.</param>
    /// <param name="resultMessage">The Result Message, when the server gave one.</param>
    public KmipOperationException(Operation operation, ResultStatus resultStatus, ResultReason? resultReason, string? resultMessage)
        : base(Describe(operation, resultStatus, resultReason, resultMessage))
    {
        Operation = operation;
        ResultStatus = resultStatus;
        ResultReason = resultReason;
        ResultMessage = resultMessage;
    }

    /// <summary>The operation that failed.</summary>
    public Operation Operation { get; }

    /// <summary>The Result Status.</summary>
    public ResultStatus ResultStatus { get; }

    /// <summary>The Result Reason, when the server gave one.</summary>
    public ResultReason? ResultReason { get; }

    /// <summary>The Result Message, when the server gave one.</summary>
    public string? ResultMessage { get; }

    private static string Describe(Operation operation, ResultStatus status, ResultReason? reason, string? message)
    {
        string text = $"{operation} failed: {status}";
        if (reason is { } r)
        {
            text += $", {r}";
        }

        return message is null ? text : $"{text}: {message}";
    }
}
