using Clavis.Core.Lifecycle;
using Clavis.Core.Operations;
using Clavis.Core.Operations.Handlers;
using Clavis.Core.Tests.Lifecycle;
using Clavis.Core.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Tests.Operations;

/// <summary>Check, Obtain Lease and Get Usage Allocation.</summary>
public sealed class UsageHandlerTests
{
    private static TtlvNode Limits(long total, long? count = null)
    {
        var node = TtlvNode.Structure(Tag.UsageLimits, TtlvNode.LongInteger(Tag.UsageLimitsTotal, total));
        if (count is long c)
        {
            node.Children.Add(TtlvNode.LongInteger(Tag.UsageLimitsCount, c));
        }

        node.Children.Add(TtlvNode.Enumeration(Tag.UsageLimitsUnit, (uint)UsageLimitsUnit.Object));
        return node;
    }

    private static TtlvNode Mask(CryptographicUsageMask mask) => TtlvNode.Integer(Tag.CryptographicUsageMask, (int)mask);

    [Theory]
    [InlineData(CryptographicUsageMask.Encrypt, 5L, 600u, null)]
    [InlineData(CryptographicUsageMask.Sign, null, null, "Cryptographic Usage Mask")]
    [InlineData(null, 11L, null, "Usage Limits Count")]
    [InlineData(null, null, 7200u, "Lease Time")]
    public async Task Check_names_every_attribute_that_refuses_the_use(CryptographicUsageMask? mask, long? count, uint? lease, string? refused)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync(new KmipServerOptions { LeaseTime = TimeSpan.FromHours(1) });
        ManagedObject key = await fixture.StoreAsync(TestObjects.Key(fixture, State.Active)
            .With(Mask(CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt)).With(Limits(10)));

        OperationOutcome outcome = await StateTransitionTableTests.RunAsync(fixture, new CheckHandler(),
            new CheckRequestPayload { UniqueIdentifier = key.Id, CryptographicUsageMask = mask, UsageLimitsCount = count, LeaseTime = lease });

        if (refused is null)
        {
            Assert.Equal(ResultStatus.Success, outcome.Status);
        }
        else
        {
            Assert.Equal(ResultReason.PermissionDenied, outcome.Reason);
            Assert.Contains(refused, outcome.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Check_allows_a_Deactivated_key_to_decrypt_but_not_to_encrypt()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = await fixture.StoreAsync(TestObjects.Key(fixture, State.Deactivated).With(Mask(CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt)));

        OperationOutcome decrypt = await StateTransitionTableTests.RunAsync(fixture, new CheckHandler(), new CheckRequestPayload { UniqueIdentifier = key.Id, CryptographicUsageMask = CryptographicUsageMask.Decrypt });
        OperationOutcome encrypt = await StateTransitionTableTests.RunAsync(fixture, new CheckHandler(), new CheckRequestPayload { UniqueIdentifier = key.Id, CryptographicUsageMask = CryptographicUsageMask.Encrypt });

        Assert.Equal(ResultStatus.Success, decrypt.Status);
        Assert.Equal(ResultReason.PermissionDenied, encrypt.Reason);
    }

    [Fact]
    public async Task A_suspended_key_passes_no_Check_and_gets_no_lease()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = TestObjects.Key(fixture, State.Active);
        ObjectSuspension.Suspend(key, "incident", fixture.Clock.UtcNow);
        await fixture.StoreAsync(key);

        OperationOutcome check = await StateTransitionTableTests.RunAsync(fixture, new CheckHandler(), new CheckRequestPayload { UniqueIdentifier = key.Id });
        OperationOutcome lease = await StateTransitionTableTests.RunAsync(fixture, new ObtainLeaseHandler(), new ObtainLeaseRequestPayload { UniqueIdentifier = key.Id });

        Assert.Equal(ResultReason.PermissionDenied, check.Reason);
        Assert.Contains("suspended", check.Message, StringComparison.Ordinal);
        Assert.Equal(ResultReason.PermissionDenied, lease.Reason);
    }

    [Fact]
    public async Task Obtain_Lease_returns_the_objects_Lease_Time_or_the_servers_and_the_Last_Change_Date()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync(new KmipServerOptions { LeaseTime = TimeSpan.FromMinutes(10) });
        ManagedObject plain = await fixture.StoreAsync(TestObjects.Key(fixture, State.Active));
        ManagedObject leased = await fixture.StoreAsync(TestObjects.Key(fixture, State.Active).With(TtlvNode.Interval(Tag.LeaseTime, 30)));
        DateTimeOffset changed = fixture.Clock.UtcNow;
        fixture.Clock.Advance(TimeSpan.FromHours(1));

        var first = (ObtainLeaseResponsePayload)(await StateTransitionTableTests.RunAsync(fixture, new ObtainLeaseHandler(), new ObtainLeaseRequestPayload { UniqueIdentifier = plain.Id })).Payload!;
        var second = (ObtainLeaseResponsePayload)(await StateTransitionTableTests.RunAsync(fixture, new ObtainLeaseHandler(), new ObtainLeaseRequestPayload { UniqueIdentifier = leased.Id })).Payload!;

        Assert.Equal(600u, first.LeaseTime);
        Assert.Equal(changed, first.LastChangeDate);
        Assert.Equal(30u, second.LeaseTime);
    }

    [Fact]
    public async Task Get_Usage_Allocation_counts_down_the_Usage_Limits_and_refuses_beyond_them()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = await fixture.StoreAsync(TestObjects.Key(fixture, State.Active).With(Limits(10)));

        OperationOutcome first = await Allocate(fixture, key.Id, 7);
        OperationOutcome second = await Allocate(fixture, key.Id, 4);
        OperationOutcome third = await Allocate(fixture, key.Id, 3);

        Assert.Equal(ResultStatus.Success, first.Status);
        Assert.Equal(ResultReason.UsageLimitExceeded, second.Reason);
        Assert.Equal(ResultStatus.Success, third.Status);
        Assert.Equal(0, (await fixture.LoadAsync(key.Id)).Attributes.GetFirst(Tag.UsageLimits)!.Find(Tag.UsageLimitsCount)!.LongIntegerValue);
    }

    [Theory]
    [InlineData("no limits", ResultReason.AttributeNotFound)]
    [InlineData("public key", ResultReason.IllegalObjectType)]
    [InlineData("pre-active", ResultReason.WrongKeyLifecycleState)]
    [InlineData("past protect stop", ResultReason.WrongKeyLifecycleState)]
    public async Task Get_Usage_Allocation_refuses_objects_that_cannot_be_allocated(string why, ResultReason reason)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = why switch
        {
            "no limits" => TestObjects.Key(fixture, State.Active),
            "public key" => TestObjects.Key(fixture, State.Active, ObjectType.PublicKey).With(Limits(10)),
            "pre-active" => TestObjects.Key(fixture, State.PreActive).With(Limits(10)),
            _ => TestObjects.Key(fixture, State.Active).With(Limits(10)).With(TtlvNode.DateTime(Tag.ProtectStopDate, fixture.Clock.UtcNow)),
        };
        await fixture.StoreAsync(key);

        OperationOutcome outcome = await Allocate(fixture, key.Id, 1);

        Assert.Equal(reason, outcome.Reason);
    }

    [Fact]
    public async Task Get_Usage_Allocation_answers_KMIP_1_x_clients_with_a_reason_their_version_has()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = await fixture.StoreAsync(TestObjects.Key(fixture, State.Active));

        OperationOutcome outcome = await StateTransitionTableTests.RunAsync(fixture, new GetUsageAllocationHandler(),
            new GetUsageAllocationRequestPayload { UniqueIdentifier = key.Id, UsageLimitsCount = 1 }, ProtocolVersion.V1_4);

        Assert.Equal(ResultReason.IllegalOperation, outcome.Reason);
    }

    private static Task<OperationOutcome> Allocate(CoreFixture fixture, string id, long count) =>
        StateTransitionTableTests.RunAsync(fixture, new GetUsageAllocationHandler(), new GetUsageAllocationRequestPayload { UniqueIdentifier = id, UsageLimitsCount = count });
}
