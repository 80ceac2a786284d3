using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Messages;

/// <summary>A KMIP response message: header and batch items (KMIP 2.1 §8). Decoded straight from TTLV, encoded in the form of the header's protocol version.</summary>
public sealed class ResponseMessage
{
    /// <summary>Creates a message.</summary>
    /// <param name="header">The header; its protocol version selects the encoding form.</param>
    public ResponseMessage(ResponseHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        Header = header;
    }

    /// <summary>The Response Header.</summary>
    public ResponseHeader Header { get; set; }

    /// <summary>The batch items, in order. The header's Batch Count is their number.</summary>
    public List<ResponseBatchItem> BatchItems { get; set; } = [];

    /// <summary>Items this model does not know, with their position, re-emitted on encode.</summary>
    public List<UnknownItem>? UnknownItems { get; set; }

    /// <summary>Decodes one complete response message.</summary>
    /// <param name="data">Exactly one TTLV message; not retained.</param>
    /// <param name="options">Reader limits; <see cref="TtlvReaderOptions.Default"/> when null.</param>
    /// <exception cref="TtlvFormatException">The TTLV framing is invalid, or bytes follow the message.</exception>
    /// <exception cref="KmipMessageFormatException">The message breaks a KMIP rule: not a Response Message, header missing or
    /// not first, no batch item, Batch Count different from the number of items (Invalid Message), a known field of the
    /// wrong type (Invalid Field), an unknown operation (Operation Not Supported).</exception>
    public static ResponseMessage Decode(ReadOnlySpan<byte> data, TtlvReaderOptions? options = null)
    {
        var reader = new TtlvReader(data, options);
        if (!reader.Read())
        {
            throw new TtlvFormatException("no message", 0);
        }

        if (reader.Tag != Tag.ResponseMessage || reader.TokenType != TtlvTokenType.StartStructure)
        {
            throw new KmipMessageFormatException(ResultReason.InvalidMessage, $"expected a Response Message structure, found {reader.Tag}", reader.Tag);
        }

        ResponseMessage? message = null;
        int declaredCount = 0;
        int position = 0;
        while (MessageDecoding.ReadChild(ref reader))
        {
            if (message is null)
            {
                // KMIP 2.1 §8: the header is the message's first item.
                if (reader.Tag != Tag.ResponseHeader)
                {
                    throw new KmipMessageFormatException(ResultReason.InvalidMessage, "the message does not start with its header", reader.Tag);
                }

                message = new ResponseMessage(ResponseHeader.Decode(ref reader, out declaredCount));
            }
            else if (reader.Tag == Tag.BatchItem)
            {
                message.BatchItems.Add(ResponseBatchItem.Decode(ref reader, message.Header.ProtocolVersion, message.BatchItems.Count));
            }
            else
            {
                (message.UnknownItems ??= []).Add(new UnknownItem(position, TtlvNode.Read(ref reader)));
            }

            position++;
        }

        if (reader.Read())
        {
            throw new TtlvFormatException("bytes follow the message", reader.TokenOffset);
        }

        MessageDecoding.Require(message is not null, Tag.ResponseHeader, "ResponseMessage");
        MessageDecoding.Require(message.BatchItems.Count > 0, Tag.BatchItem, "ResponseMessage");
        if (declaredCount != message.BatchItems.Count)
        {
            // KMIP 2.1 §8: Batch Count is the number of Batch Items.
            throw new KmipMessageFormatException(ResultReason.InvalidMessage, $"Batch Count says {declaredCount}, the message holds {message.BatchItems.Count} items", Tag.BatchCount);
        }

        return message;
    }

    /// <summary>Writes the message in the form of the header's protocol version; the Batch Count is the number of items.</summary>
    /// <param name="writer">The writer.</param>
    /// <exception cref="Versioning.KmipVersionException">A batch item's operation is not defined in that version.</exception>
    public void Encode(TtlvWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var version = Header.ProtocolVersion;
        writer.WriteStartStructure(Tag.ResponseMessage);
        var unknown = new UnknownItemCursor(UnknownItems);
        unknown.WriteDue(writer);
        Header.Encode(writer, BatchItems.Count);
        unknown.Advance(writer);
        foreach (var item in BatchItems)
        {
            item.Encode(writer, version);
            unknown.Advance(writer);
        }

        unknown.WriteRest(writer);
        writer.WriteEndStructure();
    }

    /// <summary>Encodes the message into a new array.</summary>
    public byte[] Encode()
    {
        using var writer = new TtlvWriter();
        Encode(writer);
        return writer.ToArray();
    }
}
