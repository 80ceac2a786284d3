using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Messages;

/// <summary>What a request or response header offers the shared message codec.</summary>
/// <typeparam name="TSelf">The header type.</typeparam>
internal interface IMessageHeader<TSelf>
    where TSelf : IMessageHeader<TSelf>
{
    /// <summary>The protocol version the message's items are read and written in.</summary>
    ProtocolVersion ProtocolVersion { get; }

    /// <summary>Reads the header the reader is on, returning the Batch Count it declares.</summary>
    static abstract TSelf Decode(ref TtlvReader reader, out int batchCount);

    /// <summary>Writes the header with <paramref name="batchCount"/>.</summary>
    void Encode(TtlvWriter writer, int batchCount);
}

/// <summary>What a request or response batch item offers the shared message codec.</summary>
/// <typeparam name="TSelf">The batch item type.</typeparam>
internal interface IMessageBatchItem<TSelf>
    where TSelf : IMessageBatchItem<TSelf>
{
    /// <summary>Reads the batch item the reader is on.</summary>
    static abstract TSelf Decode(ref TtlvReader reader, ProtocolVersion version, int index);

    /// <summary>Writes the batch item in <paramref name="version"/>'s form.</summary>
    void Encode(TtlvWriter writer, ProtocolVersion version);
}

/// <summary>
/// The message envelope, the same for requests and responses (KMIP 2.1 §8): header first, then batch
/// items, Batch Count equal to their number, unknown items kept in place.
/// </summary>
internal static class MessageCodec
{
    public static (THeader Header, List<TItem> Items, List<UnknownItem>? Unknown) Decode<THeader, TItem>(
        ReadOnlySpan<byte> data, TtlvReaderOptions? options, Tag messageTag, Tag headerTag, string messageName)
        where THeader : class, IMessageHeader<THeader>
        where TItem : IMessageBatchItem<TItem>
    {
        var reader = new TtlvReader(data, options);
        if (!reader.Read())
        {
            throw new TtlvFormatException("no message", 0);
        }

        if (reader.Tag != messageTag || reader.TokenType != TtlvTokenType.StartStructure)
        {
            throw new KmipMessageFormatException(ResultReason.InvalidMessage, $"expected a {messageName} structure, found {reader.Tag}", reader.Tag);
        }

        THeader? header = null;
        var items = new List<TItem>(1);
        List<UnknownItem>? unknown = null;
        int declaredCount = 0;
        int position = 0;
        while (MessageDecoding.ReadChild(ref reader))
        {
            if (header is null)
            {
                // KMIP 2.1 §8: the header is the message's first item.
                if (reader.Tag != headerTag)
                {
                    throw new KmipMessageFormatException(ResultReason.InvalidMessage, "the message does not start with its header", reader.Tag);
                }

                header = THeader.Decode(ref reader, out declaredCount);
            }
            else if (reader.Tag == Tag.BatchItem)
            {
                items.Add(TItem.Decode(ref reader, header.ProtocolVersion, items.Count));
            }
            else
            {
                (unknown ??= []).Add(new UnknownItem(position, TtlvNode.Read(ref reader)));
            }

            position++;
        }

        if (reader.Read())
        {
            throw new TtlvFormatException("bytes follow the message", reader.TokenOffset);
        }

        MessageDecoding.Require(header is not null, headerTag, messageName);
        MessageDecoding.Require(items.Count > 0, Tag.BatchItem, messageName);
        if (declaredCount != items.Count)
        {
            // KMIP 2.1 §8: Batch Count is the number of Batch Items.
            throw new KmipMessageFormatException(ResultReason.InvalidMessage, $"Batch Count says {declaredCount}, the message holds {items.Count} items", Tag.BatchCount);
        }

        return (header, items, unknown);
    }

    public static void Encode<THeader, TItem>(TtlvWriter writer, Tag messageTag, THeader header, List<TItem> items, List<UnknownItem>? unknownItems)
        where THeader : IMessageHeader<THeader>
        where TItem : IMessageBatchItem<TItem>
    {
        ArgumentNullException.ThrowIfNull(writer);
        ProtocolVersion version = header.ProtocolVersion;
        writer.WriteStartStructure(messageTag);
        var unknown = new UnknownItemCursor(unknownItems);
        unknown.WriteDue(writer);
        header.Encode(writer, items.Count);
        unknown.Advance(writer);
        foreach (TItem item in items)
        {
            item.Encode(writer, version);
            unknown.Advance(writer);
        }

        unknown.WriteRest(writer);
        writer.WriteEndStructure();
    }
}
