using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using Clavis.Kmip.Versioning;

namespace Clavis.Kmip.Tests.Messages;

public class VersionGateTests
{
    private static TtlvNode Encode(ResponsePayload payload, ProtocolVersion version)
    {
        var message = new ResponseMessage(new ResponseHeader { ProtocolVersion = version, TimeStamp = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) })
        {
            BatchItems = { new ResponseBatchItem { Operation = payload.Operation, ResultStatus = ResultStatus.Success, Payload = payload } },
        };
        return TtlvNode.Decode(message.Encode()).Find(Tag.BatchItem)!.Find(Tag.ResponsePayload)!;
    }

    [Fact]
    public void GetAttributes_for_1_2_omits_attributes_1_2_lacks()
    {
        var payload = new GetAttributesResponsePayload
        {
            UniqueIdentifier = "1",
            Attributes =
            [
                new KmipAttribute(Tag.CryptographicLength, TtlvNode.Integer(Tag.CryptographicLength, 128)),
                new KmipAttribute(Tag.Sensitive, TtlvNode.Boolean(Tag.Sensitive, true)),
                new KmipAttribute(Tag.QuantumSafe, TtlvNode.Boolean(Tag.QuantumSafe, false)),
            ],
        };
        var v12 = Encode(payload, ProtocolVersion.V1_2).FindAll(Tag.Attribute).Select(a => a.Find(Tag.AttributeName)!.TextStringValue);
        Assert.Equal(["Cryptographic Length"], v12);
        var v14 = Encode(payload, ProtocolVersion.V1_4).FindAll(Tag.Attribute).Select(a => a.Find(Tag.AttributeName)!.TextStringValue);
        Assert.Equal(["Cryptographic Length", "Sensitive"], v14);
        Assert.Equal(3, Encode(payload, ProtocolVersion.V2_1).Find(Tag.Attributes)!.Children.Count);
    }

    [Fact]
    public void GetAttributes_omits_an_attribute_whose_enumeration_value_the_version_lacks()
    {
        var payload = new GetAttributesResponsePayload
        {
            UniqueIdentifier = "1",
            Attributes =
            [
                new KmipAttribute(Tag.CryptographicAlgorithm, TtlvNode.Enumeration(Tag.CryptographicAlgorithm, (uint)CryptographicAlgorithm.ARIA)),
                new KmipAttribute(Tag.CryptographicLength, TtlvNode.Integer(Tag.CryptographicLength, 128)),
            ],
        };
        var v14 = Encode(payload, ProtocolVersion.V1_4).FindAll(Tag.Attribute).Select(a => a.Find(Tag.AttributeName)!.TextStringValue);
        Assert.Equal(["Cryptographic Length"], v14);
        Assert.Equal(2, Encode(payload, ProtocolVersion.V2_0).Find(Tag.Attributes)!.Children.Count);
    }

    [Fact]
    public void Query_for_1_0_lists_only_operations_1_0_defines()
    {
        var payload = new QueryResponsePayload { Operations = [Operation.Create, Operation.Encrypt, Operation.Ping], ObjectTypes = [ObjectType.SymmetricKey, ObjectType.PGPKey] };
        var node = Encode(payload, ProtocolVersion.V1_0);
        Assert.Equal([(uint)Operation.Create], node.FindAll(Tag.Operation).Select(n => n.EnumerationValue));
        Assert.Equal([(uint)ObjectType.SymmetricKey], node.FindAll(Tag.ObjectType).Select(n => n.EnumerationValue));
        Assert.Equal(3, Encode(payload, ProtocolVersion.V2_1).FindAll(Tag.Operation).Count());
    }

    [Fact]
    public void Fields_outside_their_version_are_left_out()
    {
        var payload = new LocateResponsePayload { LocatedItems = 2, UniqueIdentifier = ["a", "b"] };
        Assert.Null(Encode(payload, ProtocolVersion.V1_2).Find(Tag.LocatedItems));
        Assert.Equal(2, Encode(payload, ProtocolVersion.V1_3).Find(Tag.LocatedItems)!.IntegerValue);
    }

    [Fact]
    public void A_request_for_an_operation_the_version_lacks_is_refused()
    {
        Assert.Throws<KmipVersionException>(() => TypedMessageTests.Request21(new PingRequestPayload(), ProtocolVersion.V1_4));
    }

    [Fact]
    public void Asynchronous_indicator_is_boolean_in_1x_and_enumeration_in_2x()
    {
        foreach (var (version, type) in new[] { (ProtocolVersion.V1_4, TtlvType.Boolean), (ProtocolVersion.V2_0, TtlvType.Enumeration) })
        {
            var message = new RequestMessage(new RequestHeader { ProtocolVersion = version, AsynchronousIndicator = AsynchronousIndicator.Optional })
            {
                BatchItems = { new RequestBatchItem(new ActivateRequestPayload { UniqueIdentifier = "1" }) },
            };
            var bytes = message.Encode();
            Assert.Equal(type, TtlvNode.Decode(bytes).Find(Tag.RequestHeader)!.Find(Tag.AsynchronousIndicator)!.Type);
            Assert.Equal(AsynchronousIndicator.Optional, RequestMessage.Decode(bytes).Header.AsynchronousIndicator);
        }
    }

    [Theory]
    [InlineData(Operation.Ping, 2, 0, false)]
    [InlineData(Operation.Ping, 2, 1, true)]
    [InlineData(Operation.Encrypt, 1, 1, false)]
    [InlineData(Operation.Encrypt, 1, 2, true)]
    [InlineData(Operation.Create, 1, 0, true)]
    public void Operations_exist_from_their_first_version(Operation operation, int major, int minor, bool defined)
    {
        Assert.Equal(defined, VersionRules.IsDefinedIn(operation, new ProtocolVersion(major, minor)));
    }
}
