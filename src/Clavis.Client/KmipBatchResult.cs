using Clavis.Kmip.Messages;

namespace Clavis.Client;

/// <summary>The answers to a <see cref="KmipBatch"/>, one per item in the order they were added.</summary>
public sealed class KmipBatchResult
{
    internal KmipBatchResult(IReadOnlyList<KmipBatchItemResult> items)
    {
        Items = items;
    }

    /// <summary>Every item's result, in order.</summary>
    public IReadOnlyList<KmipBatchItemResult> Items { get; }

    /// <summary>True when every item succeeded.</summary>
    public bool AllSucceeded => Items.All(i => i.IsSuccess);

    /// <summary>The payload of a successful item.</summary>
    /// <typeparam name="TResponse">The item's response payload type.</typeparam>
    /// <param name="item">The handle <see cref="KmipBatch.Add{TResponse}"/> returned.</param>
    /// <returns>The item's response payload.</returns>
    /// <exception cref="KmipOperationException">The item failed or did not run.</exception>
    /// <exception cref="KmipProtocolException">The server answered with a payload of another type.</exception>
    public TResponse Get<TResponse>(KmipBatchItem<TResponse> item)
        where TResponse : ResponsePayload
    {
        ArgumentNullException.ThrowIfNull(item);
        KmipBatchItemResult result = Items[item.Index];
        if (result.Failure is { } failure)
        {
            throw failure;
        }

        return result.Payload as TResponse
            ?? throw new KmipProtocolException($"batch item {item.Index} ({item.Operation}) was answered with {(result.Payload is null ? "no payload" : $"a {result.Payload.Operation} payload")}");
    }
}
