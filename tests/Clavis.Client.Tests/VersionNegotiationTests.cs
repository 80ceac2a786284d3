using Clavis.Client.Tests.Support;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Versioning;

namespace Clavis.Client.Tests;

/// <summary>The client picks its KMIP version with Discover Versions, following the caller's preference.</summary>
[Collection(SharedServer.Name)]
public sealed class VersionNegotiationTests(ServerFixture server)
{
    private KmipClient Client(params ProtocolVersion[] preferred) => TestClients.Create(server, options =>
    {
        options.PreferredProtocolVersions.Clear();
        foreach (ProtocolVersion version in preferred)
        {
            options.PreferredProtocolVersions.Add(version);
        }
    });

    [Fact]
    public async Task By_default_the_client_speaks_the_highest_version_the_server_supports()
    {
        await using KmipClient client = TestClients.Create(server);

        Assert.Equal(ProtocolVersion.V2_1, await client.GetProtocolVersionAsync());
    }

    [Fact]
    public async Task A_client_preferring_1_4_speaks_1_4_and_its_operations_work()
    {
        await using KmipClient client = Client(ProtocolVersion.V1_4, ProtocolVersion.V2_1);

        Assert.Equal(ProtocolVersion.V1_4, await client.GetProtocolVersionAsync());
        string id = (await client.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 256, CryptographicUsageMask.Encrypt, "v14-" + Guid.NewGuid())).UniqueIdentifier!;
        await client.AddAttributeAsync(id, KmipAttributes.ContactInformation("v1.4"));
        GetAttributesResponsePayload attributes = await client.GetAttributesAsync(id, [new KmipAttributeReference(Tag.ContactInformation)]);
        Assert.Equal("v1.4", attributes.Attributes!.Single().Value.TextStringValue);
    }

    [Fact]
    public async Task A_client_preferring_2_1_over_1_4_speaks_2_1()
    {
        await using KmipClient client = Client(ProtocolVersion.V2_1, ProtocolVersion.V1_4);

        Assert.Equal(ProtocolVersion.V2_1, await client.GetProtocolVersionAsync());
    }

    [Fact]
    public async Task A_client_speaking_only_1_0_does_not_ask_and_uses_1_0()
    {
        await using KmipClient client = Client(ProtocolVersion.V1_0);

        Assert.Equal(ProtocolVersion.V1_0, await client.GetProtocolVersionAsync());
        Assert.Contains(Operation.Get, (await client.QueryAsync([QueryFunction.QueryOperations])).Operations);
    }

    [Fact]
    public void A_version_the_client_cannot_encode_is_refused_when_the_client_is_made()
    {
        var e = Assert.Throws<ArgumentException>(() => Client(ProtocolVersion.V2_1, new ProtocolVersion(3, 0)));

        Assert.Contains("3.0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operation_the_negotiated_version_lacks_fails_before_reaching_the_server()
    {
        await using KmipClient client = Client(ProtocolVersion.V1_4);

        await Assert.ThrowsAsync<KmipVersionException>(() => client.SetAttributeAsync("any", KmipAttributes.ContactInformation("x")));
    }
}
