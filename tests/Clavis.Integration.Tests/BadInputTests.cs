using System.Buffers.Binary;
using System.Text;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Integration.Tests;

/// <summary>
/// Malformed and refused requests get the Result Reason the KMIP specification names, and the server keeps
/// serving: after each case a second session must still be answered.
/// </summary>
public sealed class BadInputTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Garbage_bytes_get_Invalid_Message_then_a_close()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        await client.WriteRawAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: clavis\r\n\r\n"));
        ResponseMessage? answer = await client.ReadResponseAsync();
        Assert.NotNull(answer);
        Responses.Failure(answer, ResultReason.InvalidMessage);
        Assert.True(await client.ServerClosesAsync(), "the session stayed open after unframeable bytes");
        await AssertAnotherSessionIsServedAsync();
    }

    [Fact]
    public async Task A_well_framed_message_with_garbage_inside_gets_Invalid_Message_and_the_session_goes_on()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        byte[] message = new byte[8 + 24];
        message[0] = 0x42;
        message[1] = 0x00;
        message[2] = 0x78;
        message[3] = (byte)TtlvType.Structure;
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), 24);
        Random.Shared.NextBytes(message.AsSpan(8));
        await client.WriteRawAsync(message);
        ResponseMessage? answer = await client.ReadResponseAsync();
        Assert.NotNull(answer);
        Responses.Failure(answer, ResultReason.InvalidMessage);
        Responses.Success<QueryResponsePayload>(await client.SendAsync(Requests.Message(Requests.Query())));
        await AssertAnotherSessionIsServedAsync();
    }

    [Fact]
    public async Task A_message_cut_short_by_a_close_gets_Invalid_Message()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        byte[] whole = Requests.Message(Requests.Query()).Encode();
        await client.WriteRawAsync(whole.AsMemory(0, whole.Length / 2));
        await client.ShutdownWriteAsync();
        ResponseMessage? answer = await client.ReadResponseAsync();
        Assert.NotNull(answer);
        Responses.Failure(answer, ResultReason.InvalidMessage);
        Assert.True(await client.ServerClosesAsync());
        await AssertAnotherSessionIsServedAsync();
    }

    [Fact]
    public async Task A_declared_length_of_2_GiB_is_refused_without_reading_it()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        byte[] header = [0x42, 0x00, 0x78, (byte)TtlvType.Structure, 0x7F, 0xFF, 0xFF, 0xF8];
        await client.WriteRawAsync(header);
        ResponseMessage? answer = await client.ReadResponseAsync();
        Assert.NotNull(answer);
        Responses.Failure(answer, ResultReason.InvalidMessage);
        Assert.True(await client.ServerClosesAsync());
        await AssertAnotherSessionIsServedAsync();
    }

    [Fact]
    public async Task An_operation_code_no_KMIP_version_defines_gets_Operation_Not_Supported()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        TtlvNode message = RawRequest(ProtocolVersion.V1_4, TtlvNode.Structure(
            Tag.BatchItem,
            TtlvNode.Enumeration(Tag.Operation, 0x0000_00EE),
            TtlvNode.Structure(Tag.RequestPayload)));
        await client.WriteRawAsync(message.Encode());
        ResponseMessage? answer = await client.ReadResponseAsync();
        Assert.NotNull(answer);
        Responses.Failure(answer, ResultReason.OperationNotSupported);
        Responses.Success<QueryResponsePayload>(await client.SendAsync(Requests.Message(Requests.Query())));
        await AssertAnotherSessionIsServedAsync();
    }

    [Fact]
    public async Task An_operation_this_server_does_not_carry_out_gets_Operation_Not_Supported()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        // Interop (KMIP 2.0 §6.1.29) is defined but only for test harnesses; Clavis does not serve it.
        var request = Requests.Message(ProtocolVersion.V2_0, new InteropRequestPayload { InteropFunction = InteropFunction.Begin, InteropIdentifier = "x" });
        Responses.Failure(await client.SendAsync(request), ResultReason.OperationNotSupported);
        await AssertAnotherSessionIsServedAsync();
    }

    [Fact]
    public async Task A_KMIP_2_0_attribute_in_a_KMIP_1_2_Create_gets_Invalid_Field()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        // Quantum Safe exists since KMIP 2.0; a 1.2 client cannot send it, so the typed encoder would drop it.
        TtlvNode message = RawRequest(ProtocolVersion.V1_2, TtlvNode.Structure(
            Tag.BatchItem,
            TtlvNode.Enumeration(Tag.Operation, (uint)Operation.Create),
            TtlvNode.Structure(
                Tag.RequestPayload,
                TtlvNode.Enumeration(Tag.ObjectType, (uint)ObjectType.SymmetricKey),
                TtlvNode.Structure(
                    Tag.TemplateAttribute,
                    V1Attribute("Cryptographic Algorithm", TtlvNode.Enumeration(Tag.AttributeValue, (uint)CryptographicAlgorithm.AES)),
                    V1Attribute("Cryptographic Length", TtlvNode.Integer(Tag.AttributeValue, 128)),
                    V1Attribute("Cryptographic Usage Mask", TtlvNode.Integer(Tag.AttributeValue, (int)CryptographicUsageMask.Encrypt)),
                    V1Attribute("Quantum Safe", TtlvNode.Boolean(Tag.AttributeValue, true))))));
        await client.WriteRawAsync(message.Encode());
        ResponseMessage? answer = await client.ReadResponseAsync();
        Assert.NotNull(answer);
        Responses.Failure(answer, ResultReason.InvalidField);
        await AssertAnotherSessionIsServedAsync();
    }

    [Fact]
    public async Task Destroying_an_Active_key_is_refused_in_the_clients_terms_and_keeps_the_key()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        string id = Responses.Success<CreateResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_0, Requests.CreateAes(128)))).UniqueIdentifier!;
        Responses.Success<ActivateResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_0, new ActivateRequestPayload { UniqueIdentifier = id })));
        // KMIP 2.0 has Wrong Key Lifecycle State; 1.4 lacks it, and its clients get Permission Denied, as from PyKMIP's server.
        Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_0, new DestroyRequestPayload { UniqueIdentifier = id })), ResultReason.WrongKeyLifecycleState);
        Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V1_4, new DestroyRequestPayload { UniqueIdentifier = id })), ResultReason.PermissionDenied);
        var key = Responses.Success<GetResponsePayload>(await client.SendAsync(Requests.Message(new GetRequestPayload { UniqueIdentifier = id })));
        Assert.Equal(id, key.UniqueIdentifier);
        await AssertAnotherSessionIsServedAsync();
    }

    private static TtlvNode RawRequest(ProtocolVersion version, params TtlvNode[] batchItems) => TtlvNode.Structure(
        Tag.RequestMessage,
        [
            TtlvNode.Structure(
                Tag.RequestHeader,
                TtlvNode.Structure(
                    Tag.ProtocolVersion,
                    TtlvNode.Integer(Tag.ProtocolVersionMajor, version.Major),
                    TtlvNode.Integer(Tag.ProtocolVersionMinor, version.Minor)),
                TtlvNode.Integer(Tag.BatchCount, batchItems.Length)),
            .. batchItems,
        ]);

    private static TtlvNode V1Attribute(string name, TtlvNode value) =>
        TtlvNode.Structure(Tag.Attribute, TtlvNode.TextString(Tag.AttributeName, name), value);

    private async Task AssertAnotherSessionIsServedAsync()
    {
        await using KmipTestClient other = await server.ConnectAsync();
        Responses.Success<QueryResponsePayload>(await other.SendAsync(Requests.Message(Requests.Query())));
    }
}
