using Clavis.Client.Tests.Support;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Client.Tests;

/// <summary>Get Attributes, Get Attribute List, Add, Modify, Delete and Set Attribute through the SDK.</summary>
[Collection(SharedServer.Name)]
public sealed class AttributeOperationTests(ServerFixture server)
{
    private async Task<string> NewKeyAsync(KmipClient client) =>
        (await client.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 256, CryptographicUsageMask.Encrypt)).UniqueIdentifier!;

    private static async Task<string?> ContactAsync(KmipClient client, string id) =>
        (await client.GetAttributesAsync(id, [new KmipAttributeReference(Tag.ContactInformation)])).Attributes?
            .SingleOrDefault(a => a.Tag == Tag.ContactInformation)?.Value.TextStringValue;

    [Fact]
    public async Task GetAttributes_without_a_list_returns_every_attribute()
    {
        await using KmipClient client = TestClients.Create(server);
        string id = await NewKeyAsync(client);

        GetAttributesResponsePayload all = await client.GetAttributesAsync(id);

        Assert.Equal(id, all.UniqueIdentifier);
        Assert.Contains(all.Attributes!, a => a.Tag == Tag.State && a.Value.EnumerationValue == (uint)State.PreActive);
        Assert.Contains(all.Attributes!, a => a.Tag == Tag.CryptographicAlgorithm);
    }

    [Fact]
    public async Task GetAttributeList_names_the_attributes_the_key_has()
    {
        await using KmipClient client = TestClients.Create(server);
        string id = await NewKeyAsync(client);

        GetAttributeListResponsePayload list = await client.GetAttributeListAsync(id);

        Assert.Contains(list.AttributeReference, r => r.Tag == Tag.CryptographicLength);
        Assert.Contains(list.AttributeReference, r => r.Tag == Tag.State);
    }

    [Fact]
    public async Task Add_modify_and_delete_an_attribute()
    {
        await using KmipClient client = TestClients.Create(server);
        string id = await NewKeyAsync(client);

        await client.AddAttributeAsync(id, KmipAttributes.ContactInformation("first"));
        Assert.Equal("first", await ContactAsync(client, id));
        await client.ModifyAttributeAsync(id, KmipAttributes.ContactInformation("second"));
        Assert.Equal("second", await ContactAsync(client, id));
        await client.DeleteAttributeAsync(id, new KmipAttributeReference(Tag.ContactInformation));
        Assert.Null(await ContactAsync(client, id));
    }

    [Fact]
    public async Task SetAttribute_adds_or_replaces_a_single_valued_attribute()
    {
        await using KmipClient client = TestClients.Create(server);
        string id = await NewKeyAsync(client);

        await client.SetAttributeAsync(id, KmipAttributes.ContactInformation("one"));
        await client.SetAttributeAsync(id, KmipAttributes.ContactInformation("two"));

        Assert.Equal("two", await ContactAsync(client, id));
    }

    [Fact]
    public async Task Attribute_operations_on_an_unknown_object_are_Item_Not_Found()
    {
        await using KmipClient client = TestClients.Create(server);
        const string Missing = "missing-object";

        Func<Task>[] calls =
        [
            () => client.GetAttributesAsync(Missing),
            () => client.GetAttributeListAsync(Missing),
            () => client.AddAttributeAsync(Missing, KmipAttributes.ContactInformation("x")),
            () => client.ModifyAttributeAsync(Missing, KmipAttributes.ContactInformation("x")),
            () => client.DeleteAttributeAsync(Missing, new KmipAttributeReference(Tag.ContactInformation)),
            () => client.SetAttributeAsync(Missing, KmipAttributes.ContactInformation("x")),
        ];
        foreach (Func<Task> call in calls)
        {
            var e = await Assert.ThrowsAsync<KmipOperationException>(call);
            Assert.Equal(ResultReason.ItemNotFound, e.ResultReason);
        }
    }

    [Fact]
    public async Task Changing_a_read_only_attribute_is_refused()
    {
        await using KmipClient client = TestClients.Create(server);
        string id = await NewKeyAsync(client);

        var e = await Assert.ThrowsAsync<KmipOperationException>(() => client.ModifyAttributeAsync(id, KmipAttributes.CryptographicLength(128)));

        Assert.Equal(ResultStatus.OperationFailed, e.ResultStatus);
        Assert.Equal(Operation.ModifyAttribute, e.Operation);
    }

    [Fact]
    public async Task AdjustAttribute_increments_and_decrements_a_numeric_attribute_in_KMIP_2()
    {
        await using KmipClient client = TestClients.Create(server, o =>
        {
            o.PreferredProtocolVersions.Clear();
            o.PreferredProtocolVersions.Add(ProtocolVersion.V2_1);
        });
        string id = (await client.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 256, CryptographicUsageMask.Encrypt,
            attributes: [new KmipAttribute(Tag.RotateInterval, TtlvNode.Interval(Tag.RotateInterval, 100))])).UniqueIdentifier!;
        var rotateInterval = new KmipAttributeReference(Tag.RotateInterval);

        await client.AdjustAttributeAsync(id, rotateInterval, AdjustmentType.Increment, TtlvNode.Interval(Tag.AdjustmentValue, 20));
        await client.AdjustAttributeAsync(id, rotateInterval, AdjustmentType.Decrement);

        GetAttributesResponsePayload read = await client.GetAttributesAsync(id, [rotateInterval]);
        Assert.Equal(119u, read.Attributes!.Single(a => a.Tag == Tag.RotateInterval).Value.IntervalValue);
        var missing = await Assert.ThrowsAsync<KmipOperationException>(() => client.AdjustAttributeAsync(id, new KmipAttributeReference(Tag.UsageLimits), AdjustmentType.Increment));
        Assert.Equal(ResultReason.AttributeNotFound, missing.ResultReason);
    }
}
