using Clavis.Core.Crypto;
using Clavis.Core.Keys;
using Clavis.Core.Operations;
using Clavis.Core.Operations.Handlers;
using Clavis.Core.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Tests.Keys;

/// <summary>
/// Uses that only read their key (Encrypt, Decrypt, Sign, MAC) see the unit of work's own view of it instead of a
/// working copy: what a copy-free read must still get right — nothing staged for a plain use, a count or a due
/// transition staged on a copy, and a change made earlier in the same request (Revoke, Destroy) seen by a later use.
/// </summary>
public sealed class ReadOnlyKeyUseTests
{
    private static readonly ObjectType[] Symmetric = [ObjectType.SymmetricKey];

    [Fact]
    public async Task A_plain_use_stages_nothing_and_gives_the_requests_own_view()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject stored = await fixture.StoreAsync(KeyUseTests.SymmetricKey(fixture, State.Active, CryptographicUsageMask.Encrypt));
        OperationContext context = fixture.Context();

        using UsableKey key = await KeyUse.AcquireAsync(context, stored.Id, Operation.Encrypt, CryptographicUsageMask.Encrypt, KeyPurpose.Protect, Symmetric, 1, CancellationToken.None, readOnly: true);

        Assert.False(context.Objects.HasChanges);
        Assert.Same(context.Objects.Peek(stored.Id), key.Object);
        Assert.Equal(stored.Id, key.Object.Id);
    }

    [Fact]
    public async Task Usage_Limits_are_counted_on_a_copy_durably_and_the_shared_view_is_left_alone()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject stored = await fixture.StoreAsync(KeyUseTests.SymmetricKey(fixture, State.Active, CryptographicUsageMask.Encrypt)
            .With(KeyUseTests.Limits(2, UsageLimitsUnit.Object)));

        for (int use = 1; use <= 3; use++)
        {
            OperationContext context = fixture.Context();
            ManagedObject? before = await context.Objects.ReadAsync(stored.Id, CancellationToken.None);
            TtlvNode limitsBefore = before!.Attributes.GetFirst(Tag.UsageLimits)!;
            long? countBefore = limitsBefore.Find(Tag.UsageLimitsCount)?.LongIntegerValue;
            try
            {
                using UsableKey key = await KeyUse.AcquireAsync(context, stored.Id, Operation.Encrypt, CryptographicUsageMask.Encrypt, KeyPurpose.Protect, Symmetric, 1, CancellationToken.None, readOnly: true);
                Assert.True(use <= 2, "the third use is past the total");
                Assert.NotSame(before, key.Object);
                Assert.True(context.Objects.HasChanges);
                Assert.Equal(countBefore, before.Attributes.GetFirst(Tag.UsageLimits)!.Find(Tag.UsageLimitsCount)?.LongIntegerValue);
                await context.Objects.CommitAsync(CancellationToken.None);
            }
            catch (KmipException refused)
            {
                Assert.Equal(3, use);
                Assert.Equal(ResultReason.UsageLimitExceeded, refused.Reason);
            }
        }

        ManagedObject reloaded = await fixture.LoadAsync(stored.Id);
        Assert.Equal(0, reloaded.Attributes.GetFirst(Tag.UsageLimits)!.Find(Tag.UsageLimitsCount)!.LongIntegerValue);
    }

    [Fact]
    public async Task A_due_activation_is_applied_on_a_copy_and_staged()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = KeyUseTests.SymmetricKey(fixture, State.PreActive, CryptographicUsageMask.Encrypt);
        key.Attributes.SetDateTime(Tag.ActivationDate, fixture.Clock.UtcNow.AddMinutes(-1));
        ManagedObject stored = await fixture.StoreAsync(key);
        OperationContext context = fixture.Context();
        ManagedObject? view = await context.Objects.ReadAsync(stored.Id, CancellationToken.None);

        using (UsableKey usable = await KeyUse.AcquireAsync(context, stored.Id, Operation.Encrypt, CryptographicUsageMask.Encrypt, KeyPurpose.Protect, Symmetric, 1, CancellationToken.None, readOnly: true))
        {
            Assert.Equal(State.Active, usable.Object.State);
        }

        Assert.Equal(State.PreActive, view!.State);
        await context.Objects.CommitAsync(CancellationToken.None);
        Assert.Equal(State.Active, (await fixture.LoadAsync(stored.Id)).State);
    }

    [Fact]
    public async Task Encrypt_after_Revoke_or_Destroy_in_the_same_message_is_refused()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = await fixture.StoreAsync(KeyUseTests.SymmetricKey(fixture, State.Active, CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt));
        var revoke = new RevokeRequestPayload { UniqueIdentifier = key.Id, RevocationReason = new RevocationReason { RevocationReasonCode = RevocationReasonCode.CessationOfOperation } };

        ResponseMessage response = await ExecuteAsync(fixture, Encrypt(key.Id), revoke, Encrypt(key.Id), new DestroyRequestPayload { UniqueIdentifier = key.Id }, Encrypt(key.Id));

        Assert.Equal(ResultStatus.Success, response.BatchItems[0].ResultStatus);
        Assert.Equal(ResultStatus.Success, response.BatchItems[1].ResultStatus);
        Assert.Equal(ResultReason.WrongKeyLifecycleState, response.BatchItems[2].ResultReason);
        Assert.Equal(ResultStatus.Success, response.BatchItems[3].ResultStatus);
        Assert.Equal(ResultStatus.OperationFailed, response.BatchItems[4].ResultStatus);

        // And in a later message, after the change committed.
        ResponseMessage later = await ExecuteAsync(fixture, Encrypt(key.Id));
        Assert.Equal(ResultStatus.OperationFailed, later.BatchItems[0].ResultStatus);
        Assert.Equal(State.Destroyed, (await fixture.LoadAsync(key.Id)).State);
    }

    [Fact]
    public async Task Encrypt_after_a_committed_Revoke_is_refused()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = await fixture.StoreAsync(KeyUseTests.SymmetricKey(fixture, State.Active, CryptographicUsageMask.Encrypt));

        Assert.Equal(ResultStatus.Success, (await ExecuteAsync(fixture, Encrypt(key.Id))).BatchItems[0].ResultStatus);
        await ExecuteAsync(fixture, new RevokeRequestPayload { UniqueIdentifier = key.Id, RevocationReason = new RevocationReason { RevocationReasonCode = RevocationReasonCode.KeyCompromise } });

        Assert.Equal(ResultReason.WrongKeyLifecycleState, (await ExecuteAsync(fixture, Encrypt(key.Id))).BatchItems[0].ResultReason);
    }

    [Fact]
    public async Task Get_clears_Fresh_on_a_staged_copy_and_a_second_Get_in_the_message_sees_it_cleared()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = KeyUseTests.SymmetricKey(fixture, State.Active, CryptographicUsageMask.Encrypt);
        key.Attributes.Set(Tag.Fresh, TtlvNode.Boolean(Tag.Fresh, true));
        await fixture.StoreAsync(key);
        long versionBefore = (await fixture.LoadAsync(key.Id)).Version;
        var request = new RequestMessage(new RequestHeader { ProtocolVersion = ProtocolVersion.V2_1 });
        request.BatchItems.Add(new RequestBatchItem(new GetRequestPayload { UniqueIdentifier = key.Id }));
        request.BatchItems.Add(new RequestBatchItem(new GetRequestPayload { UniqueIdentifier = key.Id }));

        ResponseMessage response = await fixture.Executor(new GetHandler())
            .ExecuteAsync(request, new RequestContext(CoreFixture.Alice, ProtocolVersion.V2_1, fixture.Clock.UtcNow, 1, null), CancellationToken.None);

        Assert.All(response.BatchItems, item => Assert.Equal(ResultStatus.Success, item.ResultStatus));
        ManagedObject stored = await fixture.LoadAsync(key.Id);
        Assert.False(stored.Attributes.GetFirst(Tag.Fresh)!.BooleanValue);
        // One change in all: the second Get found Fresh already cleared.
        Assert.Equal(versionBefore + 1, stored.Version);
    }

    private static EncryptRequestPayload Encrypt(string id) => new()
    {
        UniqueIdentifier = id,
        CryptographicParameters = new CryptographicParameters { BlockCipherMode = BlockCipherMode.GCM, TagLength = 16 },
        Data = new byte[64],
    };

    private static Task<ResponseMessage> ExecuteAsync(CoreFixture fixture, params RequestPayload[] payloads)
    {
        var request = new RequestMessage(new RequestHeader { ProtocolVersion = ProtocolVersion.V2_1, BatchErrorContinuationOption = BatchErrorContinuationOption.Continue });
        request.BatchItems.AddRange(payloads.Select(p => new RequestBatchItem(p)));
        IOperationHandler[] handlers = [.. LifecycleHandlers.Create(), new EncryptHandler(new CryptoStreamRegistry(new CryptoStreamOptions()))];
        return fixture.Executor(handlers)
            .ExecuteAsync(request, new RequestContext(CoreFixture.Alice, ProtocolVersion.V2_1, fixture.Clock.UtcNow, 1, null), CancellationToken.None);
    }
}

/// <summary>The key bodies one message's uses share.</summary>
public sealed class OpenedBodiesTests
{
    [Fact]
    public async Task The_same_material_is_opened_once_other_material_again_and_Erase_zeroes_every_body()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = KeyUseTests.SymmetricKey(fixture, State.Active, CryptographicUsageMask.Encrypt, [.. Enumerable.Range(1, 32).Select(i => (byte)i)]);
        ManagedObject resealed = KeyUseTests.SymmetricKey(fixture, State.Active, CryptographicUsageMask.Encrypt, [.. Enumerable.Range(1, 32).Select(i => (byte)i)]);
        var bodies = new OpenedBodies();

        (Clavis.Kmip.Messages.ManagedObject first, KeySchedules firstSchedules) = bodies.Open(fixture.Barrier, key.Id, key.Material!);
        (Clavis.Kmip.Messages.ManagedObject again, KeySchedules againSchedules) = bodies.Open(fixture.Barrier, key.Id, key.Material! with { });
        (Clavis.Kmip.Messages.ManagedObject other, KeySchedules otherSchedules) = bodies.Open(fixture.Barrier, resealed.Id, resealed.Material!);

        Assert.Same(first, again);
        Assert.NotSame(first, other);
        Assert.Same(firstSchedules, againSchedules);
        Assert.NotSame(firstSchedules, otherSchedules);
        byte[] material = Clavis.Core.Objects.ObjectBodyCodec.KeyBlockOf(first)!.KeyValue!.KeyMaterial!.ByteStringValue;
        Assert.Equal(1, material[0]);
        System.Security.Cryptography.AesGcm schedule = firstSchedules.Gcm(material, 16);
        Assert.Same(schedule, firstSchedules.Gcm(material, 16));
        Assert.NotSame(schedule, firstSchedules.Gcm(material, 12));
        bodies.Erase();
        Assert.All(material, b => Assert.Equal(0, b));
        // The schedules went with the bodies: nothing prepared from a key outlives the message.
        Assert.Throws<ObjectDisposedException>(() => firstSchedules.Gcm(material, 16));
        Assert.Throws<ObjectDisposedException>(() => schedule.Encrypt(new byte[12], new byte[1], new byte[1], new byte[16], null));
    }

    [Fact]
    public async Task Prepared_schedules_decrypt_what_they_encrypt_refuse_a_wrong_tag_and_leave_other_nonce_lengths_to_the_general_path()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        byte[] keyBytes = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
        ManagedObject key = await fixture.StoreAsync(KeyUseTests.SymmetricKey(fixture, State.Active, CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt, keyBytes));
        var streams = new CryptoStreamRegistry(new CryptoStreamOptions());
        IOperationHandler[] handlers = [new EncryptHandler(streams), new DecryptHandler(streams)];
        byte[] plain = [.. Enumerable.Range(0, 100).Select(i => (byte)i)];
        var gcm = new CryptographicParameters { BlockCipherMode = BlockCipherMode.GCM, TagLength = 16 };
        byte[] longNonce = [.. Enumerable.Range(0, 16).Select(i => (byte)(i + 100))];

        // One message: an Encrypt with a server nonce (prepared schedule), one with a 16-byte client nonce (general path).
        var encrypt = new RequestMessage(new RequestHeader { ProtocolVersion = ProtocolVersion.V2_1 });
        encrypt.BatchItems.Add(new RequestBatchItem(new EncryptRequestPayload { UniqueIdentifier = key.Id, CryptographicParameters = gcm, Data = plain }));
        encrypt.BatchItems.Add(new RequestBatchItem(new EncryptRequestPayload { UniqueIdentifier = key.Id, CryptographicParameters = gcm, Data = plain, IVCounterNonce = longNonce }));
        ResponseMessage encrypted = await fixture.Executor(handlers).ExecuteAsync(encrypt, new RequestContext(CoreFixture.Alice, ProtocolVersion.V2_1, fixture.Clock.UtcNow, 1, null), CancellationToken.None);
        var prepared = (EncryptResponsePayload)encrypted.BatchItems[0].Payload!;
        var general = (EncryptResponsePayload)encrypted.BatchItems[1].Payload!;

        // Checked with .NET's own AES-GCM, not the code under test.
        byte[] check = new byte[plain.Length];
        using (var reference = new System.Security.Cryptography.AesGcm(keyBytes, 16))
        {
            reference.Decrypt(prepared.IVCounterNonce!, prepared.Data!, prepared.AuthenticatedEncryptionTag!, check);
        }

        Assert.Equal(plain, check);
        Assert.Equal(12, prepared.IVCounterNonce!.Length);
        Assert.Null(general.IVCounterNonce); // the client's own IV is not sent back

        // One message: both decrypt, then the first again with a damaged tag, which must fail on the prepared schedule.
        byte[] damaged = [.. prepared.AuthenticatedEncryptionTag!];
        damaged[0] ^= 1;
        var decrypt = new RequestMessage(new RequestHeader { ProtocolVersion = ProtocolVersion.V2_1, BatchErrorContinuationOption = BatchErrorContinuationOption.Continue });
        foreach ((EncryptResponsePayload item, byte[] tag) in new[] { (prepared, prepared.AuthenticatedEncryptionTag!), (general, general.AuthenticatedEncryptionTag!), (prepared, damaged) })
        {
            decrypt.BatchItems.Add(new RequestBatchItem(new DecryptRequestPayload
            {
                UniqueIdentifier = key.Id, CryptographicParameters = gcm, Data = item.Data, IVCounterNonce = item.IVCounterNonce ?? longNonce, AuthenticatedEncryptionTag = tag,
            }));
        }

        ResponseMessage decrypted = await fixture.Executor(handlers).ExecuteAsync(decrypt, new RequestContext(CoreFixture.Alice, ProtocolVersion.V2_1, fixture.Clock.UtcNow, 1, null), CancellationToken.None);
        Assert.Equal(plain, ((DecryptResponsePayload)decrypted.BatchItems[0].Payload!).Data);
        Assert.Equal(plain, ((DecryptResponsePayload)decrypted.BatchItems[1].Payload!).Data);
        Assert.Equal(ResultReason.CryptographicFailure, decrypted.BatchItems[2].ResultReason);
    }

    [Fact]
    public async Task Items_of_one_message_using_one_key_each_get_their_own_answer_and_round_trip()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = await fixture.StoreAsync(KeyUseTests.SymmetricKey(fixture, State.Active, CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt));
        var streams = new CryptoStreamRegistry(new CryptoStreamOptions());
        IOperationHandler[] handlers = [new EncryptHandler(streams), new DecryptHandler(streams)];
        byte[] plain = [.. Enumerable.Range(0, 100).Select(i => (byte)i)];
        var gcm = new CryptographicParameters { BlockCipherMode = BlockCipherMode.GCM, TagLength = 16 };

        var encrypt = new RequestMessage(new RequestHeader { ProtocolVersion = ProtocolVersion.V2_1 });
        encrypt.BatchItems.AddRange(Enumerable.Range(0, 3).Select(_ => new RequestBatchItem(new EncryptRequestPayload { UniqueIdentifier = key.Id, CryptographicParameters = gcm, Data = plain })));
        ResponseMessage encrypted = await fixture.Executor(handlers).ExecuteAsync(encrypt, new RequestContext(CoreFixture.Alice, ProtocolVersion.V2_1, fixture.Clock.UtcNow, 1, null), CancellationToken.None);

        var decrypt = new RequestMessage(new RequestHeader { ProtocolVersion = ProtocolVersion.V2_1 });
        foreach (ResponseBatchItem item in encrypted.BatchItems)
        {
            Assert.Equal(ResultStatus.Success, item.ResultStatus);
            var payload = (EncryptResponsePayload)item.Payload!;
            decrypt.BatchItems.Add(new RequestBatchItem(new DecryptRequestPayload
            {
                UniqueIdentifier = key.Id, CryptographicParameters = gcm, Data = payload.Data, IVCounterNonce = payload.IVCounterNonce, AuthenticatedEncryptionTag = payload.AuthenticatedEncryptionTag,
            }));
        }

        Assert.Equal(3, encrypted.BatchItems.Select(i => Convert.ToHexString(((EncryptResponsePayload)i.Payload!).IVCounterNonce!)).Distinct().Count());
        ResponseMessage decrypted = await fixture.Executor(handlers).ExecuteAsync(decrypt, new RequestContext(CoreFixture.Alice, ProtocolVersion.V2_1, fixture.Clock.UtcNow, 1, null), CancellationToken.None);
        Assert.All(decrypted.BatchItems, item => Assert.Equal(plain, ((DecryptResponsePayload)item.Payload!).Data));
    }
}
