using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client;

// Asynchronous operations: submit, poll, cancel (KMIP 2.1 §8, Asynchronous Indicator).
public sealed partial class KmipClient
{
    /// <summary>
    /// Submits an operation to run asynchronously (Asynchronous Indicator Mandatory): the server answers at once
    /// with a correlation value, and <see cref="PollAsync"/> fetches the result later. Query, Discover Versions,
    /// Poll and Cancel always run synchronously; a server that finishes at once hands the result back here.
    /// </summary>
    /// <param name="request">The operation's request payload.</param>
    /// <param name="cancellationToken">Cancels the submission (not the operation; use <see cref="CancelAsync"/>).</param>
    /// <returns>The pending operation, or the finished one when the server answered synchronously.</returns>
    /// <exception cref="KmipOperationException">The server refused the submission.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public async Task<KmipAsynchronousOperation> SubmitAsync(RequestPayload request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ProtocolVersion version = await GetProtocolVersionAsync(cancellationToken).ConfigureAwait(false);
        var message = new RequestMessage(new RequestHeader { ProtocolVersion = version, Authentication = Authentication, AsynchronousIndicator = AsynchronousIndicator.Mandatory })
        {
            BatchItems = { new RequestBatchItem(request) },
        };
        (ResponseMessage response, KmipServerEndpoint server) = await SendToAsync(message, cancellationToken).ConfigureAwait(false);
        return ToAsynchronousOperation(SingleItem(response, request.Operation), request.Operation, correlation: null, server);
    }

    /// <summary>Asks for the result of an asynchronous operation (Poll), of the server that holds it (<see cref="KmipAsynchronousOperation.Server"/>).</summary>
    /// <param name="operation">The pending operation <see cref="SubmitAsync"/> returned.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Still pending, or finished with its payload.</returns>
    /// <exception cref="KmipOperationException">The operation failed, or the server knows no such operation of this client (Item Not Found).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public async Task<KmipAsynchronousOperation> PollAsync(KmipAsynchronousOperation operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ProtocolVersion version = await GetProtocolVersionAsync(cancellationToken).ConfigureAwait(false);
        var message = new RequestMessage(new RequestHeader { ProtocolVersion = version, Authentication = Authentication })
        {
            BatchItems = { new RequestBatchItem(new PollRequestPayload { AsynchronousCorrelationValue = operation.AsynchronousCorrelationValue }) },
        };
        (ResponseMessage response, KmipServerEndpoint server) = await SendToAsync(message, cancellationToken, operation.Server).ConfigureAwait(false);
        return ToAsynchronousOperation(SingleItem(response, Operation.Poll), operation.Operation, operation.AsynchronousCorrelationValue, server);
    }

    /// <summary>Asks the server that holds an asynchronous operation to cancel it (Cancel).</summary>
    /// <param name="operation">The pending operation <see cref="SubmitAsync"/> returned.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The Cancel response: its Cancellation Result says whether the operation was canceled, had completed, or failed.</returns>
    /// <exception cref="KmipOperationException">The server refused (e.g. Item Not Found for an unknown correlation value).</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<CancelResponsePayload> CancelAsync(KmipAsynchronousOperation operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return ExecuteAsync<CancelResponsePayload>(new CancelRequestPayload { AsynchronousCorrelationValue = operation.AsynchronousCorrelationValue }, cancellationToken, operation.Server);
    }

    private static KmipAsynchronousOperation ToAsynchronousOperation(ResponseBatchItem item, Operation operation, byte[]? correlation, KmipServerEndpoint server)
    {
        if (item.ResultStatus == ResultStatus.OperationPending)
        {
            byte[] value = item.AsynchronousCorrelationValue ?? correlation
                ?? throw new KmipProtocolException($"{operation} is pending but the server gave no Asynchronous Correlation Value");
            return new KmipAsynchronousOperation(operation, value, result: null, server);
        }

        ThrowIfFailed(item, operation);
        ResponsePayload payload = item.Payload ?? throw new KmipProtocolException($"{operation} finished with no payload");
        return new KmipAsynchronousOperation(operation, item.AsynchronousCorrelationValue ?? correlation ?? [], payload, server);
    }
}
