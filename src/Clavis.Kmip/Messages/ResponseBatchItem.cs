using Clavis.Kmip.Ttlv;
using Clavis.Kmip.Versioning;

namespace Clavis.Kmip.Messages;

/// <summary>The result of one operation in a response (KMIP 2.1 §8, Batch Item).</summary>
public sealed class ResponseBatchItem : IMessageBatchItem<ResponseBatchItem>
{
    /// <summary>The Operation, required when the request carried one.</summary>
    public Operation? Operation { get; set; }

    /// <summary>Unique Batch Item ID, echoed from the request. Caller owns the array.</summary>
    public byte[]? UniqueBatchItemId { get; set; }

    /// <summary>Result Status.</summary>
    public ResultStatus ResultStatus { get; set; }

    /// <summary>Result Reason, required when the status is not Success.</summary>
    public ResultReason? ResultReason { get; set; }

    /// <summary>Result Message.</summary>
    public string? ResultMessage { get; set; }

    /// <summary>Asynchronous Correlation Value, when the status is Operation Pending. Caller owns the array.</summary>
    public byte[]? AsynchronousCorrelationValue { get; set; }

    /// <summary>The typed Response Payload (a <see cref="RawResponsePayload"/> when the operation has no model).</summary>
    public ResponsePayload? Payload { get; set; }

    /// <summary>Message Extension, if any.</summary>
    public MessageExtension? MessageExtension { get; set; }

    /// <summary>Items this model does not know, with their position, re-emitted on encode.</summary>
    public List<UnknownItem>? UnknownItems { get; set; }

    /// <summary>Decodes the batch item on whose start token the reader stands.</summary>
    /// <param name="reader">The reader, on the item's start token; left on its end token.</param>
    /// <param name="version">The message's protocol version.</param>
    /// <param name="index">The item's zero-based index, reported in exceptions.</param>
    /// <exception cref="KmipMessageFormatException">A field is missing, repeated or mistyped; <see cref="KmipMessageFormatException.BatchItemIndex"/> is set.</exception>
    public static ResponseBatchItem Decode(ref TtlvReader reader, ProtocolVersion version, int index)
    {
        var result = new ResponseBatchItem();
        try
        {
            MessageDecoding.Expect(ref reader, TtlvType.Structure);
            bool hasStatus = false;
            int position = 0;
            while (MessageDecoding.ReadChild(ref reader))
            {
                switch (reader.Tag)
                {
                    case Tag.Operation:
                        MessageDecoding.Expect(ref reader, TtlvType.Enumeration);
                        MessageDecoding.EnsureAbsent(result.Operation, ref reader);
                        result.Operation = (Operation)reader.GetEnumeration();
                        break;
                    case Tag.UniqueBatchItemID:
                        MessageDecoding.Expect(ref reader, TtlvType.ByteString);
                        MessageDecoding.EnsureAbsent(result.UniqueBatchItemId, ref reader);
                        result.UniqueBatchItemId = reader.GetByteString();
                        break;
                    case Tag.ResultStatus:
                        MessageDecoding.Expect(ref reader, TtlvType.Enumeration);
                        MessageDecoding.EnsureNotSeen(hasStatus, ref reader);
                        result.ResultStatus = (ResultStatus)reader.GetEnumeration();
                        hasStatus = true;
                        break;
                    case Tag.ResultReason:
                        MessageDecoding.Expect(ref reader, TtlvType.Enumeration);
                        MessageDecoding.EnsureAbsent(result.ResultReason, ref reader);
                        result.ResultReason = (ResultReason)reader.GetEnumeration();
                        break;
                    case Tag.ResultMessage:
                        MessageDecoding.Expect(ref reader, TtlvType.TextString);
                        MessageDecoding.EnsureAbsent(result.ResultMessage, ref reader);
                        result.ResultMessage = reader.GetTextString();
                        break;
                    case Tag.AsynchronousCorrelationValue:
                        MessageDecoding.Expect(ref reader, TtlvType.ByteString);
                        MessageDecoding.EnsureAbsent(result.AsynchronousCorrelationValue, ref reader);
                        result.AsynchronousCorrelationValue = reader.GetByteString();
                        break;
                    case Tag.ResponsePayload:
                        MessageDecoding.Expect(ref reader, TtlvType.Structure);
                        MessageDecoding.EnsureAbsent(result.Payload, ref reader);
                        // A payload of an operation the version does not define is kept as it came (raw), so that
                        // what was accepted re-encodes; the typed model is for what the version defines.
                        result.Payload = (result.Operation is { } operation && VersionRules.IsDefinedIn(operation, version)
                                ? PayloadCodec.DecodeResponse(operation, ref reader, version)
                                : null)
                            ?? new RawResponsePayload(result.Operation ?? default, TtlvNode.Read(ref reader));
                        break;
                    case Tag.MessageExtension:
                        MessageDecoding.Expect(ref reader, TtlvType.Structure);
                        MessageDecoding.EnsureAbsent(result.MessageExtension, ref reader);
                        result.MessageExtension = MessageExtension.Decode(ref reader, version);
                        break;
                    default:
                        (result.UnknownItems ??= []).Add(new UnknownItem(position, TtlvNode.Read(ref reader)));
                        break;
                }

                position++;
            }

            // KMIP 2.1 §8: every response batch item has a Result Status.
            MessageDecoding.Require(hasStatus, Tag.ResultStatus, "BatchItem");
            return result;
        }
        catch (KmipMessageFormatException e) when (e.BatchItemIndex is null)
        {
            throw e.WithBatchItem(index, result.Operation);
        }
    }

    /// <summary>Writes the batch item in the form of <paramref name="version"/>.</summary>
    /// <exception cref="KmipVersionException">A payload is set for an operation the version does not define.</exception>
    public void Encode(TtlvWriter writer, ProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (Payload is not null and not RawResponsePayload && !VersionRules.IsDefinedIn(Payload.Operation, version))
        {
            throw new KmipVersionException($"KMIP {version.Major}.{version.Minor} has no {Payload.Operation} operation", version);
        }

        writer.WriteStartStructure(Tag.BatchItem);
        var unknown = new UnknownItemCursor(UnknownItems);
        unknown.WriteDue(writer);
        if (Operation is { } operation)
        {
            writer.WriteEnumeration(Tag.Operation, (uint)operation);
            unknown.Advance(writer);
        }

        if (UniqueBatchItemId is not null)
        {
            writer.WriteByteString(Tag.UniqueBatchItemID, UniqueBatchItemId);
            unknown.Advance(writer);
        }

        writer.WriteEnumeration(Tag.ResultStatus, (uint)ResultStatus);
        unknown.Advance(writer);
        if (ResultReason is { } reason)
        {
            writer.WriteEnumeration(Tag.ResultReason, (uint)reason);
            unknown.Advance(writer);
        }

        if (ResultMessage is not null)
        {
            writer.WriteTextString(Tag.ResultMessage, ResultMessage);
            unknown.Advance(writer);
        }

        if (AsynchronousCorrelationValue is not null)
        {
            writer.WriteByteString(Tag.AsynchronousCorrelationValue, AsynchronousCorrelationValue);
            unknown.Advance(writer);
        }

        if (Payload is not null)
        {
            Payload.Encode(writer, Tag.ResponsePayload, version);
            unknown.Advance(writer);
        }

        if (MessageExtension is not null)
        {
            MessageExtension.Encode(writer, Tag.MessageExtension, version);
            unknown.Advance(writer);
        }

        unknown.WriteRest(writer);
        writer.WriteEndStructure();
    }
}
