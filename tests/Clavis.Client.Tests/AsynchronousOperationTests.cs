using Clavis.Client.Tests.Support;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client.Tests;

/// <summary>Submitting operations with the Asynchronous Indicator, polling and cancelling them.</summary>
[Collection(SharedServer.Name)]
public sealed class AsynchronousOperationTests(ServerFixture server)
{
    private static CreateKeyPairRequestPayload Rsa(int bits) => new()
    {
        CommonAttributes = [KmipAttributes.CryptographicAlgorithm(CryptographicAlgorithm.RSA), KmipAttributes.CryptographicLength(bits)],
        PrivateKeyAttributes = [KmipAttributes.CryptographicUsageMask(CryptographicUsageMask.Sign)],
        PublicKeyAttributes = [KmipAttributes.CryptographicUsageMask(CryptographicUsageMask.Verify)],
    };

    [Fact]
    public async Task A_submitted_operation_is_pending_then_polls_to_its_result()
    {
        await using KmipClient client = TestClients.Create(server);

        KmipAsynchronousOperation pending = await client.SubmitAsync(new CreateRequestPayload
        {
            ObjectType = ObjectType.SymmetricKey,
            Attributes = [KmipAttributes.CryptographicAlgorithm(CryptographicAlgorithm.AES), KmipAttributes.CryptographicLength(256), KmipAttributes.CryptographicUsageMask(CryptographicUsageMask.Encrypt)],
        });
        Assert.True(pending.IsPending);
        Assert.NotEmpty(pending.AsynchronousCorrelationValue);
        KmipAsynchronousOperation polled = pending;
        for (int i = 0; i < 100 && polled.IsPending; i++)
        {
            await Task.Delay(50);
            polled = await client.PollAsync(pending);
        }

        var created = Assert.IsType<CreateResponsePayload>(polled.Result);
        Assert.Equal(ObjectType.SymmetricKey, (await client.GetAsync(created.UniqueIdentifier!)).ObjectType);
    }

    [Fact]
    public async Task A_failing_asynchronous_operation_throws_its_failure_when_polled()
    {
        await using KmipClient client = TestClients.Create(server);

        KmipAsynchronousOperation pending = await client.SubmitAsync(new GetRequestPayload { UniqueIdentifier = "missing-key" });
        KmipOperationException? failure = null;
        for (int i = 0; i < 100 && failure is null; i++)
        {
            await Task.Delay(50);
            failure = await Record.ExceptionAsync(() => client.PollAsync(pending)) as KmipOperationException;
        }

        Assert.Equal(ResultReason.ItemNotFound, failure?.ResultReason);
    }

    [Fact]
    public async Task Query_is_answered_at_once_even_when_submitted()
    {
        await using KmipClient client = TestClients.Create(server);

        KmipAsynchronousOperation done = await client.SubmitAsync(new QueryRequestPayload { QueryFunction = [QueryFunction.QueryOperations] });

        Assert.False(done.IsPending);
        Assert.IsType<QueryResponsePayload>(done.Result);
    }

    [Fact]
    public async Task Cancel_of_a_pending_operation_reports_its_outcome()
    {
        await using KmipClient client = TestClients.Create(server);
        KmipAsynchronousOperation pending = await client.SubmitAsync(Rsa(4096));

        CancelResponsePayload cancelled = await client.CancelAsync(pending);

        Assert.Contains(cancelled.CancellationResult, new[] { CancellationResult.Canceled, CancellationResult.Completed, CancellationResult.Failed, CancellationResult.UnableToCancel });
        Assert.Equal(pending.AsynchronousCorrelationValue, cancelled.AsynchronousCorrelationValue);
    }

    [Fact]
    public async Task Poll_and_Cancel_of_an_unknown_correlation_value_are_Item_Not_Found()
    {
        await using KmipClient client = TestClients.Create(server);
        var unknown = new KmipAsynchronousOperation(Operation.Create, [1, 2, 3, 4], result: null, client.Server!);

        var poll = await Assert.ThrowsAsync<KmipOperationException>(() => client.PollAsync(unknown));
        var cancel = await Assert.ThrowsAsync<KmipOperationException>(() => client.CancelAsync(unknown));

        Assert.Equal(ResultReason.ItemNotFound, poll.ResultReason);
        Assert.Equal(ResultReason.ItemNotFound, cancel.ResultReason);
    }
}
