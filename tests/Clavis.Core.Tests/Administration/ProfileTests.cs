using System.Text.Json;
using Clavis.Core.Administration;
using Clavis.Core.Objects;
using Clavis.Core.Operations.Handlers;
using Clavis.Core.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using static Clavis.Core.Tests.Operations.ObjectRequests;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Tests.Administration;

public sealed class ProfileTests
{
    private const string PaymentsProfile = """
        {
          "Cryptographic Algorithm": "AES",
          "Cryptographic Length": 128,
          "Cryptographic Usage Mask": ["Encrypt", "Decrypt"],
          "Object Group": ["payments", "pci"],
          "Comment": "from the profile"
        }
        """;

    [Fact]
    public async Task A_2_1_create_naming_a_profile_gets_its_attributes_the_request_wins_and_the_key_records_the_profile()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        await PutAsync(fixture, "payments", PaymentsProfile);
        var request = new CreateRequestPayload { ObjectType = ObjectType.SymmetricKey, Attributes = [Length(256), Comment("from the request"), ProfileReference("payments")] };

        CreateResponsePayload created = await Run<CreateResponsePayload>(new CreateHandler(), request, fixture.Context(version: ProtocolVersion.V2_1));

        ManagedObject stored = (await fixture.Store.GetAsync(created.UniqueIdentifier!, CancellationToken.None))!;
        Assert.Equal((uint)CryptographicAlgorithm.AES, stored.Attributes.GetEnumeration(Tag.CryptographicAlgorithm));
        Assert.Equal(256, stored.Attributes.GetInteger(Tag.CryptographicLength));
        Assert.Equal((int)(CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt), stored.Attributes.GetInteger(Tag.CryptographicUsageMask));
        Assert.Equal(["payments", "pci"], stored.Attributes.Get(Tag.ObjectGroup).Select(v => v.TextStringValue));
        Assert.Equal("from the request", stored.Attributes.GetText(Tag.Comment));
        Assert.Equal(["payments"], stored.Attributes.Get(ClavisAttributes.Profile).Select(v => v.TextStringValue));
        Assert.Equal(32, ((SymmetricKey)ObjectBodyCodec.Open(fixture.Barrier, stored.Id, stored.Material!)).KeyBlock!.KeyValue!.KeyMaterial!.ByteStringValue.Length);
    }

    [Fact]
    public async Task A_1_2_create_applies_a_profile_named_in_its_template_attribute()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        await PutAsync(fixture, "payments", PaymentsProfile);
        var request = new CreateRequestPayload
        {
            ObjectType = ObjectType.SymmetricKey,
            TemplateNames = [new Name { NameValue = "payments", NameType = NameType.UninterpretedTextString }],
            Attributes = [Usage(CryptographicUsageMask.Encrypt)],
        };

        CreateResponsePayload created = await Run<CreateResponsePayload>(new CreateHandler(), request, fixture.Context(version: ProtocolVersion.V1_2));

        ManagedObject stored = (await fixture.Store.GetAsync(created.UniqueIdentifier!, CancellationToken.None))!;
        Assert.Equal(128, stored.Attributes.GetInteger(Tag.CryptographicLength));
        Assert.Equal((int)CryptographicUsageMask.Encrypt, stored.Attributes.GetInteger(Tag.CryptographicUsageMask));
        Assert.Equal("from the profile", stored.Attributes.GetText(Tag.Comment));
    }

    [Fact]
    public async Task A_1_2_create_may_name_a_profile_with_the_y_ClavisProfile_custom_attribute()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        await PutAsync(fixture, "payments", PaymentsProfile);
        var request = new CreateRequestPayload
        {
            ObjectType = ObjectType.SymmetricKey,
            Attributes = [KmipAttribute.FromV1Name("y-ClavisProfile", TtlvNode.TextString(Tag.AttributeValue, "payments"))],
        };

        CreateResponsePayload created = await Run<CreateResponsePayload>(new CreateHandler(), request, fixture.Context(version: ProtocolVersion.V1_2));

        ManagedObject stored = (await fixture.Store.GetAsync(created.UniqueIdentifier!, CancellationToken.None))!;
        Assert.Equal(128, stored.Attributes.GetInteger(Tag.CryptographicLength));
        Assert.Equal("payments", stored.Attributes.GetFirst(ClavisAttributes.Profile)!.TextStringValue);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(1, 2)]
    public async Task A_create_naming_an_unknown_profile_is_refused_with_item_not_found(int major, int minor)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        CreateRequestPayload request = CreateAes256();
        request.Attributes!.Add(ProfileReference("nope"));

        KmipException refused = await Refused(new CreateHandler(), request, fixture.Context(version: new ProtocolVersion(major, minor)));

        Assert.Equal(ResultReason.ItemNotFound, refused.Reason);
        Assert.Contains("no profile named \"nope\"", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_profile_reference_that_is_not_text_is_refused()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        CreateRequestPayload request = CreateAes256();
        request.Attributes!.Add(KmipAttribute.Vendor("y", "ClavisProfile", TtlvNode.Integer(Tag.AttributeValue, 7)));

        KmipException refused = await Refused(new CreateHandler(), request, fixture.Context(version: ProtocolVersion.V2_1));

        Assert.Equal(ResultReason.InvalidAttributeValue, refused.Reason);
    }

    public static TheoryData<string, ResultReason, string> InvalidBodies() => new()
    {
        { """{"Unique Identifier": "abc"}""", ResultReason.AttributeReadOnly, "Unique Identifier" },
        { """{"Cryptographic Algorithm": "NOPE"}""", ResultReason.InvalidAttributeValue, "Cryptographic Algorithm" },
        { """{"Cryptographic Usage Mask": ["Encrypt", "Shred"]}""", ResultReason.InvalidAttributeValue, "Cryptographic Usage Mask" },
        { """{"Cryptographic Length": "long"}""", ResultReason.InvalidAttributeValue, "Cryptographic Length" },
        { """{"Frobnication Level": 3}""", ResultReason.InvalidAttribute, "Frobnication Level" },
        { """{"Rotate Interval": 3600}""", ResultReason.InvalidAttribute, "KMIP 2.x-only" },
        { """{"Certificate Length": 3}""", ResultReason.AttributeReadOnly, "Certificate Length" },
        { """{"y-ClavisProfile": "other"}""", ResultReason.InvalidField, "another profile" },
        { """{"y-ClavisSuspended": true}""", ResultReason.AttributeReadOnly, "y-ClavisSuspended" },
        { """{}""", ResultReason.InvalidField, "at least one attribute" },
        { """["Cryptographic Algorithm"]""", ResultReason.InvalidField, "JSON object" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task An_invalid_profile_is_refused_with_an_error_naming_the_problem(string body, ResultReason reason, string mentioned)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();

        KmipException refused = await Assert.ThrowsAsync<KmipException>(() => PutAsync(fixture, "bad", body));

        Assert.Equal(reason, refused.Reason);
        Assert.Contains(mentioned, refused.Message, StringComparison.Ordinal);
        Assert.Empty(await fixture.Store.LocateAsync(new Ports.ObjectQuery { ObjectType = ObjectType.Template }, CancellationToken.None));
    }

    [Fact]
    public async Task The_documented_example_with_a_vendor_attribute_a_boolean_and_a_structure_is_accepted_and_applied()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        await PutAsync(fixture, "payments-aes", """
            {
              "Cryptographic Algorithm": "AES",
              "Cryptographic Length": 256,
              "Cryptographic Usage Mask": "Encrypt|Decrypt",
              "Sensitive": true,
              "x-Team": "payments",
              "Cryptographic Parameters": {"tag": "CryptographicParameters", "value": [{"tag": "BlockCipherMode", "type": "Enumeration", "value": "GCM"}]}
            }
            """);

        CreateResponsePayload created = await Run<CreateResponsePayload>(new CreateHandler(),
            new CreateRequestPayload { ObjectType = ObjectType.SymmetricKey, Attributes = [ProfileReference("payments-aes")] }, fixture.Context());

        ManagedObject stored = (await fixture.Store.GetAsync(created.UniqueIdentifier!, CancellationToken.None))!;
        Assert.True(stored.Attributes.GetFirst(Tag.Sensitive)!.BooleanValue);
        Assert.Equal("payments", stored.Attributes.GetFirst(AttributeKey.Vendor("x", "Team"))!.TextStringValue);
        TtlvNode parameters = stored.Attributes.GetFirst(Tag.CryptographicParameters)!;
        Assert.Equal((uint)BlockCipherMode.GCM, parameters.Children.Single(c => c.Tag == Tag.BlockCipherMode).EnumerationValue);
    }

    [Fact]
    public void A_single_valued_attribute_given_twice_is_refused()
    {
        KmipException refused = Assert.Throws<KmipException>(() => ProfileAdministration.Validate([Length(128), Length(256)]));

        Assert.Equal(ResultReason.AttributeSingleValued, refused.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" padded")]
    [InlineData("tab\there")]
    public async Task A_malformed_profile_name_is_refused(string name)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();

        KmipException refused = await Assert.ThrowsAsync<KmipException>(() => PutAsync(fixture, name, PaymentsProfile));

        Assert.Equal(ResultReason.InvalidField, refused.Reason);
    }

    [Fact]
    public async Task Only_administrators_manage_profiles()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        var profiles = new ProfileAdministration(fixture.Services);

        KmipException refused = await Assert.ThrowsAsync<KmipException>(() => profiles.PutAsync("payments", [Length(128)], CoreFixture.Alice, CancellationToken.None));
        await Assert.ThrowsAsync<KmipException>(() => profiles.ListAsync(CoreFixture.Alice, CancellationToken.None));

        Assert.Equal(ResultReason.PermissionDenied, refused.Reason);
    }

    [Fact]
    public async Task A_profile_reads_back_as_written_is_replaced_in_place_and_deleted()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        var profiles = new ProfileAdministration(fixture.Services);
        KeyProfile first = await PutAsync(fixture, "payments", PaymentsProfile);

        using (JsonDocument read = JsonDocument.Parse(ProfileJson.ToJson(await profiles.GetAsync("payments", CoreFixture.Admin, CancellationToken.None))))
        {
            JsonElement attributes = read.RootElement.GetProperty("attributes");
            Assert.Equal("payments", read.RootElement.GetProperty("name").GetString());
            Assert.Equal("AES", attributes.GetProperty("Cryptographic Algorithm").GetString());
            Assert.Equal(128, attributes.GetProperty("Cryptographic Length").GetInt32());
            Assert.Equal(["Encrypt", "Decrypt"], attributes.GetProperty("Cryptographic Usage Mask").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(["payments", "pci"], attributes.GetProperty("Object Group").EnumerateArray().Select(e => e.GetString()));
        }

        KeyProfile second = await PutAsync(fixture, "payments", """{"Cryptographic Algorithm": "AES", "Cryptographic Length": 192}""");
        IReadOnlyList<KeyProfile> listed = await profiles.ListAsync(CoreFixture.Admin, CancellationToken.None);

        Assert.Equal(first.Id, second.Id);
        KeyProfile only = Assert.Single(listed);
        Assert.Equal(2, only.Attributes.Count);
        Assert.Equal(192, only.Attributes.Single(a => a.Tag == Tag.CryptographicLength).Value.IntegerValue);

        await profiles.DeleteAsync("payments", CoreFixture.Admin, CancellationToken.None);

        Assert.Empty(await profiles.ListAsync(CoreFixture.Admin, CancellationToken.None));
        KmipException gone = await Assert.ThrowsAsync<KmipException>(() => profiles.GetAsync("payments", CoreFixture.Admin, CancellationToken.None));
        Assert.Equal(ResultReason.ItemNotFound, gone.Reason);
        CreateRequestPayload request = CreateAes256();
        request.Attributes!.Add(ProfileReference("payments"));
        Assert.Equal(ResultReason.ItemNotFound, (await Refused(new CreateHandler(), request, fixture.Context())).Reason);
    }

    [Fact]
    public async Task A_template_registered_by_a_1_x_client_is_listed_as_a_profile_and_usable_from_2_1()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        var template = new Template { Attributes = [Algorithm(CryptographicAlgorithm.AES), Length(128), Usage(CryptographicUsageMask.Encrypt)] };
        await Run<RegisterResponsePayload>(new RegisterHandler(),
            new RegisterRequestPayload { ObjectType = ObjectType.Template, Object = template, Attributes = [Name("legacy")] },
            fixture.Context(version: ProtocolVersion.V1_4));

        IReadOnlyList<KeyProfile> listed = await new ProfileAdministration(fixture.Services).ListAsync(CoreFixture.Admin, CancellationToken.None);
        CreateResponsePayload created = await Run<CreateResponsePayload>(new CreateHandler(),
            new CreateRequestPayload { ObjectType = ObjectType.SymmetricKey, Attributes = [ProfileReference("legacy")] }, fixture.Context());

        Assert.Equal("legacy", Assert.Single(listed).Name);
        ManagedObject stored = (await fixture.Store.GetAsync(created.UniqueIdentifier!, CancellationToken.None))!;
        Assert.Equal(128, stored.Attributes.GetInteger(Tag.CryptographicLength));
    }

    private static KmipAttribute ProfileReference(string name) => KmipAttribute.Vendor("y", "ClavisProfile", TtlvNode.TextString(Tag.AttributeValue, name));

    private static Task<KeyProfile> PutAsync(CoreFixture fixture, string name, string json)
    {
        using JsonDocument body = JsonDocument.Parse(json);
        IReadOnlyList<KmipAttribute> attributes = ProfileJson.ReadAttributes(body.RootElement);
        return new ProfileAdministration(fixture.Services).PutAsync(name, attributes, CoreFixture.Admin, CancellationToken.None);
    }
}
