using System.Security.Cryptography;
using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Core.Operations.Handlers;
using Clavis.Core.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using static Clavis.Core.Tests.Operations.ObjectRequests;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Tests.Operations;

public sealed class RegisterAndGetTests
{
    [Fact]
    public async Task Register_stores_a_symmetric_key_sealed_with_its_digest_and_get_returns_it_once_fresh()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        byte[] key = RandomNumberGenerator.GetBytes(32);
        var context = fixture.Context();

        RegisterResponsePayload registered = await Run<RegisterResponsePayload>(new RegisterHandler(),
            new RegisterRequestPayload { ObjectType = ObjectType.SymmetricKey, Object = RawAesKey(key), Attributes = [Usage(CryptographicUsageMask.Encrypt)] }, context);
        string id = registered.UniqueIdentifier!;
        ManagedObject stored = (await fixture.Store.GetAsync(id, CancellationToken.None))!;
        GetResponsePayload got = await Run<GetResponsePayload>(new GetHandler(), new GetRequestPayload { UniqueIdentifier = id, KeyFormatType = KeyFormatType.Raw }, fixture.Context());

        Assert.Equal(id, context.IdPlaceholder);
        Assert.Equal(-1, stored.Material!.Ciphertext.AsSpan().IndexOf(key));
        Assert.Equal(SHA256.HashData(key), stored.Attributes.GetFirst(Tag.Digest)!.Find(Tag.DigestValue)!.ByteStringValue);
        Assert.Equal(256, stored.Attributes.GetInteger(Tag.CryptographicLength));
        Assert.Equal(key, ((SymmetricKey)got.Object!).KeyBlock!.KeyValue!.KeyMaterial!.ByteStringValue);
        Assert.False((await fixture.Store.GetAsync(id, CancellationToken.None))!.Attributes.GetFirst(Tag.Fresh)!.BooleanValue);
    }

    [Fact]
    public async Task A_key_the_client_wrapped_is_stored_as_it_came_and_flagged_so_the_server_never_uses_it()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        SymmetricKey wrapped = RawAesKey(RandomNumberGenerator.GetBytes(40));
        wrapped.KeyBlock!.KeyWrappingData = new KeyWrappingData { WrappingMethod = WrappingMethod.Encrypt };
        wrapped.KeyBlock.CryptographicLength = 256;

        RegisterResponsePayload registered = await Run<RegisterResponsePayload>(new RegisterHandler(),
            new RegisterRequestPayload { ObjectType = ObjectType.SymmetricKey, Object = wrapped }, fixture.Context());
        ManagedObject stored = (await fixture.Store.GetAsync(registered.UniqueIdentifier!, CancellationToken.None))!;
        GetResponsePayload got = await Run<GetResponsePayload>(new GetHandler(), new GetRequestPayload { UniqueIdentifier = stored.Id }, fixture.Context());

        Assert.True(stored.Attributes.GetFirst(ClavisAttributes.ClientWrapped)!.BooleanValue);
        Assert.NotNull(((SymmetricKey)got.Object!).KeyBlock!.KeyWrappingData);
        KmipException refused = await Refused(new GetHandler(), new GetRequestPayload { UniqueIdentifier = stored.Id, KeyWrapType = KeyWrapType.NotWrapped }, fixture.Context());
        Assert.Equal(ResultReason.KeyWrapTypeNotSupported, refused.Reason);
    }

    [Fact]
    public async Task Register_takes_secret_data_and_opaque_objects()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        var secret = new SecretData
        {
            SecretDataType = SecretDataType.Password,
            KeyBlock = new KeyBlock { KeyFormatType = KeyFormatType.Opaque, KeyValue = new KeyValue { KeyMaterial = TtlvNode.ByteString(Tag.KeyMaterial, [1, 2, 3]) } },
        };
        var opaque = new OpaqueObject { OpaqueDataType = 0x80000001, OpaqueDataValue = [9, 9] };

        await Run<RegisterResponsePayload>(new RegisterHandler(), new RegisterRequestPayload { ObjectType = ObjectType.SecretData, Object = secret }, fixture.Context());
        await Run<RegisterResponsePayload>(new RegisterHandler(), new RegisterRequestPayload { ObjectType = ObjectType.OpaqueObject, Object = opaque }, fixture.Context());

        Assert.Equal(2, await fixture.Store.CountAsync(CancellationToken.None));
    }

    public static TheoryData<string, RegisterRequestPayload, ProtocolVersion, ResultReason> RegisterRefusals() => new()
    {
        { "type mismatch", new RegisterRequestPayload { ObjectType = ObjectType.PrivateKey, Object = RawAesKey(new byte[16]) }, ProtocolVersion.V2_1, ResultReason.InvalidField },
        { "template in 2.1", new RegisterRequestPayload { ObjectType = ObjectType.Template, Object = new Template { Attributes = [] } }, ProtocolVersion.V2_1, ResultReason.InvalidField },
        { "length contradicts", new RegisterRequestPayload { ObjectType = ObjectType.SymmetricKey, Object = RawAesKey(new byte[16]), Attributes = [Length(256)] }, ProtocolVersion.V2_1, ResultReason.InvalidField },
        { "40-bit AES key", new RegisterRequestPayload { ObjectType = ObjectType.SymmetricKey, Object = RawAesKey(new byte[5]) }, ProtocolVersion.V2_1, ResultReason.InvalidField },
        { "384-bit AES key", new RegisterRequestPayload { ObjectType = ObjectType.SymmetricKey, Object = RawAesKey(new byte[48]) }, ProtocolVersion.V1_4, ResultReason.InvalidField },
        { "no key block", new RegisterRequestPayload { ObjectType = ObjectType.SymmetricKey, Object = new SymmetricKey() }, ProtocolVersion.V2_1, ResultReason.InvalidField },
        { "server attribute", new RegisterRequestPayload { ObjectType = ObjectType.SymmetricKey, Object = RawAesKey(new byte[16]), Attributes = [new KmipAttribute(Tag.Fresh, TtlvNode.Boolean(Tag.Fresh, true)), new KmipAttribute(Tag.LastChangeDate, TtlvNode.DateTime(Tag.LastChangeDate, DateTimeOffset.UnixEpoch))] }, ProtocolVersion.V2_1, ResultReason.AttributeReadOnly },
    };

    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(32)]
    [InlineData(64)]
    public async Task Register_takes_AES_keys_of_the_FIPS_197_sizes_and_the_XTS_double_size(int bytes)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();

        await Run<RegisterResponsePayload>(new RegisterHandler(), new RegisterRequestPayload { ObjectType = ObjectType.SymmetricKey, Object = RawAesKey(new byte[bytes]) }, fixture.Context());

        Assert.Equal(1, await fixture.Store.CountAsync(CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(RegisterRefusals))]
    public async Task Register_refuses_objects_it_cannot_take_with_the_spec_reason(string name, RegisterRequestPayload request, ProtocolVersion version, ResultReason reason)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();

        KmipException refused = await Refused(new RegisterHandler(), request, fixture.Context(version: version));

        Assert.True(reason == refused.Reason, $"{name}: {refused.Reason} {refused.Message}");
    }

    [Theory]
    [InlineData(2, 1, ResultReason.ObjectDestroyed)]
    [InlineData(1, 2, ResultReason.KeyValueNotPresent)]
    [InlineData(1, 0, ResultReason.ItemNotFound)]
    public async Task Get_of_a_destroyed_key_is_refused_with_the_reason_its_version_has(int major, int minor, ResultReason reason)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string id = await CreateAes256Async(fixture);
        var context = fixture.Context();
        ManagedObject key = await context.Objects.GetAsync(id, CancellationToken.None);
        ObjectLifecycle.Destroy(key, fixture.Clock.UtcNow);
        context.Objects.Update(key);
        await context.Objects.CommitAsync(CancellationToken.None);

        KmipException refused = await Refused(new GetHandler(), new GetRequestPayload { UniqueIdentifier = id }, fixture.Context(version: new ProtocolVersion(major, minor)));

        Assert.Equal(reason, refused.Reason);
    }

    [Fact]
    public async Task Get_of_a_format_the_key_cannot_be_converted_to_is_refused()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string id = await CreateAes256Async(fixture);

        KmipException refused = await Refused(new GetHandler(), new GetRequestPayload { UniqueIdentifier = id, KeyFormatType = KeyFormatType.PKCS_8 }, fixture.Context());

        Assert.Equal(ResultReason.KeyFormatTypeNotSupported, refused.Reason);
    }

    [Fact]
    public async Task Get_of_an_unknown_identifier_is_item_not_found()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();

        KmipException refused = await Refused(new GetHandler(), new GetRequestPayload { UniqueIdentifier = "missing" }, fixture.Context());

        Assert.Equal(ResultReason.ItemNotFound, refused.Reason);
    }
}
