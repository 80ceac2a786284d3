using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Integration.Tests;

/// <summary>Batch behaviour over the wire: error continuation, the ID Placeholder, response size, asynchronous items.</summary>
public sealed class BatchTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Missing = "no-such-object";

    [Fact]
    public async Task Stop_answers_up_to_the_first_failure_and_skips_the_rest()
    {
        string name = Unique("stop");
        ResponseMessage response = await SendBatchAsync(BatchErrorContinuationOption.Stop, name);
        Assert.Equal(2, response.BatchItems.Count);
        Responses.AssertSuccess(response.BatchItems[0]);
        Responses.AssertFailure(response.BatchItems[1], ResultReason.ItemNotFound);
        Assert.Equal(1, await CountKeptAsync(name));
    }

    [Fact]
    public async Task Continue_answers_every_item_and_keeps_what_succeeded()
    {
        string name = Unique("continue");
        ResponseMessage response = await SendBatchAsync(BatchErrorContinuationOption.Continue, name);
        Assert.Equal(3, response.BatchItems.Count);
        Responses.AssertSuccess(response.BatchItems[0]);
        Responses.AssertFailure(response.BatchItems[1], ResultReason.ItemNotFound);
        Responses.AssertSuccess(response.BatchItems[2]);
        Assert.Equal(2, await CountKeptAsync(name));
    }

    [Fact]
    public async Task Undo_reports_earlier_items_undone_and_keeps_nothing()
    {
        string name = Unique("undo");
        ResponseMessage response = await SendBatchAsync(BatchErrorContinuationOption.Undo, name);
        Assert.Equal(2, response.BatchItems.Count);
        Assert.Equal(ResultStatus.OperationUndone, response.BatchItems[0].ResultStatus);
        Responses.AssertFailure(response.BatchItems[1], ResultReason.ItemNotFound);
        Assert.Equal(0, await CountKeptAsync(name));
    }

    [Fact]
    public async Task Items_without_an_identifier_use_the_ID_Placeholder_of_the_Create_before_them()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        ResponseMessage response = await client.SendAsync(Requests.Message(
            Requests.CreateAes(),
            new ActivateRequestPayload(),
            Requests.GetState(null)));
        Assert.Equal(3, response.BatchItems.Count);
        Assert.All(response.BatchItems, Responses.AssertSuccess);
        string id = Assert.IsType<CreateResponsePayload>(response.BatchItems[0].Payload).UniqueIdentifier!;
        Assert.Equal(id, Assert.IsType<ActivateResponsePayload>(response.BatchItems[1].Payload).UniqueIdentifier);
        var attributes = Assert.IsType<GetAttributesResponsePayload>(response.BatchItems[2].Payload);
        Assert.Equal(id, attributes.UniqueIdentifier);
        KmipAttribute state = Assert.Single(attributes.Attributes!, a => a.Tag == Tag.State);
        Assert.Equal((uint)State.Active, state.Value.EnumerationValue);
    }

    [Fact]
    public async Task A_response_over_the_Maximum_Response_Size_is_Response_Too_Large()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        RequestMessage request = Requests.Message(Requests.Query());
        request.Header.MaximumResponseSize = 64;
        Responses.Failure(await client.SendAsync(request), ResultReason.ResponseTooLarge);

        request.Header.MaximumResponseSize = 1024 * 1024;
        Responses.Success<QueryResponsePayload>(await client.SendAsync(request));
    }

    [Fact]
    public async Task A_mandatory_asynchronous_Create_is_Pending_and_Poll_returns_its_result()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        RequestMessage request = Requests.Message(ProtocolVersion.V2_1, Requests.CreateAes(128, Unique("async")));
        request.Header.AsynchronousIndicator = AsynchronousIndicator.Mandatory;
        ResponseBatchItem pending = Assert.Single((await client.SendAsync(request)).BatchItems);
        Assert.Equal(ResultStatus.OperationPending, pending.ResultStatus);
        Assert.NotNull(pending.AsynchronousCorrelationValue);

        ResponseBatchItem polled;
        int polls = 0;
        do
        {
            Assert.True(++polls <= 100, "the operation stayed pending through 100 polls");
            var poll = Requests.Message(ProtocolVersion.V2_1, new PollRequestPayload { AsynchronousCorrelationValue = pending.AsynchronousCorrelationValue });
            polled = Assert.Single((await client.SendAsync(poll)).BatchItems);
            if (polled.ResultStatus == ResultStatus.OperationPending)
            {
                await Task.Delay(50);
            }
        }
        while (polled.ResultStatus == ResultStatus.OperationPending);

        Responses.AssertSuccess(polled);
        string id = Assert.IsType<CreateResponsePayload>(polled.Payload).UniqueIdentifier!;
        var got = Responses.Success<GetResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new GetRequestPayload { UniqueIdentifier = id })));
        Assert.Equal(ObjectType.SymmetricKey, got.ObjectType);
    }

    private async Task<ResponseMessage> SendBatchAsync(BatchErrorContinuationOption option, string name)
    {
        await using KmipTestClient client = await server.ConnectAsync();
        RequestMessage request = Requests.Message(
            Requests.CreateAes(128, name + "-1"),
            new GetRequestPayload { UniqueIdentifier = Missing },
            Requests.RegisterAes(RandomKey(), name + "-2"));
        request.Header.BatchErrorContinuationOption = option;
        return await client.SendAsync(request);
    }

    // How many of the batch's two objects (named NAME-1 and NAME-2) exist.
    private async Task<int> CountKeptAsync(string name)
    {
        await using KmipTestClient client = await server.ConnectAsync();
        int count = 0;
        foreach (string each in new[] { name + "-1", name + "-2" })
        {
            count += Responses.Success<LocateResponsePayload>(await client.SendAsync(Requests.Message(Requests.LocateByName(each)))).UniqueIdentifier.Count;
        }

        return count;
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static byte[] RandomKey() => System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
}
