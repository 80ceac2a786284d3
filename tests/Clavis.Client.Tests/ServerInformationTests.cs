using Clavis.Client.Tests.Support;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client.Tests;

/// <summary>Query, Discover Versions and the raw SendAsync escape hatch.</summary>
[Collection(SharedServer.Name)]
public sealed class ServerInformationTests(ServerFixture server)
{
    [Fact]
    public async Task Query_lists_the_operations_the_client_uses()
    {
        await using KmipClient client = TestClients.Create(server);

        QueryResponsePayload query = await client.QueryAsync();

        Assert.Contains(Operation.Encrypt, query.Operations);
        Assert.Contains(Operation.Poll, query.Operations);
        Assert.Contains(ObjectType.SymmetricKey, query.ObjectTypes);
    }

    [Fact]
    public async Task DiscoverVersions_lists_every_version_the_server_speaks_or_those_asked()
    {
        await using KmipClient client = TestClients.Create(server);

        IReadOnlyList<ProtocolVersion> all = await client.DiscoverVersionsAsync();
        IReadOnlyList<ProtocolVersion> asked = await client.DiscoverVersionsAsync([ProtocolVersion.V1_2, new ProtocolVersion(9, 9)]);

        Assert.Contains(ProtocolVersion.V2_1, all);
        Assert.Contains(ProtocolVersion.V1_0, all);
        Assert.Equal([ProtocolVersion.V1_2], asked);
    }

    [Fact]
    public async Task SendAsync_returns_the_response_as_it_came_including_failed_items()
    {
        await using KmipClient client = TestClients.Create(server);
        var request = new RequestMessage(new RequestHeader { ProtocolVersion = ProtocolVersion.V1_4 })
        {
            BatchItems =
            {
                new RequestBatchItem(new QueryRequestPayload { QueryFunction = [QueryFunction.QueryOperations] }),
                new RequestBatchItem(new GetRequestPayload { UniqueIdentifier = "missing-key" }),
            },
        };
        request.Header.BatchErrorContinuationOption = BatchErrorContinuationOption.Continue;

        ResponseMessage response = await client.SendAsync(request);

        Assert.Equal(ProtocolVersion.V1_4, response.Header.ProtocolVersion);
        Assert.Equal(ResultStatus.Success, response.BatchItems[0].ResultStatus);
        Assert.Equal(ResultReason.ItemNotFound, response.BatchItems[1].ResultReason);
    }
}
