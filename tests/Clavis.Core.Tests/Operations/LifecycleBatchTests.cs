using Clavis.Core.Operations;
using Clavis.Core.Operations.Handlers;
using Clavis.Core.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Tests.Operations;

/// <summary>Life-cycle operations batched through the executor, as clients send them.</summary>
public sealed class LifecycleBatchTests
{
    [Fact]
    public async Task Locate_then_Activate_acts_on_the_one_located_object_through_the_ID_Placeholder()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = await fixture.StoreAsync(TestObjects.Key(fixture).WithName("only"));
        await fixture.StoreAsync(TestObjects.Key(fixture).WithName("other"));

        ResponseMessage response = await ExecuteAsync(fixture,
            new LocateRequestPayload { Attributes = [LocateHandlerTests.NameAttribute("only")] },
            new ActivateRequestPayload());

        Assert.All(response.BatchItems, item => Assert.Equal(ResultStatus.Success, item.ResultStatus));
        Assert.Equal(key.Id, ((ActivateResponsePayload)response.BatchItems[1].Payload!).UniqueIdentifier);
        Assert.Equal(State.Active, (await fixture.LoadAsync(key.Id)).State);
    }

    [Fact]
    public async Task Locate_of_several_objects_empties_the_ID_Placeholder_so_a_following_Activate_fails()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject first = await fixture.StoreAsync(TestObjects.Key(fixture).WithName("twin"));
        await fixture.StoreAsync(TestObjects.Key(fixture).WithName("twin"));

        ResponseMessage response = await ExecuteAsync(fixture,
            new LocateRequestPayload { Attributes = [LocateHandlerTests.NameAttribute("twin")] },
            new ActivateRequestPayload());

        Assert.Equal(ResultReason.ItemNotFound, response.BatchItems[1].ResultReason);
        Assert.Equal(State.PreActive, (await fixture.LoadAsync(first.Id)).State);
    }

    [Fact]
    public async Task Destroy_of_an_Active_key_is_Wrong_Key_Lifecycle_State_and_Revoke_then_Destroy_works()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = await fixture.StoreAsync(TestObjects.Key(fixture, State.Active));

        ResponseMessage refused = await ExecuteAsync(fixture, new DestroyRequestPayload { UniqueIdentifier = key.Id });
        Assert.Equal(ResultReason.WrongKeyLifecycleState, refused.BatchItems[0].ResultReason);
        Assert.NotNull((await fixture.LoadAsync(key.Id)).Material);

        ResponseMessage done = await ExecuteAsync(fixture,
            new RevokeRequestPayload { UniqueIdentifier = key.Id, RevocationReason = new RevocationReason { RevocationReasonCode = RevocationReasonCode.CessationOfOperation } },
            new DestroyRequestPayload { UniqueIdentifier = key.Id });
        Assert.All(done.BatchItems, item => Assert.Equal(ResultStatus.Success, item.ResultStatus));
        Assert.Equal(State.Destroyed, (await fixture.LoadAsync(key.Id)).State);
    }

    [Fact]
    public async Task Another_clients_object_cannot_be_revoked()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject bobs = await fixture.StoreAsync(TestObjects.Key(fixture, State.Active, owner: "bob"));

        ResponseMessage response = await ExecuteAsync(fixture,
            new RevokeRequestPayload { UniqueIdentifier = bobs.Id, RevocationReason = new RevocationReason { RevocationReasonCode = RevocationReasonCode.KeyCompromise } });

        Assert.Equal(ResultReason.PermissionDenied, response.BatchItems[0].ResultReason);
        Assert.Equal(State.Active, (await fixture.LoadAsync(bobs.Id)).State);
    }

    private static Task<ResponseMessage> ExecuteAsync(CoreFixture fixture, params RequestPayload[] payloads)
    {
        var request = new RequestMessage(new RequestHeader { ProtocolVersion = ProtocolVersion.V2_1 });
        request.BatchItems.AddRange(payloads.Select(p => new RequestBatchItem(p)));
        return fixture.Executor([.. LifecycleHandlers.Create()])
            .ExecuteAsync(request, new RequestContext(CoreFixture.Alice, ProtocolVersion.V2_1, fixture.Clock.UtcNow, 1, null), CancellationToken.None);
    }
}
