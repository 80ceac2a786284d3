namespace Clavis.Core.Operations;

/// <summary>Poll found the asynchronous operation still running: the batch item answers Operation Pending.</summary>
public sealed class OperationPendingException : Exception
{
    /// <summary>Creates the exception for <paramref name="correlationValue"/>.</summary>
    public OperationPendingException(byte[] correlationValue)
        : base("the asynchronous operation is still running")
    {
        CorrelationValue = correlationValue;
    }

    /// <summary>Creates the exception.</summary>
    public OperationPendingException()
        : this([])
    {
    }

    /// <summary>Creates the exception.</summary>
    public OperationPendingException(string message)
        : base(message)
    {
        CorrelationValue = [];
    }

    /// <summary>Creates the exception.</summary>
    public OperationPendingException(string message, Exception innerException)
        : base(message, innerException)
    {
        CorrelationValue = [];
    }

    /// <summary>The Asynchronous Correlation Value polled.</summary>
    public byte[] CorrelationValue { get; }
}
