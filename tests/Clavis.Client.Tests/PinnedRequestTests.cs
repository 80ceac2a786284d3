using System.Security.Cryptography;
using Clavis.Client.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client.Tests;

/// <summary>
/// Requests that continue state one server holds — Poll and Cancel of an asynchronous operation, the later parts of a
/// stream — go to that server even when the client prefers another again, and never fail over to a server that would
/// not know their correlation value. Two real nodes with stores of their own.
/// </summary>
public sealed class PinnedRequestTests() : ServerGroupTests(2)
{
    [Fact]
    public async Task Poll_and_a_stream_continue_on_the_server_that_started_them_when_the_preferred_one_is_back()
    {
        await using KmipClient client = BackToFirstQuickly();
        await Group.StopAsync(0);

        // Started while the first server is down, so both live on the second.
        KmipAsynchronousOperation pending = await client.SubmitAsync(new CreateRequestPayload
        {
            ObjectType = ObjectType.SymmetricKey,
            Attributes = [KmipAttributes.CryptographicAlgorithm(CryptographicAlgorithm.AES), KmipAttributes.CryptographicLength(256), KmipAttributes.CryptographicUsageMask(CryptographicUsageMask.Encrypt)],
        });
        Assert.Equal(Group.Endpoint(1), pending.Server);
        byte[] first = RandomNumberGenerator.GetBytes(100);
        byte[] second = RandomNumberGenerator.GetBytes(50);
        HashResponsePayload started = await HashPartAsync(client, new HashRequestPayload
        {
            CryptographicParameters = new CryptographicParameters { HashingAlgorithm = HashingAlgorithm.SHA_256 },
            Data = first,
            InitIndicator = true,
        });
        Assert.NotNull(started.CorrelationValue);

        await Group.StartAgainAsync(0);
        await UntilServerAsync(client, 0);

        // The first server knows neither value: these would fail there.
        KmipAsynchronousOperation polled = pending;
        for (int i = 0; i < 100 && polled.IsPending; i++)
        {
            polled = await client.PollAsync(polled);
            if (polled.IsPending)
            {
                await Task.Delay(50);
            }
        }

        Assert.IsType<CreateResponsePayload>(polled.Result);
        Assert.Equal(Group.Endpoint(1), polled.Server);
        HashResponsePayload finished = await HashPartAsync(client, new HashRequestPayload
        {
            CryptographicParameters = new CryptographicParameters { HashingAlgorithm = HashingAlgorithm.SHA_256 },
            CorrelationValue = started.CorrelationValue,
            Data = second,
            FinalIndicator = true,
        });
        Assert.Equal(SHA256.HashData([.. first, .. second]), finished.Data);
        Assert.Equal(Group.Endpoint(1), client.Server);

        // Finished: nothing stays pinned, and the next request goes to the preferred server again.
        Assert.Equal(0, client.PinnedCorrelationCount);
        await client.RngRetrieveAsync(8);
        Assert.Equal(Group.Endpoint(0), client.Server);
    }

    [Fact]
    public async Task A_pinned_request_whose_server_is_down_fails_naming_it_instead_of_going_to_another()
    {
        await using KmipClient client = BackToFirstQuickly();
        KmipAsynchronousOperation pending = await client.SubmitAsync(new CreateRequestPayload
        {
            ObjectType = ObjectType.SymmetricKey,
            Attributes = [KmipAttributes.CryptographicAlgorithm(CryptographicAlgorithm.AES), KmipAttributes.CryptographicLength(128), KmipAttributes.CryptographicUsageMask(CryptographicUsageMask.Encrypt)],
        });
        Assert.Equal(Group.Endpoint(0), pending.Server);

        await Group.StopAsync(0);

        var poll = await Assert.ThrowsAsync<KmipConnectionException>(() => client.PollAsync(pending));
        Assert.Equal(Group.Endpoint(0), poll.Endpoint);
        Assert.Contains($"server {Group.Endpoint(0)} holds", poll.Message, StringComparison.Ordinal);
        var cancel = await Assert.ThrowsAsync<KmipConnectionException>(() => client.CancelAsync(pending));
        Assert.Equal(Group.Endpoint(0), cancel.Endpoint);

        // Requests that continue nothing still fail over.
        await client.RngRetrieveAsync(8);
        Assert.Equal(Group.Endpoint(1), client.Server);
    }

    private KmipClient BackToFirstQuickly()
    {
        KmipClientOptions options = Group.Options(0, 1);
        options.ServerRetryDelay = TimeSpan.FromMilliseconds(200);
        options.MaxServerRetryDelay = TimeSpan.FromMilliseconds(400);
        return new KmipClient(options);
    }

    private static async Task<HashResponsePayload> HashPartAsync(KmipClient client, HashRequestPayload part)
    {
        ProtocolVersion version = await client.GetProtocolVersionAsync();
        ResponseMessage response = await client.SendAsync(new RequestMessage(new RequestHeader { ProtocolVersion = version }) { BatchItems = { new RequestBatchItem(part) } });
        ResponseBatchItem item = Assert.Single(response.BatchItems);
        Assert.True(item.ResultStatus == ResultStatus.Success, $"{item.ResultReason}: {item.ResultMessage}");
        return Assert.IsType<HashResponsePayload>(item.Payload);
    }
}
