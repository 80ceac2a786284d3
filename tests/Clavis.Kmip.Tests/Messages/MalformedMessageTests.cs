using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Tests.Messages;

public class MalformedMessageTests
{
    private static byte[] Request(int batchCount, Action<TtlvWriter> item)
    {
        using var writer = new TtlvWriter();
        writer.WriteStartStructure(Tag.RequestMessage);
        writer.WriteStartStructure(Tag.RequestHeader);
        writer.WriteStartStructure(Tag.ProtocolVersion);
        writer.WriteInteger(Tag.ProtocolVersionMajor, 1);
        writer.WriteInteger(Tag.ProtocolVersionMinor, 4);
        writer.WriteEndStructure();
        writer.WriteInteger(Tag.BatchCount, batchCount);
        writer.WriteEndStructure();
        writer.WriteStartStructure(Tag.BatchItem);
        item(writer);
        writer.WriteEndStructure();
        writer.WriteEndStructure();
        return writer.ToArray();
    }

    private static void Payload(TtlvWriter writer, Action<TtlvWriter> body)
    {
        writer.WriteStartStructure(Tag.RequestPayload);
        body(writer);
        writer.WriteEndStructure();
    }

    public static TheoryData<string, byte[], ResultReason, Tag?> Cases() => new()
    {
        { "MissingOperation", Request(1, w => Payload(w, p => p.WriteTextString(Tag.UniqueIdentifier, "1"))), ResultReason.InvalidMessage, Tag.Operation },
        { "BatchCountTooHigh", Request(2, w => { w.WriteEnumeration(Tag.Operation, (uint)Operation.Activate); Payload(w, _ => { }); }), ResultReason.InvalidMessage, Tag.BatchCount },
        { "WrongTypeForKnownTag", Request(1, w => { w.WriteEnumeration(Tag.Operation, (uint)Operation.Activate); Payload(w, p => p.WriteInteger(Tag.UniqueIdentifier, 1)); }), ResultReason.InvalidField, Tag.UniqueIdentifier },
        { "UnknownOperation", Request(1, w => { w.WriteEnumeration(Tag.Operation, 0x7F); Payload(w, _ => { }); }), ResultReason.OperationNotSupported, Tag.Operation },
        { "OperationNewerThanVersion", Request(1, w => { w.WriteEnumeration(Tag.Operation, (uint)Operation.Ping); Payload(w, _ => { }); }), ResultReason.OperationNotSupported, Tag.Operation },
        { "MissingRequiredField", Request(1, w => { w.WriteEnumeration(Tag.Operation, (uint)Operation.RNGRetrieve); Payload(w, _ => { }); }), ResultReason.InvalidMessage, Tag.DataLength },
        { "DuplicateField", Request(1, w => { w.WriteEnumeration(Tag.Operation, (uint)Operation.Activate); Payload(w, p => { p.WriteTextString(Tag.UniqueIdentifier, "1"); p.WriteTextString(Tag.UniqueIdentifier, "2"); }); }), ResultReason.InvalidMessage, Tag.UniqueIdentifier },
        { "MissingPayload", Request(1, w => w.WriteEnumeration(Tag.Operation, (uint)Operation.Activate)), ResultReason.InvalidMessage, Tag.RequestPayload },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_requests_name_the_result_reason(string name, byte[] message, ResultReason reason, Tag? tag)
    {
        var error = Assert.Throws<KmipMessageFormatException>(() => RequestMessage.Decode(message));
        Assert.True(reason == error.ResultReason, $"{name}: {error.ResultReason}");
        Assert.Equal(tag, error.Tag);
        if (tag != Tag.BatchCount)
        {
            Assert.Equal(0, error.BatchItemIndex);
        }
    }

    [Fact]
    public void A_response_message_is_not_a_request()
    {
        var error = Assert.Throws<KmipMessageFormatException>(() => RequestMessage.Decode(MessageVectors.Bytes("MSGENC-HTTPS-M-1-10/1-response")));
        Assert.Equal(ResultReason.InvalidMessage, error.ResultReason);
    }

    [Fact]
    public void Truncated_input_is_a_framing_error()
    {
        var bytes = MessageVectors.Bytes("MSGENC-HTTPS-M-1-10/0-request");
        Assert.Throws<TtlvFormatException>(() => RequestMessage.Decode(bytes.AsSpan(0, bytes.Length - 8)));
    }

    [Fact]
    public void Unknown_items_are_kept_in_place_and_re_emitted()
    {
        var bytes = Request(1, w =>
        {
            w.WriteEnumeration(Tag.Operation, (uint)Operation.Activate);
            Payload(w, p =>
            {
                p.WriteTextString((Tag)0x540001, "vendor");
                p.WriteTextString(Tag.UniqueIdentifier, "1");
                p.WriteInteger((Tag)0x540002, 7);
            });
        });
        var message = RequestMessage.Decode(bytes);
        var activate = Assert.IsType<ActivateRequestPayload>(message.BatchItems[0].Payload);
        Assert.Equal([0, 2], activate.UnknownItems!.Select(u => u.Position));
        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(message.Encode()));
    }
}
