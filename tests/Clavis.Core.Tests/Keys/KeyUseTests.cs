using Clavis.Core.Keys;
using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Core.Operations;
using Clavis.Core.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Tests.Keys;

/// <summary>The gate every cryptographic use passes: KMIP's own rules, in the client's version.</summary>
public sealed class KeyUseTests
{
    private static readonly ObjectType[] Symmetric = [ObjectType.SymmetricKey];

    internal static ManagedObject SymmetricKey(CoreFixture fixture, State state, CryptographicUsageMask mask, byte[]? value = null, bool clientWrapped = false)
    {
        ManagedObject key = TestObjects.Key(fixture, state);
        key.Attributes.Set(Tag.CryptographicUsageMask, TtlvNode.Integer(Tag.CryptographicUsageMask, (int)mask));
        key.Attributes.SetEnumeration(Tag.CryptographicAlgorithm, (uint)CryptographicAlgorithm.AES);
        key.Attributes.Set(Tag.CryptographicLength, TtlvNode.Integer(Tag.CryptographicLength, 256));
        var block = new KeyBlock
        {
            KeyFormatType = KeyFormatType.Raw,
            CryptographicAlgorithm = CryptographicAlgorithm.AES,
            CryptographicLength = 256,
        };
        if (clientWrapped)
        {
            block.KeyValue = new KeyValue { KeyMaterial = TtlvNode.ByteString(Tag.KeyMaterial, new byte[40]) };
            block.KeyWrappingData = new KeyWrappingData { WrappingMethod = WrappingMethod.Encrypt };
        }
        else
        {
            block.KeyValue = new KeyValue { KeyMaterial = TtlvNode.ByteString(Tag.KeyMaterial, value ?? new byte[32]) };
        }

        key.Material = ObjectBodyCodec.Seal(fixture.Barrier, key.Id, new Clavis.Kmip.Messages.SymmetricKey { KeyBlock = block });
        return key;
    }

    internal static TtlvNode Limits(long total, UsageLimitsUnit unit) => TtlvNode.Structure(Tag.UsageLimits,
        TtlvNode.LongInteger(Tag.UsageLimitsTotal, total),
        TtlvNode.Enumeration(Tag.UsageLimitsUnit, (uint)unit));

    private static async Task<ResultReason?> RefusalAsync(CoreFixture fixture, string id, CryptographicUsageMask needed, KeyPurpose purpose, ProtocolVersion? version = null, long amount = 1)
    {
        OperationContext context = fixture.Context(version: version);
        try
        {
            using UsableKey key = await KeyUse.AcquireAsync(context, id, Operation.Encrypt, needed, purpose, Symmetric, amount, CancellationToken.None);
            await context.Objects.CommitAsync(CancellationToken.None);
            return null;
        }
        catch (KmipException refused)
        {
            return refused.Reason;
        }
    }

    [Fact]
    public async Task An_active_key_with_the_bit_is_opened_with_its_value()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        byte[] value = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        ManagedObject stored = await fixture.StoreAsync(SymmetricKey(fixture, State.Active, CryptographicUsageMask.Encrypt, (byte[])value.Clone()));

        UsableKey key = await KeyUse.AcquireAsync(fixture.Context(), stored.Id, Operation.Encrypt, CryptographicUsageMask.Encrypt, KeyPurpose.Protect, Symmetric, 1, CancellationToken.None);
        byte[] material = key.Block.KeyValue!.KeyMaterial!.ByteStringValue;

        Assert.Equal(value, key.MaterialBytes.ToArray());
        Assert.Equal(CryptographicAlgorithm.AES, key.Algorithm);
        key.Dispose();
        Assert.All(material, b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(CryptographicUsageMask.Decrypt, KeyPurpose.Protect, ResultReason.IncompatibleCryptographicUsageMask)]
    [InlineData(CryptographicUsageMask.Encrypt, KeyPurpose.Protect, null)]
    public async Task The_usage_mask_must_have_the_bit(CryptographicUsageMask has, KeyPurpose purpose, ResultReason? expected)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject stored = await fixture.StoreAsync(SymmetricKey(fixture, State.Active, has));

        Assert.Equal(expected, await RefusalAsync(fixture, stored.Id, CryptographicUsageMask.Encrypt, purpose));
    }

    [Fact]
    public async Task A_1x_client_hears_Permission_Denied_for_the_reasons_its_version_lacks()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject stored = await fixture.StoreAsync(SymmetricKey(fixture, State.Active, CryptographicUsageMask.Decrypt));

        Assert.Equal(ResultReason.PermissionDenied, await RefusalAsync(fixture, stored.Id, CryptographicUsageMask.Encrypt, KeyPurpose.Protect, ProtocolVersion.V1_2));
    }

    [Theory]
    [InlineData(State.PreActive, KeyPurpose.Protect, false)]
    [InlineData(State.PreActive, KeyPurpose.Process, false)]
    [InlineData(State.Active, KeyPurpose.Protect, true)]
    [InlineData(State.Deactivated, KeyPurpose.Protect, false)]
    [InlineData(State.Deactivated, KeyPurpose.Process, true)]
    [InlineData(State.Compromised, KeyPurpose.Protect, false)]
    [InlineData(State.Compromised, KeyPurpose.Process, true)]
    public async Task The_state_decides_between_protecting_and_processing(State state, KeyPurpose purpose, bool allowed)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        const CryptographicUsageMask both = CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt;
        ManagedObject stored = await fixture.StoreAsync(SymmetricKey(fixture, state, both));

        ResultReason? refusal = await RefusalAsync(fixture, stored.Id, purpose == KeyPurpose.Protect ? CryptographicUsageMask.Encrypt : CryptographicUsageMask.Decrypt, purpose);

        Assert.Equal(allowed ? null : ResultReason.WrongKeyLifecycleState, refusal);
    }

    [Fact]
    public async Task Dates_bound_protection_and_processing()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        const CryptographicUsageMask both = CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt;
        ManagedObject stopped = SymmetricKey(fixture, State.Active, both);
        stopped.Attributes.SetDateTime(Tag.ProtectStopDate, fixture.Clock.UtcNow.AddMinutes(-1));
        ManagedObject notStarted = SymmetricKey(fixture, State.Active, both);
        notStarted.Attributes.SetDateTime(Tag.ProcessStartDate, fixture.Clock.UtcNow.AddMinutes(1));
        await fixture.StoreAsync(stopped);
        await fixture.StoreAsync(notStarted);

        Assert.Equal(ResultReason.WrongKeyLifecycleState, await RefusalAsync(fixture, stopped.Id, CryptographicUsageMask.Encrypt, KeyPurpose.Protect));
        Assert.Null(await RefusalAsync(fixture, stopped.Id, CryptographicUsageMask.Decrypt, KeyPurpose.Process));
        Assert.Equal(ResultReason.WrongKeyLifecycleState, await RefusalAsync(fixture, notStarted.Id, CryptographicUsageMask.Decrypt, KeyPurpose.Process));
        Assert.Null(await RefusalAsync(fixture, notStarted.Id, CryptographicUsageMask.Encrypt, KeyPurpose.Protect));
    }

    [Fact]
    public async Task A_suspended_key_cannot_be_used()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject key = SymmetricKey(fixture, State.Active, CryptographicUsageMask.Decrypt);
        ObjectSuspension.Suspend(key, "incident", fixture.Clock.UtcNow);
        await fixture.StoreAsync(key);

        Assert.Equal(ResultReason.WrongKeyLifecycleState, await RefusalAsync(fixture, key.Id, CryptographicUsageMask.Decrypt, KeyPurpose.Process));
    }

    [Fact]
    public async Task A_key_the_client_wrapped_is_never_used_by_the_server()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject stored = await fixture.StoreAsync(SymmetricKey(fixture, State.Active, CryptographicUsageMask.Encrypt, clientWrapped: true));

        Assert.Equal(ResultReason.KeyValueNotPresent, await RefusalAsync(fixture, stored.Id, CryptographicUsageMask.Encrypt, KeyPurpose.Protect));
    }

    [Fact]
    public async Task The_wrong_object_type_is_refused()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject secret = TestObjects.Key(fixture, State.Active, ObjectType.SecretData);
        secret.Attributes.Set(Tag.CryptographicUsageMask, TtlvNode.Integer(Tag.CryptographicUsageMask, (int)CryptographicUsageMask.Encrypt));
        await fixture.StoreAsync(secret);

        Assert.Equal(ResultReason.IllegalObjectType, await RefusalAsync(fixture, secret.Id, CryptographicUsageMask.Encrypt, KeyPurpose.Protect));
    }

    [Fact]
    public async Task Usage_Limits_in_objects_are_counted_durably_and_refuse_the_use_past_the_total()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject stored = await fixture.StoreAsync(SymmetricKey(fixture, State.Active, CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt)
            .With(Limits(2, UsageLimitsUnit.Object)));

        Assert.Null(await RefusalAsync(fixture, stored.Id, CryptographicUsageMask.Encrypt, KeyPurpose.Protect));
        Assert.Null(await RefusalAsync(fixture, stored.Id, CryptographicUsageMask.Encrypt, KeyPurpose.Protect));
        Assert.Equal(ResultReason.UsageLimitExceeded, await RefusalAsync(fixture, stored.Id, CryptographicUsageMask.Encrypt, KeyPurpose.Protect));
        // Processing (Decrypt) consumes nothing, so it still works.
        Assert.Null(await RefusalAsync(fixture, stored.Id, CryptographicUsageMask.Decrypt, KeyPurpose.Process));

        ManagedObject reloaded = await fixture.LoadAsync(stored.Id);
        Assert.Equal(0, reloaded.Attributes.GetFirst(Tag.UsageLimits)!.Find(Tag.UsageLimitsCount)!.LongIntegerValue);
    }

    [Fact]
    public async Task Usage_Limits_in_bytes_count_the_data_length()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject stored = await fixture.StoreAsync(SymmetricKey(fixture, State.Active, CryptographicUsageMask.Encrypt)
            .With(Limits(1000, UsageLimitsUnit.Byte)));

        Assert.Null(await RefusalAsync(fixture, stored.Id, CryptographicUsageMask.Encrypt, KeyPurpose.Protect, amount: 600));
        OperationContext audited = fixture.Context();
        using (await KeyUse.AcquireAsync(audited, stored.Id, Operation.Encrypt, CryptographicUsageMask.Encrypt, KeyPurpose.Protect, Symmetric, 0, CancellationToken.None))
        {
            // The audit record's usage count is what has been used after this use, in the limit's unit.
            Assert.Equal(600, audited.Audit.UsageCount);
        }

        Assert.Equal(ResultReason.UsageLimitExceeded, await RefusalAsync(fixture, stored.Id, CryptographicUsageMask.Encrypt, KeyPurpose.Protect, amount: 401));
        Assert.Null(await RefusalAsync(fixture, stored.Id, CryptographicUsageMask.Encrypt, KeyPurpose.Protect, amount: 400));
    }

    [Theory]
    [InlineData(UsageLimitsUnit.Object, 2)]
    [InlineData(UsageLimitsUnit.Byte, 100 - 30 - 20)]
    public async Task A_later_part_of_a_stream_counts_bytes_but_not_another_object_use(UsageLimitsUnit unit, long remaining)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        ManagedObject stored = await fixture.StoreAsync(SymmetricKey(fixture, State.Active, CryptographicUsageMask.Encrypt)
            .With(Limits(unit == UsageLimitsUnit.Object ? 3 : 100, unit)));

        // The stream's first part (30 bytes) is a use like any other; its second part (20 bytes) continues it.
        Assert.Null(await RefusalAsync(fixture, stored.Id, CryptographicUsageMask.Encrypt, KeyPurpose.Protect, amount: 30));
        OperationContext context = fixture.Context();
        using (UsableKey part = await KeyUse.AcquireAsync(context, stored.Id, Operation.Encrypt, CryptographicUsageMask.Encrypt, KeyPurpose.Protect, Symmetric, 20, CancellationToken.None, continuesStream: true))
        {
            await context.Objects.CommitAsync(CancellationToken.None);
        }

        ManagedObject reloaded = await fixture.LoadAsync(stored.Id);
        Assert.Equal(remaining, reloaded.Attributes.GetFirst(Tag.UsageLimits)!.Find(Tag.UsageLimitsCount)!.LongIntegerValue);
    }
}
