using Clavis.Client.Tests.Support;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client.Tests;

/// <summary>Activate, Revoke, Destroy, Archive, Recover and Check through the SDK.</summary>
[Collection(SharedServer.Name)]
public sealed class LifecycleOperationTests(ServerFixture server)
{
    private static async Task<State> StateAsync(KmipClient client, string id) =>
        (State)(await client.GetAttributesAsync(id, [new KmipAttributeReference(Tag.State)])).Attributes!.Single(a => a.Tag == Tag.State).Value.EnumerationValue;

    [Fact]
    public async Task Activate_revoke_and_destroy_walk_the_life_cycle()
    {
        await using KmipClient client = TestClients.Create(server);
        string id = (await client.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 256, CryptographicUsageMask.Encrypt)).UniqueIdentifier!;

        Assert.Equal(id, (await client.ActivateAsync(id)).UniqueIdentifier);
        Assert.Equal(State.Active, await StateAsync(client, id));
        await client.RevokeAsync(id, RevocationReasonCode.CessationOfOperation, "retired");
        Assert.Equal(State.Deactivated, await StateAsync(client, id));
        await client.DestroyAsync(id);
        Assert.Equal(State.Destroyed, await StateAsync(client, id));
    }

    [Fact]
    public async Task Revoke_for_compromise_makes_the_key_Compromised()
    {
        await using KmipClient client = TestClients.Create(server);
        string id = (await client.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 256, CryptographicUsageMask.Encrypt)).UniqueIdentifier!;
        await client.ActivateAsync(id);

        await client.RevokeAsync(id, RevocationReasonCode.KeyCompromise, compromiseOccurrenceDate: DateTimeOffset.UtcNow.AddMinutes(-5));

        Assert.Equal(State.Compromised, await StateAsync(client, id));
    }

    [Fact]
    public async Task Activating_twice_and_destroying_an_active_key_are_Wrong_Key_Lifecycle_State()
    {
        await using KmipClient client = TestClients.Create(server);
        string id = (await client.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 256, CryptographicUsageMask.Encrypt)).UniqueIdentifier!;
        await client.ActivateAsync(id);

        var twice = await Assert.ThrowsAsync<KmipOperationException>(() => client.ActivateAsync(id));
        var destroy = await Assert.ThrowsAsync<KmipOperationException>(() => client.DestroyAsync(id));

        Assert.Equal(ResultReason.WrongKeyLifecycleState, twice.ResultReason);
        Assert.Equal(ResultReason.WrongKeyLifecycleState, destroy.ResultReason);
    }

    [Fact]
    public async Task Archive_then_Recover_brings_the_key_back()
    {
        await using KmipClient client = TestClients.Create(server);
        string id = (await client.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 256, CryptographicUsageMask.Encrypt)).UniqueIdentifier!;

        Assert.Equal(id, (await client.ArchiveAsync(id)).UniqueIdentifier);
        Assert.Equal(id, (await client.RecoverAsync(id)).UniqueIdentifier);
        Assert.Equal(ObjectType.SymmetricKey, (await client.GetAsync(id)).ObjectType);
    }

    [Fact]
    public async Task Check_passes_for_an_allowed_use_and_fails_for_another()
    {
        await using KmipClient client = TestClients.Create(server);
        string id = (await client.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 256, CryptographicUsageMask.Encrypt)).UniqueIdentifier!;
        await client.ActivateAsync(id);

        CheckResponsePayload ok = await client.CheckAsync(id, CryptographicUsageMask.Encrypt);
        var refused = await Assert.ThrowsAsync<KmipOperationException>(() => client.CheckAsync(id, CryptographicUsageMask.Sign));

        Assert.Equal(id, ok.UniqueIdentifier);
        // Clavis answers a failed Check with Permission Denied and names what would be refused.
        Assert.Equal(ResultReason.PermissionDenied, refused.ResultReason);
        Assert.Contains(id, refused.ResultMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Life_cycle_operations_on_an_unknown_object_are_Item_Not_Found()
    {
        await using KmipClient client = TestClients.Create(server);
        const string Missing = "missing-object";

        Func<Task>[] calls =
        [
            () => client.ActivateAsync(Missing),
            () => client.RevokeAsync(Missing, RevocationReasonCode.Unspecified),
            () => client.DestroyAsync(Missing),
            () => client.ArchiveAsync(Missing),
            () => client.RecoverAsync(Missing),
            () => client.CheckAsync(Missing),
        ];
        foreach (Func<Task> call in calls)
        {
            var e = await Assert.ThrowsAsync<KmipOperationException>(call);
            Assert.Equal(ResultReason.ItemNotFound, e.ResultReason);
        }
    }

    [Fact]
    public async Task ObtainLease_is_granted_on_an_active_key_and_refused_on_a_pre_active_one()
    {
        await using KmipClient client = TestClients.Create(server);
        string id = (await client.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 256, CryptographicUsageMask.Encrypt)).UniqueIdentifier!;

        var preActive = await Assert.ThrowsAsync<KmipOperationException>(() => client.ObtainLeaseAsync(id));
        await client.ActivateAsync(id);
        ObtainLeaseResponsePayload lease = await client.ObtainLeaseAsync(id);

        Assert.Equal(ResultReason.PermissionDenied, preActive.ResultReason);
        Assert.Contains("PreActive", preActive.ResultMessage, StringComparison.Ordinal);
        Assert.Equal(id, lease.UniqueIdentifier);
        Assert.True(lease.LastChangeDate > DateTimeOffset.UtcNow.AddMinutes(-5) && lease.LastChangeDate <= DateTimeOffset.UtcNow.AddMinutes(1), $"Last Change Date {lease.LastChangeDate:O}");
    }

    [Fact]
    public async Task GetUsageAllocation_takes_from_the_usage_limits_until_too_few_remain()
    {
        await using KmipClient client = TestClients.Create(server);
        KmipAttribute limits = new(Tag.UsageLimits, Clavis.Kmip.Ttlv.TtlvNode.Structure(Tag.UsageLimits,
            Clavis.Kmip.Ttlv.TtlvNode.LongInteger(Tag.UsageLimitsTotal, 10),
            Clavis.Kmip.Ttlv.TtlvNode.Enumeration(Tag.UsageLimitsUnit, (uint)UsageLimitsUnit.Object)));
        string id = (await client.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 256, CryptographicUsageMask.Encrypt, attributes: [limits])).UniqueIdentifier!;
        await client.ActivateAsync(id);

        Assert.Equal(id, (await client.GetUsageAllocationAsync(id, 7)).UniqueIdentifier);
        var exceeded = await Assert.ThrowsAsync<KmipOperationException>(() => client.GetUsageAllocationAsync(id, 4));

        Assert.Equal(ResultReason.UsageLimitExceeded, exceeded.ResultReason);
        Assert.Contains("has 3 of 10 usages left", exceeded.ResultMessage, StringComparison.Ordinal);
    }
}
