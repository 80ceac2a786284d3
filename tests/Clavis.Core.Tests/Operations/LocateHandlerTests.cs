using Clavis.Core.Operations;
using Clavis.Core.Operations.Handlers;
using Clavis.Core.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Tests.Operations;

public sealed class LocateHandlerTests
{
    [Fact]
    public async Task Results_come_in_creation_order_with_offset_maximum_and_the_total_count()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        var ids = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            ids.Add((await fixture.StoreAsync(TestObjects.Key(fixture).WithName("batch"))).Id);
        }

        LocateResponsePayload page = await LocateAsync(fixture, new LocateRequestPayload { OffsetItems = 1, MaximumItems = 2, Attributes = [NameAttribute("batch")] });

        Assert.Equal(ids[1..3], page.UniqueIdentifier);
        Assert.Equal(5, page.LocatedItems);
    }

    [Fact]
    public async Task Clients_find_only_their_own_objects_and_administrators_find_all()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject mine = await fixture.StoreAsync(TestObjects.Key(fixture));
        await fixture.StoreAsync(TestObjects.Key(fixture, owner: "bob"));

        Assert.Equal([mine.Id], (await LocateAsync(fixture, new LocateRequestPayload())).UniqueIdentifier);
        Assert.Equal(2, (await LocateAsync(fixture, new LocateRequestPayload(), CoreFixture.Admin)).UniqueIdentifier.Count);
    }

    [Fact]
    public async Task Archived_objects_are_found_only_when_the_mask_asks_for_archival_storage()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject online = await fixture.StoreAsync(TestObjects.Key(fixture));
        ManagedObject archived = TestObjects.Key(fixture);
        Core.Lifecycle.ObjectArchival.Archive(archived, fixture.Clock.UtcNow);
        await fixture.StoreAsync(archived);

        Assert.Equal([online.Id], (await LocateAsync(fixture, new LocateRequestPayload())).UniqueIdentifier);
        Assert.Equal([archived.Id], (await LocateAsync(fixture, new LocateRequestPayload { StorageStatusMask = StorageStatusMask.ArchivalStorage })).UniqueIdentifier);
        Assert.Equal(2, (await LocateAsync(fixture, new LocateRequestPayload { StorageStatusMask = StorageStatusMask.OnLineStorage | StorageStatusMask.ArchivalStorage })).UniqueIdentifier.Count);
    }

    [Fact]
    public async Task A_state_filter_finds_objects_whose_stored_state_lags_behind_their_dates()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject due = await fixture.StoreAsync(TestObjects.Key(fixture).With(TtlvNode.DateTime(Tag.ActivationDate, fixture.Clock.UtcNow.AddMinutes(1))));
        fixture.Clock.Advance(TimeSpan.FromMinutes(2));

        LocateResponsePayload found = await LocateAsync(fixture, new LocateRequestPayload { Attributes = [new KmipAttribute(Tag.State, TtlvNode.Enumeration(Tag.AttributeValue, (uint)State.Active))] });

        Assert.Equal([due.Id], found.UniqueIdentifier);
    }

    [Fact]
    public async Task Group_Member_Default_returns_the_newest_Active_object_of_the_group()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        TtlvNode group = TtlvNode.TextString(Tag.ObjectGroup, "db");
        await fixture.StoreAsync(TestObjects.Key(fixture, State.Active).With(group));
        ManagedObject newest = await fixture.StoreAsync(TestObjects.Key(fixture, State.Active).With(group));
        await fixture.StoreAsync(TestObjects.Key(fixture, State.PreActive).With(group));

        LocateResponsePayload found = await LocateAsync(fixture, new LocateRequestPayload
        {
            ObjectGroupMember = ObjectGroupMember.GroupMemberDefault,
            Attributes = [new KmipAttribute(Tag.ObjectGroup, TtlvNode.TextString(Tag.AttributeValue, "db"))],
        });

        Assert.Equal([newest.Id], found.UniqueIdentifier);
    }

    [Fact]
    public async Task Negative_Maximum_Items_is_an_Invalid_Field()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        OperationOutcome outcome = await Lifecycle.StateTransitionTableTests.RunAsync(fixture, new LocateHandler(), new LocateRequestPayload { MaximumItems = -1 });
        Assert.Equal(ResultReason.InvalidField, outcome.Reason);
    }

    internal static KmipAttribute NameAttribute(string name) =>
        new(Tag.Name, TtlvNode.Structure(Tag.AttributeValue, TtlvNode.TextString(Tag.NameValue, name), TtlvNode.Enumeration(Tag.NameType, (uint)NameType.UninterpretedTextString)));

    private static async Task<LocateResponsePayload> LocateAsync(CoreFixture fixture, LocateRequestPayload request, Core.Identity.ClientIdentity? identity = null)
    {
        IOperationHandler handler = new LocateHandler();
        return (LocateResponsePayload)await handler.HandleAsync(request, fixture.Context(identity), CancellationToken.None);
    }
}
