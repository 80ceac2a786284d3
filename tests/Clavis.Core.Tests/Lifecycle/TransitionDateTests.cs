using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Core.Operations;
using Clavis.Core.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Tests.Lifecycle;

/// <summary>The date attributes each transition sets (KMIP 2.1 §4.57 and the operations of §6.1).</summary>
public sealed class TransitionDateTests
{
    [Fact]
    public async Task Activate_sets_the_Activation_Date_and_Last_Change_Date_to_now()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = await fixture.StoreAsync(TestObjects.Key(fixture));
        fixture.Clock.Advance(TimeSpan.FromMinutes(5));

        await Run(fixture, "Activate", key.Id);

        ManagedObject after = await fixture.LoadAsync(key.Id);
        Assert.Equal(fixture.Clock.UtcNow, after.Attributes.GetDateTime(Tag.ActivationDate));
        Assert.Equal(fixture.Clock.UtcNow, after.Attributes.GetDateTime(Tag.LastChangeDate));
    }

    [Fact]
    public async Task Revoke_for_compromise_sets_Compromise_Date_and_defaults_the_occurrence_to_the_Initial_Date()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = await fixture.StoreAsync(TestObjects.Key(fixture, State.Active));
        DateTimeOffset initial = fixture.Clock.UtcNow;
        fixture.Clock.Advance(TimeSpan.FromDays(3));

        await Run(fixture, "RevokeCompromise", key.Id);

        ManagedObject after = await fixture.LoadAsync(key.Id);
        Assert.Equal(fixture.Clock.UtcNow, after.Attributes.GetDateTime(Tag.CompromiseDate));
        Assert.Equal(initial, after.Attributes.GetDateTime(Tag.CompromiseOccurrenceDate));
        Assert.Equal((uint)RevocationReasonCode.KeyCompromise, after.Attributes.GetFirst(Tag.RevocationReason)!.Find(Tag.RevocationReasonCode)!.EnumerationValue);
    }

    [Fact]
    public async Task Revoke_keeps_the_given_Compromise_Occurrence_Date_and_the_revocation_message()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = await fixture.StoreAsync(TestObjects.Key(fixture, State.Active));
        DateTimeOffset occurred = fixture.Clock.UtcNow.AddHours(-6);
        var payload = new RevokeRequestPayload
        {
            UniqueIdentifier = key.Id,
            RevocationReason = new RevocationReason { RevocationReasonCode = RevocationReasonCode.KeyCompromise, RevocationMessage = "laptop stolen" },
            CompromiseOccurrenceDate = occurred,
        };

        OperationOutcome outcome = await StateTransitionTableTests.RunAsync(fixture, new Core.Operations.Handlers.RevokeHandler(), payload);

        Assert.Equal(ResultStatus.Success, outcome.Status);
        ManagedObject after = await fixture.LoadAsync(key.Id);
        Assert.Equal(occurred, after.Attributes.GetDateTime(Tag.CompromiseOccurrenceDate));
        Assert.Equal("laptop stolen", after.Attributes.GetFirst(Tag.RevocationReason)!.Find(Tag.RevocationMessage)!.TextStringValue);
    }

    [Fact]
    public async Task Revoke_for_another_reason_sets_the_Deactivation_Date()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = await fixture.StoreAsync(TestObjects.Key(fixture, State.Active));
        fixture.Clock.Advance(TimeSpan.FromHours(1));

        await Run(fixture, "RevokeCessation", key.Id);

        Assert.Equal(fixture.Clock.UtcNow, (await fixture.LoadAsync(key.Id)).Attributes.GetDateTime(Tag.DeactivationDate));
    }

    [Fact]
    public async Task Destroy_erases_the_material_keeps_the_metadata_and_sets_the_Destroy_Date()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = await fixture.StoreAsync(TestObjects.Key(fixture).WithName("payroll"));
        fixture.Clock.Advance(TimeSpan.FromHours(2));

        await Run(fixture, "Destroy", key.Id);

        ManagedObject after = await fixture.LoadAsync(key.Id);
        Assert.Null(after.Material);
        Assert.Equal(fixture.Clock.UtcNow, after.Attributes.GetDateTime(Tag.DestroyDate));
        Assert.Equal("payroll", after.Attributes.GetFirst(Tag.Name)!.Find(Tag.NameValue)!.TextStringValue);
    }

    [Fact]
    public async Task Archive_sets_the_Archive_Date_and_Recover_removes_it()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = await fixture.StoreAsync(TestObjects.Key(fixture, State.Active));

        await Run(fixture, "Archive", key.Id);
        DateTimeOffset archivedAt = fixture.Clock.UtcNow;
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        await Run(fixture, "Archive", key.Id);
        Assert.Equal(archivedAt, (await fixture.LoadAsync(key.Id)).Attributes.GetDateTime(Tag.ArchiveDate));

        await Run(fixture, "Recover", key.Id);
        ManagedObject recovered = await fixture.LoadAsync(key.Id);
        Assert.False(ObjectArchival.IsArchived(recovered));
        Assert.Equal(fixture.Clock.UtcNow, recovered.Attributes.GetDateTime(Tag.LastChangeDate));
    }

    [Fact]
    public async Task A_handler_reading_an_object_past_its_Activation_Date_stores_the_Active_state()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = await fixture.StoreAsync(TestObjects.Key(fixture)
            .With(TtlvNode.DateTime(Tag.ActivationDate, DateTimeOffset.UnixEpoch.AddYears(56))));
        fixture.Clock.Advance(TimeSpan.FromDays(365 * 2));

        await Run(fixture, "ObtainLease", key.Id);

        Assert.Equal(State.Active, (await fixture.LoadAsync(key.Id)).State);
    }

    private static async Task Run(CoreFixture fixture, string operation, string id)
    {
        var (handler, payload) = StateTransitionTableTests.Request(operation, id);
        OperationOutcome outcome = await StateTransitionTableTests.RunAsync(fixture, handler, payload);
        Assert.True(outcome.Status == ResultStatus.Success, outcome.Message);
    }
}
