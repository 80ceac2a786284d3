using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Core.Operations.Handlers;
using Clavis.Core.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using Microsoft.Extensions.Logging.Abstractions;
using static Clavis.Core.Tests.Operations.ObjectRequests;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Tests.Operations;

/// <summary>Re-key and the server's automatic rotation.</summary>
public sealed class ReKeyHandlerTests
{
    private static KmipAttribute Date(Tag tag, DateTimeOffset at) => new(tag, TtlvNode.DateTime(tag, at));

    private static string? LinkOf(ManagedObject managedObject, LinkType type) =>
        managedObject.Attributes.Get(Tag.Link).FirstOrDefault(l => l.Find(Tag.LinkType)!.EnumerationValue == (uint)type)?.Find(Tag.LinkedObjectIdentifier)!.TextStringValue;

    private static byte[] MaterialOf(CoreFixture fixture, ManagedObject managedObject) =>
        ObjectBodyCodec.KeyBlockOf(ObjectBodyCodec.Open(fixture.Barrier, managedObject.Id, managedObject.Material!))!.KeyValue!.KeyMaterial!.ByteStringValue;

    private static async Task<ManagedObject> ReKeyAsync(CoreFixture fixture, string id, uint? offset = null, params KmipAttribute[] attributes)
    {
        var context = fixture.Context();
        ReKeyResponsePayload response = await Run<ReKeyResponsePayload>(new ReKeyHandler(),
            new ReKeyRequestPayload { UniqueIdentifier = id, Offset = offset, Attributes = attributes.Length == 0 ? null : [.. attributes] }, context);
        Assert.Equal(response.UniqueIdentifier, context.IdPlaceholder);
        return await fixture.LoadAsync(response.UniqueIdentifier!);
    }

    [Fact]
    public async Task ReKey_makes_a_new_key_of_the_same_kind_that_takes_the_name_and_links_both_ways()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        DateTimeOffset now = fixture.Clock.UtcNow;
        string id = await CreateAes256Async(fixture, null, Name("payroll"), Date(Tag.ActivationDate, now.AddHours(-1)));

        ManagedObject replacement = await ReKeyAsync(fixture, id);
        ManagedObject existing = await fixture.LoadAsync(id);

        Assert.Equal(ObjectType.SymmetricKey, replacement.ObjectType);
        Assert.Equal((uint)CryptographicAlgorithm.AES, replacement.Attributes.GetEnumeration(Tag.CryptographicAlgorithm));
        Assert.Equal(256, replacement.Attributes.GetInteger(Tag.CryptographicLength));
        Assert.Equal(existing.Attributes.GetInteger(Tag.CryptographicUsageMask), replacement.Attributes.GetInteger(Tag.CryptographicUsageMask));
        Assert.NotEqual(MaterialOf(fixture, existing), MaterialOf(fixture, replacement));
        Assert.Equal(32, MaterialOf(fixture, replacement).Length);
        Assert.Equal(id, LinkOf(replacement, LinkType.ReplacedObjectLink));
        Assert.Equal(replacement.Id, LinkOf(existing, LinkType.ReplacementObjectLink));
        Assert.Single(replacement.Attributes.Get(Tag.Name));
        Assert.Empty(existing.Attributes.Get(Tag.Name));
        // KMIP 2.1 §6.1.43: without an Offset the dates are copied, so the replacement is Active at once.
        Assert.Equal(now.AddHours(-1), replacement.Attributes.GetDateTime(Tag.ActivationDate));
        Assert.Equal(State.Active, replacement.State);
        Assert.Equal(State.Active, existing.State);
        Assert.Equal(now, replacement.Attributes.GetDateTime(Tag.InitialDate));
        Assert.True(replacement.Attributes.GetFirst(Tag.Fresh)!.BooleanValue);
        Assert.Equal(1, replacement.Attributes.GetInteger(Tag.RotateGeneration));
        Assert.True(replacement.Attributes.GetFirst(Tag.RotateLatest)!.BooleanValue);
        Assert.False(existing.Attributes.GetFirst(Tag.RotateLatest)!.BooleanValue);
        Assert.Equal("alice", replacement.Owner);
    }

    [Fact]
    public async Task An_Offset_places_the_activation_after_the_initial_date_and_moves_the_other_dates_with_it()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        DateTimeOffset t = fixture.Clock.UtcNow;
        string id = await CreateAes256Async(fixture, null,
            Date(Tag.ActivationDate, t.AddHours(-2)), Date(Tag.ProcessStartDate, t.AddHours(-2)),
            Date(Tag.ProtectStopDate, t.AddMinutes(30)), Date(Tag.DeactivationDate, t.AddHours(1)));
        fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        DateTimeOffset now = fixture.Clock.UtcNow;

        ManagedObject replacement = await ReKeyAsync(fixture, id, offset: 600);
        TimeSpan shift = now.AddSeconds(600) - t.AddHours(-2);

        Assert.Equal(now.AddSeconds(600), replacement.Attributes.GetDateTime(Tag.ActivationDate));
        Assert.Equal(t.AddHours(-2) + shift, replacement.Attributes.GetDateTime(Tag.ProcessStartDate));
        Assert.Equal(t.AddMinutes(30) + shift, replacement.Attributes.GetDateTime(Tag.ProtectStopDate));
        Assert.Equal(t.AddHours(1) + shift, replacement.Attributes.GetDateTime(Tag.DeactivationDate));
        Assert.Null(replacement.Attributes.GetDateTime(Tag.DestroyDate));
        Assert.Equal(State.PreActive, replacement.State);
    }

    [Fact]
    public async Task ReKey_of_an_expired_key_with_Offset_zero_is_Active_now_as_OASIS_TC_92_expects()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        DateTimeOffset t = fixture.Clock.UtcNow;
        string id = await CreateAes256Async(fixture, null, Date(Tag.ActivationDate, t), Date(Tag.DeactivationDate, t.AddSeconds(120)));
        fixture.Clock.Advance(TimeSpan.FromSeconds(200));

        ManagedObject replacement = await ReKeyAsync(fixture, id, offset: 0);

        Assert.Equal(State.Deactivated, (await fixture.LoadAsync(id)).State);
        Assert.Equal(State.Active, replacement.State);
        Assert.Equal(fixture.Clock.UtcNow, replacement.Attributes.GetDateTime(Tag.ActivationDate));
        Assert.Equal(fixture.Clock.UtcNow.AddSeconds(120), replacement.Attributes.GetDateTime(Tag.DeactivationDate));
    }

    [Fact]
    public async Task The_replacement_gets_the_whole_usage_allowance_and_the_attributes_the_request_sets()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string id = await CreateAes256Async(fixture, null, Comment("old"));
        ManagedObject existing = await fixture.LoadAsync(id);
        existing.Attributes.Set(Tag.UsageLimits, TtlvNode.Structure(Tag.UsageLimits,
            TtlvNode.LongInteger(Tag.UsageLimitsTotal, 100), TtlvNode.LongInteger(Tag.UsageLimitsCount, 3), TtlvNode.Enumeration(Tag.UsageLimitsUnit, (uint)UsageLimitsUnit.Object)));
        await fixture.Store.CommitAsync(new Ports.ObjectChangeSet { Updates = { existing } }, CancellationToken.None);

        ManagedObject replacement = await ReKeyAsync(fixture, id, null, Comment("new"));

        Assert.Equal(100, UsageLimitsValue.Read(replacement)!.Value.Remaining);
        Assert.Equal("new", replacement.Attributes.GetText(Tag.Comment));
    }

    [Theory]
    [InlineData("2.1", ResultReason.IllegalObjectType)]
    [InlineData("1.2", ResultReason.InvalidField)]
    public async Task ReKey_refuses_what_is_not_a_symmetric_key(string version, ResultReason expected)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ProtocolVersion protocol = version == "2.1" ? ProtocolVersion.V2_1 : ProtocolVersion.V1_2;
        ManagedObject secret = await fixture.StoreAsync(TestObjects.Key(fixture, State.Active, ObjectType.SecretData));

        KmipException refused = await Refused(new ReKeyHandler(), new ReKeyRequestPayload { UniqueIdentifier = secret.Id }, fixture.Context(version: protocol));

        Assert.Equal(expected, refused.Reason);
    }

    [Fact]
    public async Task The_server_rotates_a_key_whose_policy_says_so_when_the_interval_has_passed()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        DateTimeOffset start = fixture.Clock.UtcNow;
        string id = await CreateAes256Async(fixture, null, Name("orders"), Date(Tag.ActivationDate, start),
            new KmipAttribute(Tag.RotateAutomatic, TtlvNode.Boolean(Tag.RotateAutomatic, true)),
            new KmipAttribute(Tag.RotateInterval, TtlvNode.Interval(Tag.RotateInterval, 86_400)));
        string untouched = await CreateAes256Async(fixture, null, Date(Tag.ActivationDate, start),
            new KmipAttribute(Tag.RotateInterval, TtlvNode.Interval(Tag.RotateInterval, 86_400)));
        var scheduler = new LifecycleScheduler(fixture.Services, NullLogger<LifecycleScheduler>.Instance);

        fixture.Clock.Advance(TimeSpan.FromHours(23));
        LifecycleSweep early = await scheduler.RunOnceAsync(CancellationToken.None);
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        LifecycleSweep due = await scheduler.RunOnceAsync(CancellationToken.None);
        ManagedObject first = await fixture.LoadAsync(id);
        string secondId = LinkOf(first, LinkType.ReplacementObjectLink)!;
        ManagedObject second = await fixture.LoadAsync(secondId);
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        LifecycleSweep next = await scheduler.RunOnceAsync(CancellationToken.None);
        ManagedObject third = await fixture.LoadAsync(LinkOf(await fixture.LoadAsync(secondId), LinkType.ReplacementObjectLink)!);

        Assert.Equal(0, early.Rotated);
        Assert.Equal(1, due.Rotated);
        Assert.Equal(1, next.Rotated);
        Assert.Equal(State.Active, second.State);
        Assert.Equal(start.AddDays(1), second.Attributes.GetDateTime(Tag.ActivationDate));
        Assert.Equal(start.AddDays(1), second.Attributes.GetDateTime(Tag.RotateDate));
        Assert.Equal("orders", second.Attributes.GetFirst(Tag.Name)!.Find(Tag.NameValue)!.TextStringValue);
        Assert.True(second.Attributes.GetFirst(Tag.RotateAutomatic)!.BooleanValue);
        Assert.Equal(2, third.Attributes.GetInteger(Tag.RotateGeneration));
        Assert.Equal(secondId, LinkOf(third, LinkType.ReplacedObjectLink));
        Assert.Single((await fixture.LoadAsync(id)).Attributes.Get(Tag.Link));
        Assert.Null(LinkOf(await fixture.LoadAsync(untouched), LinkType.ReplacementObjectLink));
        Assert.Equal(4, await fixture.Store.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Rotate_Offset_sets_the_first_rotation_after_the_Initial_Date_then_the_interval_counts_from_each_rotation()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        DateTimeOffset start = fixture.Clock.UtcNow;
        string id = await CreateAes256Async(fixture, null, Date(Tag.ActivationDate, start),
            new KmipAttribute(Tag.RotateAutomatic, TtlvNode.Boolean(Tag.RotateAutomatic, true)),
            new KmipAttribute(Tag.RotateInterval, TtlvNode.Interval(Tag.RotateInterval, 3600)),
            new KmipAttribute(Tag.RotateOffset, TtlvNode.Interval(Tag.RotateOffset, 600)));
        var scheduler = new LifecycleScheduler(fixture.Services, NullLogger<LifecycleScheduler>.Instance);

        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        LifecycleSweep first = await scheduler.RunOnceAsync(CancellationToken.None);
        string replacementId = LinkOf(await fixture.LoadAsync(id), LinkType.ReplacementObjectLink)!;
        fixture.Clock.Advance(TimeSpan.FromMinutes(59));
        LifecycleSweep early = await scheduler.RunOnceAsync(CancellationToken.None);
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        LifecycleSweep second = await scheduler.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, first.Rotated);
        Assert.Equal(State.Active, (await fixture.LoadAsync(replacementId)).State);
        Assert.Equal(start.AddMinutes(10), (await fixture.LoadAsync(replacementId)).Attributes.GetDateTime(Tag.ActivationDate));
        Assert.Equal(0, early.Rotated);
        Assert.Equal(1, second.Rotated);
    }
}
