using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Messages;

/// <summary>A KMIP request message: header and batch items (KMIP 2.1 §8). Decoded straight from TTLV, encoded in the form of the header's protocol version.</summary>
public sealed class RequestMessage
{
    /// <summary>Creates a message.</summary>
    /// <param name="header">The header; its protocol version selects the encoding form.</param>
    public RequestMessage(RequestHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        Header = header;
    }

    /// <summary>The Request Header.</summary>
    public RequestHeader Header { get; set; }

    /// <summary>The batch items, in order. The header's Batch Count is their number.</summary>
    public List<RequestBatchItem> BatchItems { get; set; } = [];

    /// <summary>Items this model does not know, with their position, re-emitted on encode.</summary>
    public List<UnknownItem>? UnknownItems { get; set; }

    /// <summary>Decodes one complete request message.</summary>
    /// <param name="data">Exactly one TTLV message; not retained.</param>
    /// <param name="options">Reader limits; <see cref="TtlvReaderOptions.Default"/> when null.</param>
    /// <exception cref="TtlvFormatException">The TTLV framing is invalid, or bytes follow the message.</exception>
    /// <exception cref="KmipMessageFormatException">The message breaks a KMIP rule: not a Request Message, header missing or
    /// not first, no batch item, Batch Count different from the number of items (Invalid Message), a known field of the
    /// wrong type (Invalid Field), an unknown operation (Operation Not Supported).</exception>
    public static RequestMessage Decode(ReadOnlySpan<byte> data, TtlvReaderOptions? options = null)
    {
        var (header, items, unknown) = MessageCodec.Decode<RequestHeader, RequestBatchItem>(data, options, Tag.RequestMessage, Tag.RequestHeader, "RequestMessage");
        return new RequestMessage(header) { BatchItems = items, UnknownItems = unknown };
    }

    /// <summary>Writes the message in the form of the header's protocol version; the Batch Count is the number of items.</summary>
    /// <param name="writer">The writer.</param>
    /// <exception cref="Versioning.KmipVersionException">A batch item's operation is not defined in that version.</exception>
    public void Encode(TtlvWriter writer) => MessageCodec.Encode(writer, Tag.RequestMessage, Header, BatchItems, UnknownItems);

    /// <summary>Encodes the message into a new array.</summary>
    public byte[] Encode()
    {
        using var writer = new TtlvWriter();
        Encode(writer);
        return writer.ToArray();
    }
}
