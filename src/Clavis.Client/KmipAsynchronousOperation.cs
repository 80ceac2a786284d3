using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client;

/// <summary>
/// The state of an operation submitted with <see cref="KmipClient.SubmitAsync"/> or polled with
/// <see cref="KmipClient.PollAsync"/>: still pending under its correlation value, or finished with its payload.
/// </summary>
public sealed class KmipAsynchronousOperation
{
    internal KmipAsynchronousOperation(Operation operation, byte[] correlationValue, ResponsePayload? result, KmipServerEndpoint server)
    {
        Operation = operation;
        AsynchronousCorrelationValue = correlationValue;
        Result = result;
        Server = server;
    }

    /// <summary>The operation.</summary>
    public Operation Operation { get; }

    /// <summary>The Asynchronous Correlation Value that Poll and Cancel name. Caller owns the array.</summary>
    public byte[] AsynchronousCorrelationValue { get; }

    /// <summary>
    /// The server that holds the operation. With several servers, <see cref="KmipClient.PollAsync"/> and
    /// <see cref="KmipClient.CancelAsync"/> go to this one only: no other server knows the correlation value.
    /// </summary>
    public KmipServerEndpoint Server { get; }

    /// <summary>True while the server is still working on it.</summary>
    public bool IsPending => Result is null;

    /// <summary>The response payload once the operation finished successfully, else null.</summary>
    public ResponsePayload? Result { get; }
}
