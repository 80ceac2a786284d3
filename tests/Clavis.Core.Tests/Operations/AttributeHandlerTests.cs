using Clavis.Core.Operations.Handlers;
using Clavis.Core.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using static Clavis.Core.Tests.Operations.ObjectRequests;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Tests.Operations;

public sealed class AttributeHandlerTests
{
    [Fact]
    public async Task Get_attributes_in_2_1_includes_2_x_attributes_that_1_2_never_sees()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string id = await CreateAes256Async(fixture);

        GetAttributesResponsePayload v21 = await Run<GetAttributesResponsePayload>(new GetAttributesHandler(), new GetAttributesRequestPayload { UniqueIdentifier = id }, fixture.Context());
        GetAttributesResponsePayload v12 = await Run<GetAttributesResponsePayload>(new GetAttributesHandler(), new GetAttributesRequestPayload { UniqueIdentifier = id }, fixture.Context(version: ProtocolVersion.V1_2));

        Assert.Contains(v21.Attributes!, a => a.Tag == Tag.ShortUniqueIdentifier);
        Assert.DoesNotContain(v12.Attributes!, a => a.Tag == Tag.ShortUniqueIdentifier);
        Assert.All(v12.Attributes!, a => Assert.True(a.IsDefinedIn(ProtocolVersion.V1_2), a.ToString()));
        foreach (Tag expected in new[] { Tag.UniqueIdentifier, Tag.ObjectType, Tag.State, Tag.InitialDate, Tag.LastChangeDate, Tag.CryptographicAlgorithm, Tag.Digest })
        {
            Assert.Contains(v12.Attributes!, a => a.Tag == expected);
            Assert.Contains(v21.Attributes!, a => a.Tag == expected);
        }
    }

    [Fact]
    public async Task Get_attributes_by_reference_returns_only_the_named_ones_and_1_x_names_work()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string id = await CreateAes256Async(fixture);

        GetAttributesResponsePayload v21 = await Run<GetAttributesResponsePayload>(new GetAttributesHandler(),
            new GetAttributesRequestPayload { UniqueIdentifier = id, AttributeReference = [new KmipAttributeReference(Tag.State), new KmipAttributeReference(Tag.CryptographicLength)] }, fixture.Context());
        GetAttributesResponsePayload v14 = await Run<GetAttributesResponsePayload>(new GetAttributesHandler(),
            new GetAttributesRequestPayload { UniqueIdentifier = id, AttributeReference = [KmipAttributeReference.FromV1Name("Cryptographic Algorithm")] }, fixture.Context(version: ProtocolVersion.V1_4));

        Assert.Equal([Tag.CryptographicLength, Tag.State], v21.Attributes!.Select(a => a.Tag).Order());
        KmipAttribute algorithm = Assert.Single(v14.Attributes!);
        Assert.Equal(Tag.CryptographicAlgorithm, algorithm.Tag);
        Assert.Equal(0, algorithm.Index);
    }

    [Fact]
    public async Task Get_attribute_list_names_each_attribute_once()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string id = await CreateAes256Async(fixture, null, Name("a"), Name("b"));

        GetAttributeListResponsePayload list = await Run<GetAttributeListResponsePayload>(new GetAttributeListHandler(), new GetAttributeListRequestPayload { UniqueIdentifier = id }, fixture.Context());

        Assert.Single(list.AttributeReference, r => r.Tag == Tag.Name);
        Assert.Contains(list.AttributeReference, r => r.Tag == Tag.UniqueIdentifier);
    }

    [Fact]
    public async Task Add_then_modify_then_delete_a_name_moves_the_last_change_date_each_time()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string id = await CreateAes256Async(fixture);

        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await Run<AddAttributeResponsePayload>(new AddAttributeHandler(), new AddAttributeRequestPayload { UniqueIdentifier = id, NewAttribute = Name("first") }, fixture.Context());
        ManagedObject added = (await fixture.Store.GetAsync(id, CancellationToken.None))!;
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await Run<ModifyAttributeResponsePayload>(new ModifyAttributeHandler(), new ModifyAttributeRequestPayload { UniqueIdentifier = id, NewAttribute = Name("second") }, fixture.Context());
        ManagedObject modified = (await fixture.Store.GetAsync(id, CancellationToken.None))!;
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await Run<DeleteAttributeResponsePayload>(new DeleteAttributeHandler(), new DeleteAttributeRequestPayload { UniqueIdentifier = id, AttributeReference = new KmipAttributeReference(Tag.Name) }, fixture.Context());
        ManagedObject deleted = (await fixture.Store.GetAsync(id, CancellationToken.None))!;

        Assert.Equal("first", added.Attributes.GetFirst(Tag.Name)!.Find(Tag.NameValue)!.TextStringValue);
        Assert.Equal("second", modified.Attributes.GetFirst(Tag.Name)!.Find(Tag.NameValue)!.TextStringValue);
        Assert.False(deleted.Attributes.Contains(Tag.Name));
        Assert.Equal(fixture.Clock.UtcNow.AddMinutes(-2), added.Attributes.GetDateTime(Tag.LastChangeDate));
        Assert.Equal(fixture.Clock.UtcNow.AddMinutes(-1), modified.Attributes.GetDateTime(Tag.LastChangeDate));
        Assert.Equal(fixture.Clock.UtcNow, deleted.Attributes.GetDateTime(Tag.LastChangeDate));
    }

    [Fact]
    public async Task In_1_x_modify_and_delete_name_the_instance_by_index()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string id = await CreateAes256Async(fixture, ProtocolVersion.V1_4, Name("a"), Name("b"));
        KmipAttribute renamed = Name("B");
        renamed.Index = 1;

        ModifyAttributeResponsePayload modified = await Run<ModifyAttributeResponsePayload>(new ModifyAttributeHandler(),
            new ModifyAttributeRequestPayload { UniqueIdentifier = id, NewAttribute = renamed }, fixture.Context(version: ProtocolVersion.V1_4));
        DeleteAttributeResponsePayload deleted = await Run<DeleteAttributeResponsePayload>(new DeleteAttributeHandler(),
            new DeleteAttributeRequestPayload { UniqueIdentifier = id, AttributeReference = KmipAttributeReference.FromV1Name("Name"), AttributeIndex = 0 }, fixture.Context(version: ProtocolVersion.V1_4));

        ManagedObject stored = (await fixture.Store.GetAsync(id, CancellationToken.None))!;
        Assert.Equal(1, modified.Attribute!.Index);
        Assert.Equal("a", deleted.Attribute!.Value.Find(Tag.NameValue)!.TextStringValue);
        Assert.Equal("B", Assert.Single(stored.Attributes.Get(Tag.Name)).Find(Tag.NameValue)!.TextStringValue);
    }

    [Fact]
    public async Task In_2_x_delete_by_current_value_removes_only_that_instance()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string id = await CreateAes256Async(fixture, null, Name("a"), Name("b"));

        await Run<DeleteAttributeResponsePayload>(new DeleteAttributeHandler(), new DeleteAttributeRequestPayload { UniqueIdentifier = id, CurrentAttribute = Name("a") }, fixture.Context());

        ManagedObject stored = (await fixture.Store.GetAsync(id, CancellationToken.None))!;
        Assert.Equal("b", Assert.Single(stored.Attributes.Get(Tag.Name)).Find(Tag.NameValue)!.TextStringValue);
    }

    [Fact]
    public async Task Set_attribute_adds_then_replaces_a_single_valued_attribute()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string id = await CreateAes256Async(fixture);

        await Run<SetAttributeResponsePayload>(new SetAttributeHandler(), new SetAttributeRequestPayload { UniqueIdentifier = id, NewAttribute = Comment("one") }, fixture.Context());
        await Run<SetAttributeResponsePayload>(new SetAttributeHandler(), new SetAttributeRequestPayload { UniqueIdentifier = id, NewAttribute = Comment("two") }, fixture.Context());

        Assert.Equal("two", Assert.Single((await fixture.Store.GetAsync(id, CancellationToken.None))!.Attributes.Get(Tag.Comment)).TextStringValue);
    }

    [Fact]
    public async Task Adjust_attribute_moves_an_activation_date_and_a_rotate_interval()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        DateTimeOffset activation = fixture.Clock.UtcNow.AddDays(1);
        string id = await CreateAes256Async(fixture, null,
            new KmipAttribute(Tag.ActivationDate, TtlvNode.DateTime(Tag.ActivationDate, activation)),
            new KmipAttribute(Tag.RotateInterval, TtlvNode.Interval(Tag.RotateInterval, 3600)));

        await Run<AdjustAttributeResponsePayload>(new AdjustAttributeHandler(), new AdjustAttributeRequestPayload
        {
            UniqueIdentifier = id, AttributeReference = new KmipAttributeReference(Tag.ActivationDate), AdjustmentType = AdjustmentType.Increment, AdjustmentValue = TtlvNode.Interval(Tag.AdjustmentValue, 60),
        }, fixture.Context());
        await Run<AdjustAttributeResponsePayload>(new AdjustAttributeHandler(), new AdjustAttributeRequestPayload
        {
            UniqueIdentifier = id, AttributeReference = new KmipAttributeReference(Tag.RotateInterval), AdjustmentType = AdjustmentType.Decrement, AdjustmentValue = TtlvNode.Interval(Tag.AdjustmentValue, 600),
        }, fixture.Context());

        ManagedObject stored = (await fixture.Store.GetAsync(id, CancellationToken.None))!;
        Assert.Equal(activation.AddSeconds(60), stored.Attributes.GetDateTime(Tag.ActivationDate));
        Assert.Equal(3000u, stored.Attributes.GetFirst(Tag.RotateInterval)!.IntervalValue);
    }

    public static TheoryData<string, RequestPayload, int, ResultReason> EditRefusals() => new()
    {
        { "add algorithm", new AddAttributeRequestPayload { NewAttribute = Algorithm(CryptographicAlgorithm.AES) }, 21, ResultReason.AttributeReadOnly },
        { "add algorithm 1.4", new AddAttributeRequestPayload { NewAttribute = Algorithm(CryptographicAlgorithm.AES) }, 14, ResultReason.PermissionDenied },
        { "add second comment", new AddAttributeRequestPayload { NewAttribute = Comment("again") }, 21, ResultReason.AttributeSingleValued },
        { "add second comment 1.4", new AddAttributeRequestPayload { NewAttribute = Comment("again") }, 14, ResultReason.IllegalOperation },
        { "add unknown 1.x name", new AddAttributeRequestPayload { NewAttribute = KmipAttribute.FromV1Name("Colour", TtlvNode.TextString(Tag.AttributeValue, "red")) }, 14, ResultReason.InvalidField },
        { "add friendly name to a symmetric key", new AddAttributeRequestPayload { NewAttribute = new KmipAttribute(Tag.PKCS_12FriendlyName, TtlvNode.TextString(Tag.PKCS_12FriendlyName, "x")) }, 21, ResultReason.InvalidAttribute },
        { "modify absent name", new ModifyAttributeRequestPayload { NewAttribute = Name("x") }, 21, ResultReason.AttributeNotFound },
        { "modify absent name 1.4", new ModifyAttributeRequestPayload { NewAttribute = Name("x") }, 14, ResultReason.ItemNotFound },
        { "modify state", new ModifyAttributeRequestPayload { NewAttribute = new KmipAttribute(Tag.State, TtlvNode.Enumeration(Tag.State, (uint)State.Active)) }, 21, ResultReason.AttributeReadOnly },
        { "modify comment by wrong value", new ModifyAttributeRequestPayload { CurrentAttribute = Comment("nope"), NewAttribute = Comment("x") }, 21, ResultReason.AttributeInstanceNotFound },
        { "delete state", new DeleteAttributeRequestPayload { AttributeReference = new KmipAttributeReference(Tag.State) }, 21, ResultReason.AttributeReadOnly },
        { "delete digest 1.2", new DeleteAttributeRequestPayload { AttributeReference = KmipAttributeReference.FromV1Name("Digest") }, 12, ResultReason.PermissionDenied },
        { "delete absent name", new DeleteAttributeRequestPayload { AttributeReference = new KmipAttributeReference(Tag.Name) }, 21, ResultReason.AttributeNotFound },
        { "delete comment index 3 in 1.4", new DeleteAttributeRequestPayload { AttributeReference = KmipAttributeReference.FromV1Name("Comment"), AttributeIndex = 3 }, 14, ResultReason.IndexOutOfBounds },
        { "set last change date", new SetAttributeRequestPayload { NewAttribute = new KmipAttribute(Tag.LastChangeDate, TtlvNode.DateTime(Tag.LastChangeDate, DateTimeOffset.UnixEpoch)) }, 21, ResultReason.AttributeReadOnly },
        { "adjust comment", new AdjustAttributeRequestPayload { AttributeReference = new KmipAttributeReference(Tag.Comment), AdjustmentType = AdjustmentType.Increment }, 21, ResultReason.InvalidAttributeValue },
        { "adjust absent rotate interval", new AdjustAttributeRequestPayload { AttributeReference = new KmipAttributeReference(Tag.RotateInterval), AdjustmentType = AdjustmentType.Increment }, 21, ResultReason.AttributeNotFound },
        { "adjust initial date", new AdjustAttributeRequestPayload { AttributeReference = new KmipAttributeReference(Tag.InitialDate), AdjustmentType = AdjustmentType.Increment }, 21, ResultReason.AttributeReadOnly },
    };

    [Theory]
    [MemberData(nameof(EditRefusals))]
    public async Task Attribute_edits_that_break_a_rule_are_refused_with_the_reason_of_the_request_version(string name, RequestPayload request, int version, ResultReason reason)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        var protocol = new ProtocolVersion(version / 10, version % 10);
        string id = await CreateAes256Async(fixture, protocol, Comment("present"));
        var context = fixture.Context(version: protocol);
        context.IdPlaceholder = id;
        IOperationHandlerFor(request, out var handler);
        ManagedObject before = (await fixture.Store.GetAsync(id, CancellationToken.None))!;

        KmipException refused = await Refused(handler, request, context);

        Assert.True(reason == refused.Reason, $"{name}: {refused.Reason} {refused.Message}");
        Assert.Equal(before.Version, (await fixture.Store.GetAsync(id, CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task The_activation_date_of_an_active_key_cannot_be_changed()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string id = await CreateAes256Async(fixture, null, new KmipAttribute(Tag.ActivationDate, TtlvNode.DateTime(Tag.ActivationDate, fixture.Clock.UtcNow)));

        KmipException refused = await Refused(new ModifyAttributeHandler(), new ModifyAttributeRequestPayload
        {
            UniqueIdentifier = id, NewAttribute = new KmipAttribute(Tag.ActivationDate, TtlvNode.DateTime(Tag.ActivationDate, fixture.Clock.UtcNow.AddDays(3))),
        }, fixture.Context());

        Assert.Equal(ResultReason.WrongKeyLifecycleState, refused.Reason);
    }

    private static void IOperationHandlerFor(RequestPayload request, out Core.Operations.IOperationHandler handler) =>
        handler = ObjectHandlers.All().Single(h => h.Operation == request.Operation);
}
