using Clavis.Core.Operations;
using Clavis.Core.Operations.Handlers;
using Clavis.Core.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using static Clavis.Core.Tests.Operations.ObjectRequests;

namespace Clavis.Core.Tests.Operations;

public sealed class ObjectBatchTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 1)]
    public async Task Create_then_get_attributes_without_an_identifier_acts_on_the_new_key(int major, int minor)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        var version = new ProtocolVersion(major, minor);
        RequestMessage request = Message(version, null, CreateAes256(), new GetAttributesRequestPayload());

        ResponseMessage response = await fixture.Executor([.. ObjectHandlers.All()]).ExecuteAsync(request, Request(fixture, version), CancellationToken.None);

        Assert.All(response.BatchItems, item => Assert.Equal(ResultStatus.Success, item.ResultStatus));
        string id = ((CreateResponsePayload)response.BatchItems[0].Payload!).UniqueIdentifier!;
        var attributes = (GetAttributesResponsePayload)response.BatchItems[1].Payload!;
        Assert.Equal(id, attributes.UniqueIdentifier);
        Assert.Contains(attributes.Attributes!, a => a.Tag == Tag.CryptographicLength && a.Value.IntegerValue == 256);
    }

    [Fact]
    public async Task An_undo_batch_whose_second_item_fails_leaves_no_object()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        var failing = new AddAttributeRequestPayload { NewAttribute = Algorithm(CryptographicAlgorithm.AES) };
        RequestMessage request = Message(ProtocolVersion.V2_1, BatchErrorContinuationOption.Undo, CreateAes256(), failing);

        ResponseMessage response = await fixture.Executor([.. ObjectHandlers.All()]).ExecuteAsync(request, Request(fixture, ProtocolVersion.V2_1), CancellationToken.None);

        Assert.Equal(ResultStatus.OperationUndone, response.BatchItems[0].ResultStatus);
        Assert.Equal(ResultReason.AttributeReadOnly, response.BatchItems[1].ResultReason);
        Assert.Equal(0, await fixture.Store.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Set_attribute_does_not_exist_for_a_1_4_client()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        RequestMessage request = Message(ProtocolVersion.V1_4, null, new SetAttributeRequestPayload { UniqueIdentifier = "x", NewAttribute = Comment("c") });

        ResponseMessage response = await fixture.Executor([.. ObjectHandlers.All()]).ExecuteAsync(request, Request(fixture, ProtocolVersion.V1_4), CancellationToken.None);

        Assert.Equal(ResultReason.OperationNotSupported, Assert.Single(response.BatchItems).ResultReason);
    }

    private static RequestContext Request(CoreFixture fixture, ProtocolVersion version) =>
        new(CoreFixture.Alice, version, fixture.Clock.UtcNow, 1, "127.0.0.1");

    private static RequestMessage Message(ProtocolVersion version, BatchErrorContinuationOption? continuation, params RequestPayload[] payloads)
    {
        var message = new RequestMessage(new RequestHeader { ProtocolVersion = version, BatchErrorContinuationOption = continuation });
        message.BatchItems.AddRange(payloads.Select(p => new RequestBatchItem(p)));
        return message;
    }
}
