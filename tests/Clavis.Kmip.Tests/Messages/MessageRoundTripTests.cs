using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Tests.Messages;

public class MessageRoundTripTests
{
    // The OASIS 1.0 use case 8.1 step 1 response prints Unique Identifier where Create Key Pair requires Private/Public
    // Key Unique Identifier; the model refuses it (Known_defective_vector_is_refused_as_invalid_message).

    public static TheoryData<string> Vectors()
    {
        var data = new TheoryData<string>();
        foreach (var name in MessageVectors.All.Keys.Where(n => !n.StartsWith("kmip_1_0_usecase_8_1_step_1_create_rsa_1024_key_pa", StringComparison.Ordinal) || n.Contains("request", StringComparison.Ordinal)))
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void Known_defective_vector_is_refused_as_invalid_message()
    {
        var name = MessageVectors.All.Keys.Single(n => n.StartsWith("kmip_1_0_usecase_8_1_step_1_create_rsa_1024_key_pa", StringComparison.Ordinal) && !n.Contains("request", StringComparison.Ordinal));
        var error = Assert.Throws<KmipMessageFormatException>(() => ResponseMessage.Decode(MessageVectors.Bytes(name)));
        Assert.Equal(ResultReason.InvalidMessage, error.ResultReason);
        Assert.Equal(Tag.PrivateKeyUniqueIdentifier, error.Tag);
        Assert.Equal(0, error.BatchItemIndex);
    }

    [Fact]
    public void The_vector_sets_hold_requests_and_responses()
    {
        Assert.True(MessageVectors.All.Count >= 80, $"only {MessageVectors.All.Count} TTLV messages found");
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Typed_decode_then_encode_reproduces_the_bytes(string name)
    {
        var bytes = MessageVectors.Bytes(name);
        byte[] encoded = bytes[2] == 0x78 ? RequestMessage.Decode(bytes).Encode() : ResponseMessage.Decode(bytes).Encode();
        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(encoded));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Typed_payloads_keep_no_unknown_items_for_spec_messages(string name)
    {
        var bytes = MessageVectors.Bytes(name);
        var node = TtlvNode.Decode(bytes);
        if (bytes[2] == 0x78)
        {
            var message = RequestMessage.Decode(bytes);
            Assert.Null(message.UnknownItems);
            Assert.All(message.BatchItems, item => Assert.Null(item.UnknownItems));
            Assert.Equal(node.FindAll(Tag.BatchItem).Count(), message.BatchItems.Count);
        }
        else
        {
            var message = ResponseMessage.Decode(bytes);
            Assert.Null(message.UnknownItems);
            Assert.All(message.BatchItems, item => Assert.IsNotType<RawResponsePayload>(item.Payload));
        }
    }
}
