using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Tests.Messages;

public class AttributeConversionTests
{
    private static TtlvNode EncodeResponse(ResponsePayload payload, ProtocolVersion version)
    {
        var message = new ResponseMessage(new ResponseHeader { ProtocolVersion = version, TimeStamp = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) })
        {
            BatchItems = { new ResponseBatchItem { Operation = payload.Operation, ResultStatus = ResultStatus.Success, Payload = payload } },
        };
        return TtlvNode.Decode(message.Encode()).Find(Tag.BatchItem)!.Find(Tag.ResponsePayload)!;
    }

    private static GetAttributesResponsePayload Sample() => new()
    {
        UniqueIdentifier = "42",
        Attributes =
        [
            new KmipAttribute(Tag.CryptographicAlgorithm, TtlvNode.Enumeration(Tag.AttributeValue, (uint)CryptographicAlgorithm.AES)),
            new KmipAttribute(Tag.Name, TtlvNode.Structure(Tag.AttributeValue, TtlvNode.TextString(Tag.NameValue, "k1"), TtlvNode.Enumeration(Tag.NameType, (uint)NameType.UninterpretedTextString))),
            KmipAttribute.FromV1Name("x-Owner", TtlvNode.TextString(Tag.AttributeValue, "alice")),
        ],
    };

    [Fact]
    public void Version_1_2_writes_named_attribute_structures()
    {
        var payload = EncodeResponse(Sample(), ProtocolVersion.V1_2);
        var attributes = payload.FindAll(Tag.Attribute).ToList();
        Assert.Equal(["Cryptographic Algorithm", "Name", "x-Owner"], attributes.Select(a => a.Find(Tag.AttributeName)!.TextStringValue));
        Assert.Equal("k1", attributes[1].Find(Tag.AttributeValue)!.Find(Tag.NameValue)!.TextStringValue);
        Assert.Null(payload.Find(Tag.Attributes));
    }

    [Fact]
    public void Version_2_1_writes_tagged_items_and_a_vendor_attribute()
    {
        var attributes = EncodeResponse(Sample(), ProtocolVersion.V2_1).Find(Tag.Attributes)!;
        Assert.Equal((uint)CryptographicAlgorithm.AES, attributes.Find(Tag.CryptographicAlgorithm)!.EnumerationValue);
        Assert.Equal("k1", attributes.Find(Tag.Name)!.Find(Tag.NameValue)!.TextStringValue);
        var vendor = attributes.Find(Tag.Attribute)!;
        Assert.Equal("x", vendor.Find(Tag.VendorIdentification)!.TextStringValue);
        Assert.Equal("Owner", vendor.Find(Tag.AttributeName)!.TextStringValue);
        Assert.Equal("alice", vendor.Find(Tag.AttributeValue)!.TextStringValue);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 4)]
    [InlineData(2, 0)]
    [InlineData(2, 1)]
    public void Attributes_survive_a_trip_through_either_form(int major, int minor)
    {
        var version = new ProtocolVersion(major, minor);
        var message = new ResponseMessage(new ResponseHeader { ProtocolVersion = version, TimeStamp = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) })
        {
            BatchItems = { new ResponseBatchItem { Operation = Operation.GetAttributes, ResultStatus = ResultStatus.Success, Payload = Sample() } },
        };
        var decoded = Assert.IsType<GetAttributesResponsePayload>(ResponseMessage.Decode(message.Encode()).BatchItems[0].Payload);
        Assert.Equal([Tag.CryptographicAlgorithm, Tag.Name, Tag.Attribute], decoded.Attributes!.Select(a => a.Tag));
        Assert.Equal("x", decoded.Attributes![2].VendorIdentification);
        Assert.Equal("x-Owner", decoded.Attributes![2].V1Name);
    }

    [Theory]
    [InlineData("Cryptographic Algorithm", Tag.CryptographicAlgorithm)]
    [InlineData("Unique Identifier", Tag.UniqueIdentifier)]
    [InlineData("Cryptographic Usage Mask", Tag.CryptographicUsageMask)]
    public void V1_names_map_to_tags_and_back(string name, Tag tag)
    {
        var reference = KmipAttributeReference.FromV1Name(name);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(name, reference.V1Name);
    }

    [Fact]
    public void A_vendor_outside_x_and_y_has_no_1x_name()
    {
        var attribute = KmipAttribute.Vendor("acme", "Colour", TtlvNode.TextString(Tag.AttributeValue, "red"));
        Assert.Null(attribute.V1Name);
        Assert.False(attribute.IsDefinedIn(ProtocolVersion.V1_4));
        Assert.True(attribute.IsDefinedIn(ProtocolVersion.V2_0));
    }
}
