using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client;

/// <summary>
/// Several operations sent in one request message and answered item by item (KMIP 2.1 §8). Build it with
/// <see cref="KmipClient.CreateBatch"/>, add items, then <see cref="SendAsync"/> once.
/// </summary>
/// <remarks>
/// ID Placeholder: an item that names no Unique Identifier acts on the object the previous item created or
/// named (e.g. Create then Activate with a null identifier). Build such items with the payload overloads and
/// leave <c>UniqueIdentifier</c> null.
/// </remarks>
public sealed class KmipBatch
{
    private readonly KmipClient _client;
    private readonly List<RequestPayload> _items = [];
    private bool _sent;

    internal KmipBatch(KmipClient client)
    {
        _client = client;
    }

    /// <summary>What the server does after a failed item: Stop (the default: later items are not run), Continue, or Undo (nothing takes effect).</summary>
    public BatchErrorContinuationOption? ErrorContinuation { get; set; }

    /// <summary>The number of items added.</summary>
    public int Count => _items.Count;

    /// <summary>Adds an operation.</summary>
    /// <typeparam name="TResponse">The response payload type of the operation (e.g. <see cref="CreateResponsePayload"/> for a Create).</typeparam>
    /// <param name="request">The request payload.</param>
    /// <returns>A handle to read this item's result with from the <see cref="KmipBatchResult"/>.</returns>
    /// <exception cref="InvalidOperationException">The batch was already sent.</exception>
    public KmipBatchItem<TResponse> Add<TResponse>(RequestPayload request)
        where TResponse : ResponsePayload
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_sent)
        {
            throw new InvalidOperationException("the batch was already sent; create a new one");
        }

        _items.Add(request);
        return new KmipBatchItem<TResponse>(_items.Count - 1, request.Operation);
    }

    /// <summary>Sends the batch in one message and returns each item's result. A failed item does not throw here; reading its result does.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>One result per item, in order.</returns>
    /// <exception cref="InvalidOperationException">The batch is empty or was already sent.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="KmipProtocolException">The answer does not match the batch.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public async Task<KmipBatchResult> SendAsync(CancellationToken cancellationToken = default)
    {
        if (_items.Count == 0)
        {
            throw new InvalidOperationException("the batch has no items");
        }

        if (_sent)
        {
            throw new InvalidOperationException("the batch was already sent; create a new one");
        }

        _sent = true;
        ProtocolVersion version = await _client.GetProtocolVersionAsync(cancellationToken).ConfigureAwait(false);
        var request = new RequestMessage(new RequestHeader { ProtocolVersion = version, Authentication = _client.Authentication, BatchErrorContinuationOption = ErrorContinuation });
        for (int i = 0; i < _items.Count; i++)
        {
            // The Unique Batch Item ID ties each answer to its item, since Stop and Undo leave later items unanswered.
            request.BatchItems.Add(new RequestBatchItem(_items[i]) { UniqueBatchItemId = BitConverter.GetBytes(i) });
        }

        ResponseMessage response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var results = new KmipBatchItemResult?[_items.Count];
        foreach (ResponseBatchItem item in response.BatchItems)
        {
            int index = item.UniqueBatchItemId is { Length: sizeof(int) } id ? BitConverter.ToInt32(id) : -1;
            if (index < 0 || index >= results.Length || results[index] is not null)
            {
                throw new KmipProtocolException($"the batch answer holds an item with an unknown or repeated Unique Batch Item ID");
            }

            results[index] = new KmipBatchItemResult(_items[index].Operation, item);
        }

        return new KmipBatchResult([.. results.Select((r, i) => r ?? KmipBatchItemResult.NotAnswered(_items[i].Operation))]);
    }
}
