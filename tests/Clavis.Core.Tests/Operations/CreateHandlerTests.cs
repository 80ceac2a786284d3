using Clavis.Core.Objects;
using Clavis.Core.Operations.Handlers;
using Clavis.Core.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using static Clavis.Core.Tests.Operations.ObjectRequests;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Tests.Operations;

public sealed class CreateHandlerTests
{
    [Theory]
    [InlineData(CryptographicAlgorithm.AES, 128)]
    [InlineData(CryptographicAlgorithm.AES, 192)]
    [InlineData(CryptographicAlgorithm.AES, 256)]
    [InlineData(CryptographicAlgorithm.HMAC_SHA256, 256)]
    [InlineData(CryptographicAlgorithm.HMAC_SHA512, 512)]
    [InlineData(CryptographicAlgorithm.HMAC_SHA1, 112)]
    public async Task Create_generates_a_key_of_the_requested_algorithm_and_length(CryptographicAlgorithm algorithm, int length)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        var usage = algorithm == CryptographicAlgorithm.AES ? CryptographicUsageMask.Encrypt : CryptographicUsageMask.MACGenerate;
        var request = new CreateRequestPayload { ObjectType = ObjectType.SymmetricKey, Attributes = [Algorithm(algorithm), Length(length), Usage(usage)] };
        var context = fixture.Context();

        CreateResponsePayload response = await Run<CreateResponsePayload>(new CreateHandler(), request, context);

        ManagedObject stored = (await fixture.Store.GetAsync(response.UniqueIdentifier!, CancellationToken.None))!;
        Assert.Equal(context.IdPlaceholder, response.UniqueIdentifier);
        Assert.Equal(7, Guid.Parse(response.UniqueIdentifier!).Version);
        Assert.Equal(State.PreActive, stored.State);
        Assert.Equal("alice", stored.Owner);
        Assert.Equal((uint)algorithm, stored.Attributes.GetEnumeration(Tag.CryptographicAlgorithm));
        Assert.Equal(length, stored.Attributes.GetInteger(Tag.CryptographicLength));
        Assert.Equal(fixture.Clock.UtcNow, stored.Attributes.GetDateTime(Tag.InitialDate));
        Assert.Equal(fixture.Clock.UtcNow, stored.Attributes.GetDateTime(Tag.LastChangeDate));
        Assert.True(stored.Attributes.GetFirst(Tag.Fresh)!.BooleanValue);
        Assert.NotNull(stored.Attributes.GetFirst(Tag.Digest));
        var body = (SymmetricKey)ObjectBodyCodec.Open(fixture.Barrier, stored.Id, stored.Material!);
        Assert.Equal(length / 8, body.KeyBlock!.KeyValue!.KeyMaterial!.ByteStringValue.Length);
    }

    [Fact]
    public async Task Create_with_an_activation_date_already_past_makes_an_active_key()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string id = await CreateAes256Async(fixture, null, new KmipAttribute(Tag.ActivationDate, TtlvNode.DateTime(Tag.ActivationDate, fixture.Clock.UtcNow.AddDays(-1))));

        Assert.Equal(State.Active, (await fixture.Store.GetAsync(id, CancellationToken.None))!.State);
    }

    public static TheoryData<string, CreateRequestPayload, ResultReason, string> Refusals() => new()
    {
        { "3DES", Create(Algorithm(CryptographicAlgorithm.DES3), Length(168), Usage(CryptographicUsageMask.Encrypt)), ResultReason.InvalidField, "insecure" },
        { "DES", Create(Algorithm(CryptographicAlgorithm.DES), Length(56), Usage(CryptographicUsageMask.Encrypt)), ResultReason.InvalidField, "insecure" },
        { "no algorithm", Create(Length(256), Usage(CryptographicUsageMask.Encrypt)), ResultReason.InvalidField, "Cryptographic Algorithm" },
        { "no length", Create(Algorithm(CryptographicAlgorithm.AES), Usage(CryptographicUsageMask.Encrypt)), ResultReason.InvalidField, "Cryptographic Length" },
        { "no usage", Create(Algorithm(CryptographicAlgorithm.AES), Length(256)), ResultReason.InvalidField, "Cryptographic Usage Mask" },
        { "AES-100", Create(Algorithm(CryptographicAlgorithm.AES), Length(100), Usage(CryptographicUsageMask.Encrypt)), ResultReason.InvalidField, "Cryptographic Length" },
        { "HMAC-104", Create(Algorithm(CryptographicAlgorithm.HMAC_SHA256), Length(104), Usage(CryptographicUsageMask.MACGenerate)), ResultReason.InvalidField, "Cryptographic Length" },
        { "HMAC-130", Create(Algorithm(CryptographicAlgorithm.HMAC_SHA256), Length(130), Usage(CryptographicUsageMask.MACGenerate)), ResultReason.InvalidField, "Cryptographic Length" },
        { "AES signing", Create(Algorithm(CryptographicAlgorithm.AES), Length(256), Usage(CryptographicUsageMask.Sign)), ResultReason.InvalidField, "Usage Mask" },
        { "empty usage", Create(Algorithm(CryptographicAlgorithm.AES), Length(256), Usage(0)), ResultReason.InvalidField, "Usage Mask" },
        { "RSA", Create(Algorithm(CryptographicAlgorithm.RSA), Length(2048), Usage(CryptographicUsageMask.Sign)), ResultReason.InvalidField, "Cryptographic Algorithm" },
        { "client sets State", Create([.. Aes256(), new KmipAttribute(Tag.State, TtlvNode.Enumeration(Tag.State, (uint)State.Active))]), ResultReason.AttributeReadOnly, "read-only" },
        { "client sets Initial Date", Create([.. Aes256(), new KmipAttribute(Tag.InitialDate, TtlvNode.DateTime(Tag.InitialDate, DateTimeOffset.UnixEpoch))]), ResultReason.AttributeReadOnly, "read-only" },
        { "two algorithms", Create([.. Aes256(), Algorithm(CryptographicAlgorithm.AES)]), ResultReason.AttributeSingleValued, "single-valued" },
        { "length as text", Create(Algorithm(CryptographicAlgorithm.AES), new KmipAttribute(Tag.CryptographicLength, TtlvNode.TextString(Tag.CryptographicLength, "256")), Usage(CryptographicUsageMask.Encrypt)), ResultReason.InvalidAttributeValue, "Integer" },
        { "public key", new CreateRequestPayload { ObjectType = ObjectType.PublicKey, Attributes = Aes256() }, ResultReason.InvalidField, "Symmetric Keys" },
        { "secret data", new CreateRequestPayload { ObjectType = ObjectType.SecretData, Attributes = [] }, ResultReason.OperationNotSupported, "Secret Data" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Create_refuses_requests_it_cannot_honour_with_the_spec_reason(string name, CreateRequestPayload request, ResultReason reason, string mentions)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        var context = fixture.Context();

        KmipException refused = await Refused(new CreateHandler(), request, context);

        Assert.True(reason == refused.Reason, $"{name}: {refused.Reason} {refused.Message}");
        Assert.Contains(mentions, refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await fixture.Store.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Create_in_1_2_refuses_a_server_attribute_with_permission_denied()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        CreateRequestPayload request = Create([.. Aes256(), new KmipAttribute(Tag.UniqueIdentifier, TtlvNode.TextString(Tag.UniqueIdentifier, "mine"))]);

        KmipException refused = await Refused(new CreateHandler(), request, fixture.Context(version: ProtocolVersion.V1_2));

        Assert.Equal(ResultReason.PermissionDenied, refused.Reason);
    }

    [Fact]
    public async Task The_stored_object_never_holds_the_key_in_the_clear_yet_get_returns_it()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string id = await CreateAes256Async(fixture);

        GetResponsePayload got = await Run<GetResponsePayload>(new GetHandler(), new GetRequestPayload { UniqueIdentifier = id }, fixture.Context());
        byte[] key = ((SymmetricKey)got.Object!).KeyBlock!.KeyValue!.KeyMaterial!.ByteStringValue;

        ManagedObject stored = (await fixture.Store.GetAsync(id, CancellationToken.None))!;
        Assert.Equal(32, key.Length);
        Assert.Equal(-1, stored.Material!.Ciphertext.AsSpan().IndexOf(key));
        Assert.Equal(-1, AttributeSetCodec.Encode(stored.Attributes).AsSpan().IndexOf(key));
    }

    [Fact]
    public async Task Create_applies_a_named_1_x_template_and_the_request_attributes_win()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        var template = new Template { Attributes = [Algorithm(CryptographicAlgorithm.AES), Length(128), Usage(CryptographicUsageMask.Encrypt), Comment("from the template")] };
        await Run<RegisterResponsePayload>(new RegisterHandler(),
            new RegisterRequestPayload { ObjectType = ObjectType.Template, Object = template, Attributes = [Name("aes-profile")] },
            fixture.Context(version: ProtocolVersion.V1_4));
        var request = new CreateRequestPayload
        {
            ObjectType = ObjectType.SymmetricKey,
            TemplateNames = [new Name { NameValue = "aes-profile", NameType = NameType.UninterpretedTextString }],
            Attributes = [Length(256)],
        };

        CreateResponsePayload created = await Run<CreateResponsePayload>(new CreateHandler(), request, fixture.Context(version: ProtocolVersion.V1_4));

        ManagedObject stored = (await fixture.Store.GetAsync(created.UniqueIdentifier!, CancellationToken.None))!;
        Assert.Equal(256, stored.Attributes.GetInteger(Tag.CryptographicLength));
        Assert.Equal((uint)CryptographicAlgorithm.AES, stored.Attributes.GetEnumeration(Tag.CryptographicAlgorithm));
        Assert.Equal("from the template", stored.Attributes.GetText(Tag.Comment));
    }

    [Fact]
    public async Task Create_naming_a_template_that_does_not_exist_is_refused_with_item_not_found()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        CreateRequestPayload request = CreateAes256();
        request.TemplateNames = [new Name { NameValue = "nope", NameType = NameType.UninterpretedTextString }];

        KmipException refused = await Refused(new CreateHandler(), request, fixture.Context(version: ProtocolVersion.V1_4));

        Assert.Equal(ResultReason.ItemNotFound, refused.Reason);
    }

    private static CreateRequestPayload Create(params List<KmipAttribute> attributes) => new() { ObjectType = ObjectType.SymmetricKey, Attributes = attributes };
}
