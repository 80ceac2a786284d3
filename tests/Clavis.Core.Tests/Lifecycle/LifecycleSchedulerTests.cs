using Clavis.Core.Lifecycle;
using Clavis.Core.Operations;
using Clavis.Core.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Ttlv;
using Microsoft.Extensions.Logging.Abstractions;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Tests.Lifecycle;

public sealed class LifecycleSchedulerTests
{
    [Fact]
    public async Task Objects_become_Active_then_Deactivated_when_their_dates_come_without_any_request()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        DateTimeOffset start = fixture.Clock.UtcNow;
        ManagedObject key = await fixture.StoreAsync(TestObjects.Key(fixture)
            .With(TtlvNode.DateTime(Tag.ActivationDate, start.AddHours(1)))
            .With(TtlvNode.DateTime(Tag.DeactivationDate, start.AddHours(3))));
        var scheduler = Scheduler(fixture, batchSize: 2);

        Assert.Equal(0, (await scheduler.RunOnceAsync(CancellationToken.None)).Transitioned);
        Assert.Equal(State.PreActive, (await fixture.LoadAsync(key.Id)).State);

        fixture.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, (await scheduler.RunOnceAsync(CancellationToken.None)).Transitioned);
        ManagedObject active = await fixture.LoadAsync(key.Id);
        Assert.Equal(State.Active, active.State);
        Assert.Equal(fixture.Clock.UtcNow, active.Attributes.GetDateTime(Tag.LastChangeDate));

        fixture.Clock.Advance(TimeSpan.FromHours(2));
        await scheduler.RunOnceAsync(CancellationToken.None);
        Assert.Equal(State.Deactivated, (await fixture.LoadAsync(key.Id)).State);
    }

    [Fact]
    public async Task The_scheduler_moves_more_due_objects_than_one_batch_holds()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        var ids = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            ids.Add((await fixture.StoreAsync(TestObjects.Key(fixture).With(TtlvNode.DateTime(Tag.ActivationDate, fixture.Clock.UtcNow.AddMinutes(1))))).Id);
        }

        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        LifecycleSweep sweep = await Scheduler(fixture, batchSize: 2).RunOnceAsync(CancellationToken.None);

        Assert.Equal(5, sweep.Transitioned);
        foreach (string id in ids)
        {
            Assert.Equal(State.Active, (await fixture.LoadAsync(id)).State);
        }
    }

    [Fact]
    public async Task Destroyed_objects_are_purged_only_after_the_retention_period()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync(new KmipServerOptions { PurgeRetention = TimeSpan.FromDays(30) });
        ManagedObject destroyed = await fixture.StoreAsync(TestObjects.Key(fixture, State.Destroyed).With(TtlvNode.DateTime(Tag.DestroyDate, fixture.Clock.UtcNow)));
        ManagedObject compromised = await fixture.StoreAsync(TestObjects.Key(fixture, State.DestroyedCompromised).With(TtlvNode.DateTime(Tag.DestroyDate, fixture.Clock.UtcNow.AddDays(10))));
        ManagedObject live = await fixture.StoreAsync(TestObjects.Key(fixture, State.Deactivated));
        var scheduler = Scheduler(fixture, batchSize: 1);

        fixture.Clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(0, (await scheduler.RunOnceAsync(CancellationToken.None)).Purged);

        fixture.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, (await scheduler.RunOnceAsync(CancellationToken.None)).Purged);
        Assert.Null(await fixture.Store.GetAsync(destroyed.Id, CancellationToken.None));
        Assert.NotNull(await fixture.Store.GetAsync(compromised.Id, CancellationToken.None));

        fixture.Clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal(1, (await scheduler.RunOnceAsync(CancellationToken.None)).Purged);
        Assert.Null(await fixture.Store.GetAsync(compromised.Id, CancellationToken.None));
        Assert.NotNull(await fixture.Store.GetAsync(live.Id, CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_runs_at_once_and_returns_when_cancelled()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = await fixture.StoreAsync(TestObjects.Key(fixture).With(TtlvNode.DateTime(Tag.ActivationDate, fixture.Clock.UtcNow)));
        using var cancellation = new CancellationTokenSource();

        Task loop = Scheduler(fixture, batchSize: 10).RunAsync(TimeSpan.FromMilliseconds(20), cancellation.Token);
        while ((await fixture.LoadAsync(key.Id)).State != State.Active)
        {
            await Task.Delay(10);
        }

        await cancellation.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(loop.IsCompletedSuccessfully);
    }

    private static LifecycleScheduler Scheduler(CoreFixture fixture, int batchSize) =>
        new(fixture.Services, NullLogger<LifecycleScheduler>.Instance, batchSize);
}
