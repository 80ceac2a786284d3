namespace Clavis.Kmip.Messages;

/// <summary>
/// A message whose TTLV framing is sound but whose content breaks the KMIP message rules: a required field is
/// missing, a known field has the wrong item type, a field appears twice, the batch count disagrees with the
/// items, or the operation is unknown. A server answers it with <see cref="ResultReason"/> (KMIP 2.1 §11: Invalid
/// Message, Invalid Field, Operation Not Supported); TTLV framing faults are <see cref="Ttlv.TtlvFormatException"/>.
/// </summary>
public sealed class KmipMessageFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="resultReason">The Result Reason to answer with.</param>
    /// <param name="message">What is wrong, without any value from the message.</param>
    /// <param name="tag">The tag of the offending field, when there is one.</param>
    /// <param name="batchItemIndex">The zero-based index of the batch item, when known.</param>
    public KmipMessageFormatException(ResultReason resultReason, string message, Tag? tag = null, int? batchItemIndex = null)
        : base(message)
    {
        ResultReason = resultReason;
        Tag = tag;
        BatchItemIndex = batchItemIndex;
    }

    /// <summary>The Result Reason a server answers with.</summary>
    public ResultReason ResultReason { get; }

    /// <summary>The tag of the offending field, when there is one.</summary>
    public Tag? Tag { get; }

    /// <summary>The zero-based index of the batch item that holds the fault, when known.</summary>
    public int? BatchItemIndex { get; }

    /// <summary>The operation of that batch item, when it was read before the fault.</summary>
    public Operation? Operation { get; init; }

    internal KmipMessageFormatException WithBatchItem(int index, Operation? operation) =>
        new(ResultReason, Message, Tag, index) { Operation = operation ?? Operation };
}
