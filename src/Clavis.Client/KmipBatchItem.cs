using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client;

/// <summary>A handle to one item of a <see cref="KmipBatch"/>, typed by the payload its operation answers with.</summary>
/// <typeparam name="TResponse">The response payload type.</typeparam>
public sealed class KmipBatchItem<TResponse>
    where TResponse : ResponsePayload
{
    internal KmipBatchItem(int index, Operation operation)
    {
        Index = index;
        Operation = operation;
    }

    /// <summary>The item's position in the batch.</summary>
    public int Index { get; }

    /// <summary>The item's operation.</summary>
    public Operation Operation { get; }
}
