using Clavis.Client.Tests.Support;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client.Tests;

/// <summary>Batches: several operations in one message, each answered with its success or failure.</summary>
[Collection(SharedServer.Name)]
public sealed class BatchTests(ServerFixture server)
{
    private static CreateRequestPayload CreateAes() => new()
    {
        ObjectType = ObjectType.SymmetricKey,
        Attributes = [KmipAttributes.CryptographicAlgorithm(CryptographicAlgorithm.AES), KmipAttributes.CryptographicLength(256), KmipAttributes.CryptographicUsageMask(CryptographicUsageMask.Encrypt)],
    };

    [Fact]
    public async Task With_Continue_a_failed_item_fails_alone_and_the_others_run()
    {
        await using KmipClient client = TestClients.Create(server);
        KmipBatch batch = client.CreateBatch();
        batch.ErrorContinuation = BatchErrorContinuationOption.Continue;
        var first = batch.Add<CreateResponsePayload>(CreateAes());
        var missing = batch.Add<GetResponsePayload>(new GetRequestPayload { UniqueIdentifier = "missing-key" });
        var last = batch.Add<RNGRetrieveResponsePayload>(new RNGRetrieveRequestPayload { DataLength = 8 });

        KmipBatchResult result = await batch.SendAsync();

        Assert.False(result.AllSucceeded);
        Assert.NotNull(result.Get(first).UniqueIdentifier);
        var e = Assert.Throws<KmipOperationException>(() => result.Get(missing));
        Assert.Equal(ResultReason.ItemNotFound, e.ResultReason);
        Assert.Equal(Operation.Get, e.Operation);
        Assert.Equal(ResultReason.ItemNotFound, result.Items[missing.Index].ResultReason);
        Assert.Equal(8, result.Get(last).Data!.Length);
    }

    [Fact]
    public async Task With_Stop_the_items_after_a_failure_are_reported_as_not_run()
    {
        await using KmipClient client = TestClients.Create(server);
        KmipBatch batch = client.CreateBatch();
        batch.ErrorContinuation = BatchErrorContinuationOption.Stop;
        batch.Add<GetResponsePayload>(new GetRequestPayload { UniqueIdentifier = "missing-key" });
        var after = batch.Add<CreateResponsePayload>(CreateAes());

        KmipBatchResult result = await batch.SendAsync();

        Assert.Equal(ResultReason.ItemNotFound, result.Items[0].ResultReason);
        Assert.False(result.Items[after.Index].WasAnswered);
        Assert.Throws<KmipOperationException>(() => result.Get(after));
    }

    [Fact]
    public async Task A_batch_is_sent_once_and_must_hold_an_item()
    {
        await using KmipClient client = TestClients.Create(server);
        KmipBatch empty = client.CreateBatch();
        KmipBatch batch = client.CreateBatch();
        batch.Add<RNGRetrieveResponsePayload>(new RNGRetrieveRequestPayload { DataLength = 4 });

        await Assert.ThrowsAsync<InvalidOperationException>(() => empty.SendAsync());
        await batch.SendAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => batch.SendAsync());
        Assert.Throws<InvalidOperationException>(() => batch.Add<RNGRetrieveResponsePayload>(new RNGRetrieveRequestPayload { DataLength = 4 }));
    }
}
