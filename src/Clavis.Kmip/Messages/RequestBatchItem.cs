using Clavis.Kmip.Ttlv;
using Clavis.Kmip.Versioning;

namespace Clavis.Kmip.Messages;

/// <summary>One operation in a request (KMIP 2.1 §8, Batch Item).</summary>
public sealed class RequestBatchItem : IMessageBatchItem<RequestBatchItem>
{
    /// <summary>Creates a batch item.</summary>
    /// <param name="payload">The request payload; its type names the operation.</param>
    public RequestBatchItem(RequestPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        Payload = payload;
    }

    /// <summary>The Operation, taken from <see cref="Payload"/>.</summary>
    public Operation Operation => Payload.Operation;

    /// <summary>Ephemeral (KMIP 2.0 and later): the created object must not be kept.</summary>
    public bool? Ephemeral { get; set; }

    /// <summary>Unique Batch Item ID, echoed in the response. Caller owns the array.</summary>
    public byte[]? UniqueBatchItemId { get; set; }

    /// <summary>The typed Request Payload.</summary>
    public RequestPayload Payload { get; set; }

    /// <summary>Message Extension, if any.</summary>
    public MessageExtension? MessageExtension { get; set; }

    /// <summary>Items this model does not know, with their position, re-emitted on encode.</summary>
    public List<UnknownItem>? UnknownItems { get; set; }

    /// <summary>Decodes the batch item on whose start token the reader stands.</summary>
    /// <param name="reader">The reader, on the item's start token; left on its end token.</param>
    /// <param name="version">The message's protocol version.</param>
    /// <param name="index">The item's zero-based index, reported in exceptions.</param>
    /// <exception cref="KmipMessageFormatException">The operation is missing (Invalid Message) or unknown to the version
    /// (Operation Not Supported), or a field is missing or mistyped; <see cref="KmipMessageFormatException.BatchItemIndex"/> is set.</exception>
    public static RequestBatchItem Decode(ref TtlvReader reader, ProtocolVersion version, int index)
    {
        Operation? operation = null;
        try
        {
            MessageDecoding.Expect(ref reader, TtlvType.Structure);
            bool? ephemeral = null;
            byte[]? id = null;
            RequestPayload? payload = null;
            MessageExtension? extension = null;
            List<UnknownItem>? unknown = null;
            int position = 0;
            while (MessageDecoding.ReadChild(ref reader))
            {
                switch (reader.Tag)
                {
                    case Tag.Operation:
                        MessageDecoding.Expect(ref reader, TtlvType.Enumeration);
                        MessageDecoding.EnsureAbsent(operation, ref reader);
                        operation = (Operation)reader.GetEnumeration();
                        break;
                    case Tag.Ephemeral:
                        MessageDecoding.Expect(ref reader, TtlvType.Boolean);
                        MessageDecoding.EnsureAbsent(ephemeral, ref reader);
                        ephemeral = reader.GetBoolean();
                        break;
                    case Tag.UniqueBatchItemID:
                        MessageDecoding.Expect(ref reader, TtlvType.ByteString);
                        MessageDecoding.EnsureAbsent(id, ref reader);
                        id = reader.GetByteString();
                        break;
                    case Tag.RequestPayload:
                        MessageDecoding.Expect(ref reader, TtlvType.Structure);
                        MessageDecoding.EnsureAbsent(payload, ref reader);
                        // KMIP 2.1 §8: the Operation precedes the payload and fixes its structure.
                        MessageDecoding.Require(operation is not null, Tag.Operation, "BatchItem");
                        if (!VersionRules.IsDefinedIn(operation.Value, version))
                        {
                            // KMIP 2.1 §11: an operation the server does not know is Operation Not Supported.
                            throw new KmipMessageFormatException(ResultReason.OperationNotSupported, $"operation {(uint)operation.Value:X} is not defined in KMIP {version.Major}.{version.Minor}", Tag.Operation);
                        }

                        payload = PayloadCodec.DecodeRequest(operation.Value, ref reader, version)
                            ?? throw new KmipMessageFormatException(ResultReason.OperationNotSupported, $"operation {operation.Value} has no payload model", Tag.Operation);
                        break;
                    case Tag.MessageExtension:
                        MessageDecoding.Expect(ref reader, TtlvType.Structure);
                        MessageDecoding.EnsureAbsent(extension, ref reader);
                        extension = MessageExtension.Decode(ref reader, version);
                        break;
                    default:
                        (unknown ??= []).Add(new UnknownItem(position, TtlvNode.Read(ref reader)));
                        break;
                }

                position++;
            }

            MessageDecoding.Require(operation is not null, Tag.Operation, "BatchItem");
            MessageDecoding.Require(payload is not null, Tag.RequestPayload, "BatchItem");
            return new RequestBatchItem(payload)
            {
                Ephemeral = ephemeral,
                UniqueBatchItemId = id,
                MessageExtension = extension,
                UnknownItems = unknown,
            };
        }
        catch (KmipMessageFormatException e) when (e.BatchItemIndex is null)
        {
            throw e.WithBatchItem(index, operation);
        }
    }

    /// <summary>Writes the batch item in the form of <paramref name="version"/>.</summary>
    /// <exception cref="KmipVersionException">The version does not define the operation.</exception>
    public void Encode(TtlvWriter writer, ProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!VersionRules.IsDefinedIn(Operation, version))
        {
            throw new KmipVersionException($"KMIP {version.Major}.{version.Minor} has no {Operation} operation", version);
        }

        writer.WriteStartStructure(Tag.BatchItem);
        var unknown = new UnknownItemCursor(UnknownItems);
        unknown.WriteDue(writer);
        writer.WriteEnumeration(Tag.Operation, (uint)Operation);
        unknown.Advance(writer);
        if (Ephemeral is bool ephemeral && VersionRules.IsAtLeast(version, 2, 0))
        {
            writer.WriteBoolean(Tag.Ephemeral, ephemeral);
            unknown.Advance(writer);
        }

        if (UniqueBatchItemId is not null)
        {
            writer.WriteByteString(Tag.UniqueBatchItemID, UniqueBatchItemId);
            unknown.Advance(writer);
        }

        Payload.Encode(writer, Tag.RequestPayload, version);
        unknown.Advance(writer);
        if (MessageExtension is not null)
        {
            MessageExtension.Encode(writer, Tag.MessageExtension, version);
            unknown.Advance(writer);
        }

        unknown.WriteRest(writer);
        writer.WriteEndStructure();
    }
}
