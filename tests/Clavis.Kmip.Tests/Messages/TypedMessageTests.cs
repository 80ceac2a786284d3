using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Tests.Messages;

public class TypedMessageTests
{
    private static RequestMessage Request(string testFunction) =>
        RequestMessage.Decode(MessageVectors.Bytes(MessageVectors.All.Keys.Single(k => k.StartsWith(testFunction + "/", StringComparison.Ordinal))));

    [Fact]
    public void Create_1_0_request_reads_its_template_attribute()
    {
        var message = Request("kmip_1_0_usecase_11_1_step_1_client_a_create_request_symmetric_key");
        Assert.Equal(ProtocolVersion.V1_0, message.Header.ProtocolVersion);
        var credential = Assert.Single(message.Header.Authentication!.Credentials);
        Assert.Equal(CredentialType.UsernameAndPassword, credential.CredentialType);
        Assert.Equal("Fred", Assert.IsType<UsernameAndPasswordCredential>(credential.CredentialValue).Username);
        var create = Assert.IsType<CreateRequestPayload>(Assert.Single(message.BatchItems).Payload);
        Assert.Equal(ObjectType.SymmetricKey, create.ObjectType);
        var algorithm = create.Attributes!.Single(a => a.Tag == Tag.CryptographicAlgorithm);
        Assert.Equal((uint)CryptographicAlgorithm.AES, algorithm.Value.EnumerationValue);
        Assert.Equal(128, create.Attributes!.Single(a => a.Tag == Tag.CryptographicLength).Value.IntegerValue);
        var name = create.Attributes!.Single(a => a.Tag == Tag.Name);
        Assert.Equal("PolicyKey", name.Value.Find(Tag.NameValue)!.TextStringValue);
    }

    [Fact]
    public void Get_request_reads_its_identifier()
    {
        var message = Request("kmip_1_0_usecase_4_1_step_6_client_b_get_symmetric_key_request");
        var get = Assert.IsType<GetRequestPayload>(Assert.Single(message.BatchItems).Payload);
        Assert.False(string.IsNullOrEmpty(get.UniqueIdentifier));
        Assert.Null(get.UnknownItems);
    }

    [Fact]
    public void Locate_1_0_request_reads_bare_attributes()
    {
        var message = Request("kmip_1_0_usecase_4_1_step_5_client_b_locate_symmetric_key_by_name_request");
        var locate = Assert.IsType<LocateRequestPayload>(Assert.Single(message.BatchItems).Payload);
        Assert.Contains(locate.Attributes!, a => a.Tag == Tag.Name);
    }

    [Fact]
    public void GetAttributes_1_0_request_reads_names_as_references()
    {
        var message = Request("kmip_1_0_usecase_3_1_2_step_3_get_attributes_request");
        var payload = Assert.IsType<GetAttributesRequestPayload>(Assert.Single(message.BatchItems).Payload);
        Assert.Equal([Tag.ObjectGroup, Tag.ApplicationSpecificInformation, Tag.ContactInformation, Tag.Attribute], payload.AttributeReference.Select(r => r.Tag));
        Assert.Equal(("x", "Purpose"), (payload.AttributeReference[3].VendorIdentification, payload.AttributeReference[3].Name));
    }

    [Fact]
    public void Query_request_reads_its_functions()
    {
        var message = RequestMessage.Decode(MessageVectors.Bytes("MSGENC-HTTPS-M-1-10/0-request"));
        Assert.Equal(256, message.Header.MaximumResponseSize);
        var query = Assert.IsType<QueryRequestPayload>(Assert.Single(message.BatchItems).Payload);
        Assert.Equal([QueryFunction.QueryOperations, QueryFunction.QueryObjects], query.QueryFunction);
    }

    [Fact]
    public void Decoding_a_get_request_allocates_little()
    {
        var bytes = Request21(new GetRequestPayload { UniqueIdentifier = "1234" });
        RequestMessage.Decode(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        RequestMessage.Decode(bytes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // Message, header, list, batch item, payload and one string: a few hundred bytes, no item tree.
        Assert.True(allocated < 800, $"{allocated} bytes allocated");
    }

    internal static byte[] Request21(RequestPayload payload, ProtocolVersion? version = null) =>
        new RequestMessage(new RequestHeader { ProtocolVersion = version ?? ProtocolVersion.V2_1 }) { BatchItems = { new RequestBatchItem(payload) } }.Encode();

    [Fact]
    public void Create_2_1_request_round_trips_with_attributes_structure()
    {
        var create = new CreateRequestPayload
        {
            ObjectType = ObjectType.SymmetricKey,
            Attributes =
            [
                new KmipAttribute(Tag.CryptographicAlgorithm, TtlvNode.Enumeration(Tag.CryptographicAlgorithm, (uint)CryptographicAlgorithm.AES)),
                new KmipAttribute(Tag.CryptographicLength, TtlvNode.Integer(Tag.CryptographicLength, 256)),
            ],
        };
        var bytes = Request21(create);
        var payload = TtlvNode.Decode(bytes).Find(Tag.BatchItem)!.Find(Tag.RequestPayload)!;
        Assert.Equal(256, payload.Find(Tag.Attributes)!.Find(Tag.CryptographicLength)!.IntegerValue);
        Assert.Null(payload.Find(Tag.TemplateAttribute));

        var decoded = Assert.IsType<CreateRequestPayload>(RequestMessage.Decode(bytes).BatchItems[0].Payload);
        Assert.Equal(2, decoded.Attributes!.Count);
        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(RequestMessage.Decode(bytes).Encode()));
    }
}
