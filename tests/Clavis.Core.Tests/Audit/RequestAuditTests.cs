using Clavis.Core.Administration;
using Clavis.Core.Audit;
using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Core.Operations;
using Clavis.Core.Operations.Handlers;
using Clavis.Core.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;
using Microsoft.Extensions.Logging.Abstractions;
using static Clavis.Core.Tests.Operations.ObjectRequests;

namespace Clavis.Core.Tests.Audit;

public sealed class RequestAuditTests
{
    [Fact]
    public async Task Every_batch_item_gets_a_record_with_who_what_and_how_it_ended()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        RequestMessage request = Message(BatchErrorContinuationOption.Continue,
            CreateAes256(), new GetAttributesRequestPayload(), new GetRequestPayload { UniqueIdentifier = "no-such-object" });

        ResponseMessage response = await Execute(fixture, request);

        string id = ((CreateResponsePayload)response.BatchItems[0].Payload!).UniqueIdentifier!;
        IReadOnlyList<AuditRecord> records = fixture.Store.AuditRecords;
        Assert.Equal(3, records.Count);
        Assert.All(records, r =>
        {
            Assert.Equal("alice", r.Principal);
            Assert.Equal("AA", r.CertificateFingerprint);
            Assert.Equal("127.0.0.1", r.ClientAddress);
            Assert.Equal(7, r.SessionId);
            Assert.Equal(AuditSource.KmipRequest, r.Source);
            Assert.Equal("node-1", r.NodeId);
            Assert.Equal(records[0].RequestId, r.RequestId);
        });
        Assert.Equal([0, 1, 2], records.Select(r => r.BatchItemIndex!.Value));
        Assert.Equal(["Create", "GetAttributes", "Get"], records.Select(r => r.Operation));
        Assert.Equal([id], records[0].ObjectIds);
        Assert.Equal("SymmetricKey", records[0].ObjectType);
        Assert.Equal("AES", records[0].CryptographicAlgorithm);
        Assert.Equal(256, records[0].CryptographicLength);
        Assert.Equal((int)(CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt), records[0].CryptographicUsageMask);
        Assert.Equal("PreActive", records[0].State);
        Assert.Equal("Success", records[1].ResultStatus);
        Assert.Equal([id], records[1].ObjectIds);
        Assert.Equal("OperationFailed", records[2].ResultStatus);
        Assert.Equal("ItemNotFound", records[2].ResultReason);
        Assert.Equal(["no-such-object"], records[2].ObjectIds);
        Assert.Null(records[2].DataSize);
    }

    [Fact]
    public async Task Alike_successful_items_in_a_row_share_one_record_and_a_refusal_or_a_change_ends_the_run()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string id = await CreateAes256Async(fixture);
        int before = fixture.Store.AuditRecords.Count;
        var read = new GetAttributesRequestPayload { UniqueIdentifier = id };
        RequestMessage request = Message(BatchErrorContinuationOption.Continue,
            read, read, read, new GetAttributesRequestPayload { UniqueIdentifier = "no-such-object" }, new GetAttributesRequestPayload { UniqueIdentifier = "no-such-object" },
            read, read, new ActivateRequestPayload { UniqueIdentifier = id }, read);

        ResponseMessage response = await Execute(fixture, request);

        Assert.All(response.BatchItems.Where((_, i) => i is not (3 or 4)), item => Assert.Equal(ResultStatus.Success, item.ResultStatus));
        AuditRecord[] records = [.. fixture.Store.AuditRecords.Skip(before)];
        Assert.Equal(
            [("GetAttributes", "Success", 0, 3), ("GetAttributes", "OperationFailed", 3, 1), ("GetAttributes", "OperationFailed", 4, 1),
             ("GetAttributes", "Success", 5, 2), ("Activate", "Success", 7, 1), ("GetAttributes", "Success", 8, 1)],
            records.Select(r => (r.Operation, r.ResultStatus, r.BatchItemIndex!.Value, r.Items)));
        Assert.Equal([3, null, null, 2, null, null], records.Select(r => r.BatchItemCount));
        Assert.Equal(["PreActive", "Active", "Active"], records.Where(r => r.ResultStatus == "Success").Skip(1).Select(r => r.State));
        Assert.Single(records.Select(r => r.RequestId).Distinct());
    }

    [Fact]
    public async Task A_change_and_its_record_commit_together_and_reads_add_no_object_commit()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string id = await CreateAes256Async(fixture);
        int before = fixture.Store.CommitCount;

        await Execute(fixture, Message(null, new GetAttributesRequestPayload { UniqueIdentifier = id }));
        await Execute(fixture, Message(null, new ActivateRequestPayload { UniqueIdentifier = id }));

        Assert.Equal(before + 1, fixture.Store.CommitCount);
        Assert.Equal(["GetAttributes", "Activate"], fixture.Store.AuditRecords.Select(r => r.Operation));
        Assert.Equal("Active", fixture.Store.AuditRecords[1].State);
    }

    [Fact]
    public async Task When_the_journal_cannot_be_written_the_change_does_not_happen_and_the_client_gets_General_Failure()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        fixture.Store.FailAuditWrites = true;

        ResponseMessage created = await Execute(fixture, Message(null, CreateAes256()));
        ResponseMessage read = await Execute(fixture, Message(null, new QueryRequestPayload { QueryFunction = [QueryFunction.QueryOperations] }));

        ResponseBatchItem item = Assert.Single(created.BatchItems);
        Assert.Equal(ResultStatus.OperationFailed, item.ResultStatus);
        Assert.Equal(ResultReason.GeneralFailure, item.ResultReason);
        Assert.Null(item.Payload);
        Assert.Equal(0, await fixture.Store.CountAsync(CancellationToken.None));
        ResponseBatchItem query = Assert.Single(read.BatchItems);
        Assert.Equal(ResultReason.GeneralFailure, query.ResultReason);
        Assert.Contains("audit journal", query.ResultMessage, StringComparison.Ordinal);
        Assert.Null(query.Payload);
    }

    [Fact]
    public async Task An_undone_batch_records_each_item_as_Undone_and_the_failure_as_failed()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        var failing = new AddAttributeRequestPayload { NewAttribute = Algorithm(CryptographicAlgorithm.AES) };

        await Execute(fixture, Message(BatchErrorContinuationOption.Undo, CreateAes256(), failing));

        Assert.Equal(["OperationUndone", "OperationFailed"], fixture.Store.AuditRecords.Select(r => r.ResultStatus));
        Assert.Equal("AttributeReadOnly", fixture.Store.AuditRecords[1].ResultReason);
    }

    [Theory]
    [InlineData(BatchErrorContinuationOption.Stop)]
    [InlineData(BatchErrorContinuationOption.Undo)]
    public async Task An_asynchronous_item_is_recorded_once_as_Pending_and_once_when_it_finishes(BatchErrorContinuationOption continuation)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        RequestMessage request = Message(continuation, CreateAes256());
        request.Header.AsynchronousIndicator = AsynchronousIndicator.Mandatory;
        var asynchronous = new AsynchronousOperations();
        var executor = new BatchExecutor([.. ObjectHandlers.All()], fixture.Services, asynchronous, NullLogger<BatchExecutor>.Instance);

        ResponseMessage response = await executor.ExecuteAsync(request, Context(fixture), CancellationToken.None);
        Assert.Equal(ResultStatus.OperationPending, Assert.Single(response.BatchItems).ResultStatus);
        for (int i = 0; i < 200 && fixture.Store.AuditRecords.Count < 2; i++)
        {
            await Task.Delay(10);
        }

        // The detached item may finish before the Pending answer's record commits: either order is commit order.
        Assert.Equal(["OperationPending", "Success"], fixture.Store.AuditRecords.Select(r => r.ResultStatus).Order(StringComparer.Ordinal));
        Assert.Equal([0, 0], fixture.Store.AuditRecords.Select(r => r.BatchItemIndex!.Value));
        Assert.Single(fixture.Store.AuditRecords.Select(r => r.RequestId).Distinct());
    }

    [Fact]
    public async Task An_unsupported_protocol_version_and_an_unknown_operation_are_recorded_as_refused()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        var old = new RequestMessage(new RequestHeader { ProtocolVersion = new ProtocolVersion(0, 9) });
        old.BatchItems.Add(new RequestBatchItem(CreateAes256()));

        await fixture.Executor([.. ObjectHandlers.All()]).ExecuteAsync(old, new RequestContext(CoreFixture.Alice, new ProtocolVersion(0, 9), fixture.Clock.UtcNow, 7, "127.0.0.1"), CancellationToken.None);
        await fixture.Executor(new GetHandler()).ExecuteAsync(Message(null, CreateAes256()), Context(fixture), CancellationToken.None);

        Assert.Equal(["InvalidMessage", "OperationNotSupported"], fixture.Store.AuditRecords.Select(r => r.ResultReason));
    }

    [Fact]
    public async Task Records_never_hold_key_material_even_of_a_registered_key()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        byte[] key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var register = new RegisterRequestPayload { ObjectType = ObjectType.SymmetricKey, Object = RawAesKey(key), Attributes = [Usage(CryptographicUsageMask.Encrypt)] };

        ResponseMessage registered = await Execute(fixture, Message(null, register));
        string id = ((RegisterResponsePayload)registered.BatchItems[0].Payload!).UniqueIdentifier!;
        await Execute(fixture, Message(null, new GetRequestPayload { UniqueIdentifier = id }));

        Assert.Equal(2, fixture.Store.AuditRecords.Count);
        foreach (AuditRecord record in fixture.Store.AuditRecords)
        {
            byte[] encoded = AuditRecordCodec.Link("node-1", 1, AuditRecordCodec.GenesisHash, AuditRecordCodec.EncodeBody(record)).Encoded;
            Assert.False(encoded.AsSpan().IndexOf(key.AsSpan(0, 16)) >= 0, "raw key bytes in a record");
            string text = System.Text.Encoding.UTF8.GetString(encoded);
            Assert.DoesNotContain(Convert.ToHexString(key)[..16], text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Convert.ToBase64String(key)[..16], text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_scheduler_records_each_transition_it_makes()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = await fixture.StoreAsync(TestObjects.Key(fixture).With(TtlvNode.DateTime(Tag.ActivationDate, fixture.Clock.UtcNow.AddMinutes(1))));
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));

        await new LifecycleScheduler(fixture.Services, NullLogger<LifecycleScheduler>.Instance).RunOnceAsync(CancellationToken.None);

        AuditRecord record = Assert.Single(fixture.Store.AuditRecords);
        Assert.Equal(AuditSource.Server, record.Source);
        Assert.Equal("ScheduledTransition", record.Operation);
        Assert.Equal([key.Id], record.ObjectIds);
        Assert.Equal("Active", record.State);
        Assert.Null(record.Principal);
        Assert.Contains("PreActive -> Active", record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_automatic_rotation_commits_with_a_record_naming_the_key_and_its_replacement()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string id = await CreateAes256Async(fixture, null,
            new KmipAttribute(Tag.ActivationDate, TtlvNode.DateTime(Tag.ActivationDate, fixture.Clock.UtcNow)),
            new KmipAttribute(Tag.RotateAutomatic, TtlvNode.Boolean(Tag.RotateAutomatic, true)),
            new KmipAttribute(Tag.RotateInterval, TtlvNode.Interval(Tag.RotateInterval, 3600)));
        fixture.Clock.Advance(TimeSpan.FromHours(1));

        LifecycleSweep sweep = await new LifecycleScheduler(fixture.Services, NullLogger<LifecycleScheduler>.Instance).RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, sweep.Rotated);
        AuditRecord record = Assert.Single(fixture.Store.AuditRecords, r => r.Operation == "AutomaticRotation");
        Assert.Equal(AuditSource.Server, record.Source);
        Assert.Equal(2, record.ObjectIds.Count);
        Assert.Equal(id, record.ObjectIds[0]);
        Assert.Equal(("AES", 256), (record.CryptographicAlgorithm, record.CryptographicLength));
        Assert.Contains(record.ObjectIds[1], record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Administrator_actions_are_recorded_allowed_and_refused()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string id = await CreateAes256Async(fixture);
        var administration = new ObjectAdministration(fixture.Services);

        await administration.SuspendAsync(id, "incident 12", CoreFixture.Admin, CancellationToken.None);
        await Assert.ThrowsAsync<KmipException>(() => administration.ResumeAsync(id, CoreFixture.Alice, CancellationToken.None));
        await Assert.ThrowsAsync<KmipException>(() => new MasterKeyAdministration(fixture.Services).RotateAsync(CoreFixture.Alice, CancellationToken.None));

        IReadOnlyList<AuditRecord> records = fixture.Store.AuditRecords;
        Assert.Equal(["Suspend", "Resume", "RotateMasterKey"], records.Select(r => r.Operation));
        Assert.All(records, r => Assert.Equal(AuditSource.Administrator, r.Source));
        Assert.Equal(("admin", "Success"), (records[0].Principal, records[0].ResultStatus));
        Assert.Equal(("alice", "PermissionDenied"), (records[1].Principal, records[1].ResultReason));
        Assert.Equal("PermissionDenied", records[2].ResultReason);
    }

    private static Task<ResponseMessage> Execute(CoreFixture fixture, RequestMessage request) =>
        fixture.Executor([.. ObjectHandlers.All(), new ActivateHandler(), new QueryHandler(() => [Operation.Create])]).ExecuteAsync(request, Context(fixture), CancellationToken.None);

    private static RequestContext Context(CoreFixture fixture) => new(CoreFixture.Alice, ProtocolVersion.V2_1, fixture.Clock.UtcNow, 7, "127.0.0.1");

    private static RequestMessage Message(BatchErrorContinuationOption? continuation, params RequestPayload[] payloads)
    {
        var message = new RequestMessage(new RequestHeader { ProtocolVersion = ProtocolVersion.V2_1, BatchErrorContinuationOption = continuation });
        message.BatchItems.AddRange(payloads.Select(p => new RequestBatchItem(p)));
        return message;
    }
}
