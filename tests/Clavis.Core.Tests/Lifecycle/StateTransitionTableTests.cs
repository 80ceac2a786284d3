using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Core.Operations;
using Clavis.Core.Operations.Handlers;
using Clavis.Core.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Tests.Lifecycle;

/// <summary>
/// Every KMIP state × every life-cycle request, through the handlers (KMIP 2.1 §4.57 transition table):
/// the new state, or the exact Result Reason and an unchanged stored object.
/// </summary>
public sealed class StateTransitionTableTests
{
    private const ResultReason Wrong = ResultReason.WrongKeyLifecycleState;

    public static TheoryData<State, string, State?, ResultReason?> Table => new()
    {
        { State.PreActive, "Activate", State.Active, null },
        { State.PreActive, "RevokeCompromise", State.Compromised, null },
        { State.PreActive, "RevokeCessation", null, Wrong },
        { State.PreActive, "Destroy", State.Destroyed, null },
        { State.PreActive, "Archive", State.PreActive, null },
        { State.PreActive, "Recover", State.PreActive, null },
        { State.PreActive, "ObtainLease", null, ResultReason.PermissionDenied },
        { State.PreActive, "Check", null, ResultReason.PermissionDenied },

        { State.Active, "Activate", null, Wrong },
        { State.Active, "RevokeCompromise", State.Compromised, null },
        { State.Active, "RevokeCessation", State.Deactivated, null },
        { State.Active, "Destroy", null, Wrong },
        { State.Active, "Archive", State.Active, null },
        { State.Active, "Recover", State.Active, null },
        { State.Active, "ObtainLease", State.Active, null },
        { State.Active, "Check", State.Active, null },

        { State.Deactivated, "Activate", null, Wrong },
        { State.Deactivated, "RevokeCompromise", State.Compromised, null },
        { State.Deactivated, "RevokeCessation", null, Wrong },
        { State.Deactivated, "Destroy", State.Destroyed, null },
        { State.Deactivated, "Archive", State.Deactivated, null },
        { State.Deactivated, "Recover", State.Deactivated, null },
        { State.Deactivated, "ObtainLease", State.Deactivated, null },
        { State.Deactivated, "Check", null, ResultReason.PermissionDenied },

        { State.Compromised, "Activate", null, Wrong },
        { State.Compromised, "RevokeCompromise", State.Compromised, null },
        { State.Compromised, "RevokeCessation", null, Wrong },
        { State.Compromised, "Destroy", State.DestroyedCompromised, null },
        { State.Compromised, "Archive", State.Compromised, null },
        { State.Compromised, "Recover", State.Compromised, null },
        { State.Compromised, "ObtainLease", State.Compromised, null },
        { State.Compromised, "Check", null, ResultReason.PermissionDenied },

        { State.Destroyed, "Activate", null, Wrong },
        { State.Destroyed, "RevokeCompromise", State.DestroyedCompromised, null },
        { State.Destroyed, "RevokeCessation", null, Wrong },
        { State.Destroyed, "Destroy", null, Wrong },
        { State.Destroyed, "Archive", State.Destroyed, null },
        { State.Destroyed, "Recover", State.Destroyed, null },
        { State.Destroyed, "ObtainLease", null, ResultReason.PermissionDenied },
        { State.Destroyed, "Check", null, ResultReason.PermissionDenied },

        { State.DestroyedCompromised, "Activate", null, Wrong },
        { State.DestroyedCompromised, "RevokeCompromise", State.DestroyedCompromised, null },
        { State.DestroyedCompromised, "RevokeCessation", null, Wrong },
        { State.DestroyedCompromised, "Destroy", null, Wrong },
        { State.DestroyedCompromised, "Archive", State.DestroyedCompromised, null },
        { State.DestroyedCompromised, "Recover", State.DestroyedCompromised, null },
        { State.DestroyedCompromised, "ObtainLease", null, ResultReason.PermissionDenied },
        { State.DestroyedCompromised, "Check", null, ResultReason.PermissionDenied },
    };

    public static TheoryData<State, string, bool> SuspensionTable => new()
    {
        { State.PreActive, "Suspend", true },
        { State.Active, "Suspend", true },
        { State.Deactivated, "Suspend", false },
        { State.Compromised, "Suspend", false },
        { State.Destroyed, "Suspend", false },
        { State.DestroyedCompromised, "Suspend", false },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Each_state_answers_each_request_as_the_transition_table_says(State from, string operation, State? expected, ResultReason? reason)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject stored = await fixture.StoreAsync(TestObjects.Key(fixture, from));
        (IOperationHandler handler, RequestPayload payload) = Request(operation, stored.Id);

        OperationOutcome outcome = await RunAsync(fixture, handler, payload);

        ManagedObject after = await fixture.LoadAsync(stored.Id);
        if (reason is null)
        {
            Assert.Equal(ResultStatus.Success, outcome.Status);
            Assert.Equal(expected, after.State);
        }
        else
        {
            Assert.Equal(ResultStatus.OperationFailed, outcome.Status);
            Assert.Equal(reason, outcome.Reason);
            Assert.Equal(from, after.State);
            Assert.Equal(stored.Version, after.Version);
        }
    }

    [Theory]
    [MemberData(nameof(SuspensionTable))]
    public void Only_objects_that_could_be_used_can_be_suspended(State from, string operation, bool allowed)
    {
        Assert.Equal("Suspend", operation);
        var managedObject = new ManagedObject("o", ObjectType.SymmetricKey, from, new AttributeSet());
        DateTimeOffset now = DateTimeOffset.UnixEpoch.AddDays(1);
        if (allowed)
        {
            ObjectSuspension.Suspend(managedObject, "incident 42", now);
            Assert.True(ObjectSuspension.IsSuspended(managedObject));
            Assert.Equal(from, managedObject.State);
        }
        else
        {
            KmipException refused = Assert.Throws<KmipException>(() => ObjectSuspension.Suspend(managedObject, "incident 42", now));
            Assert.Equal(ResultReason.WrongKeyLifecycleState, refused.Reason);
            Assert.False(ObjectSuspension.IsSuspended(managedObject));
        }
    }

    [Theory]
    [InlineData("Activate")]
    [InlineData("RevokeCompromise")]
    [InlineData("Destroy")]
    [InlineData("Check")]
    [InlineData("ObtainLease")]
    public async Task Archived_objects_answer_Object_Archived_until_recovered(string operation)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject managedObject = TestObjects.Key(fixture, State.PreActive);
        ObjectArchival.Archive(managedObject, fixture.Clock.UtcNow);
        await fixture.StoreAsync(managedObject);
        (IOperationHandler handler, RequestPayload payload) = Request(operation, managedObject.Id);

        OperationOutcome outcome = await RunAsync(fixture, handler, payload);

        Assert.Equal(ResultReason.ObjectArchived, outcome.Reason);
    }

    internal static (IOperationHandler Handler, RequestPayload Payload) Request(string operation, string? id) => operation switch
    {
        "Activate" => (new ActivateHandler(), new ActivateRequestPayload { UniqueIdentifier = id }),
        "RevokeCompromise" => (new RevokeHandler(), new RevokeRequestPayload { UniqueIdentifier = id, RevocationReason = new RevocationReason { RevocationReasonCode = RevocationReasonCode.KeyCompromise } }),
        "RevokeCessation" => (new RevokeHandler(), new RevokeRequestPayload { UniqueIdentifier = id, RevocationReason = new RevocationReason { RevocationReasonCode = RevocationReasonCode.CessationOfOperation } }),
        "Destroy" => (new DestroyHandler(), new DestroyRequestPayload { UniqueIdentifier = id }),
        "Archive" => (new ArchiveHandler(), new ArchiveRequestPayload { UniqueIdentifier = id }),
        "Recover" => (new RecoverHandler(), new RecoverRequestPayload { UniqueIdentifier = id }),
        "Check" => (new CheckHandler(), new CheckRequestPayload { UniqueIdentifier = id }),
        "ObtainLease" => (new ObtainLeaseHandler(), new ObtainLeaseRequestPayload { UniqueIdentifier = id }),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    internal static async Task<OperationOutcome> RunAsync(CoreFixture fixture, IOperationHandler handler, RequestPayload payload, ProtocolVersion? version = null)
    {
        var request = new RequestMessage(new RequestHeader { ProtocolVersion = version ?? ProtocolVersion.V2_1 });
        request.BatchItems.Add(new RequestBatchItem(payload));
        ResponseMessage response = await fixture.Executor(handler).ExecuteAsync(request, new RequestContext(CoreFixture.Alice, request.Header.ProtocolVersion, fixture.Clock.UtcNow, 1, null), CancellationToken.None);
        ResponseBatchItem item = Assert.Single(response.BatchItems);
        return new OperationOutcome(item.ResultStatus, item.ResultReason, item.ResultMessage, item.Payload);
    }
}
