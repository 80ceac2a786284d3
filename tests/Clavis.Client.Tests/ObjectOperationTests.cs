using System.Security.Cryptography;
using Clavis.Client.Tests.Support;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Client.Tests;

/// <summary>Create, Create Key Pair, Register, Get, Locate, Re-Key and Derive Key through the SDK against a real node.</summary>
[Collection(SharedServer.Name)]
public sealed class ObjectOperationTests(ServerFixture server)
{
    private const CryptographicUsageMask EncryptDecrypt = CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt;

    [Fact]
    public async Task CreateSymmetricKey_returns_an_identifier_and_the_key_has_the_asked_attributes()
    {
        await using KmipClient client = TestClients.Create(server);
        string name = "create-" + Guid.NewGuid();
        CreateResponsePayload created = await client.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 192, EncryptDecrypt, name,
            [KmipAttributes.ContactInformation("team-a")]);

        Assert.Equal(ObjectType.SymmetricKey, created.ObjectType);
        GetAttributesResponsePayload attributes = await client.GetAttributesAsync(created.UniqueIdentifier!,
            [new KmipAttributeReference(Tag.CryptographicLength), new KmipAttributeReference(Tag.ContactInformation), new KmipAttributeReference(Tag.Name)]);
        Assert.Equal(192, attributes.Attributes!.Single(a => a.Tag == Tag.CryptographicLength).Value.IntegerValue);
        Assert.Equal("team-a", attributes.Attributes!.Single(a => a.Tag == Tag.ContactInformation).Value.TextStringValue);
        Assert.Equal(name, attributes.Attributes!.Single(a => a.Tag == Tag.Name).Value.Find(Tag.NameValue)!.TextStringValue);
    }

    [Fact]
    public async Task CreateSymmetricKey_with_an_impossible_length_fails_with_the_servers_reason()
    {
        await using KmipClient client = TestClients.Create(server);

        var e = await Assert.ThrowsAsync<KmipOperationException>(() => client.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 100, EncryptDecrypt));

        Assert.Equal(Operation.Create, e.Operation);
        Assert.Equal(ResultStatus.OperationFailed, e.ResultStatus);
        Assert.NotNull(e.ResultReason);
        Assert.False(string.IsNullOrEmpty(e.ResultMessage));
    }

    [Fact]
    public async Task CreateKeyPair_makes_a_private_and_a_public_key()
    {
        await using KmipClient client = TestClients.Create(server);

        CreateKeyPairResponsePayload pair = await client.CreateKeyPairAsync(CryptographicAlgorithm.RSA, 2048, CryptographicUsageMask.Sign, CryptographicUsageMask.Verify);

        Assert.Equal(ObjectType.PrivateKey, (await client.GetAsync(pair.PrivateKeyUniqueIdentifier!)).ObjectType);
        Assert.Equal(ObjectType.PublicKey, (await client.GetAsync(pair.PublicKeyUniqueIdentifier!)).ObjectType);
    }

    [Fact]
    public async Task Register_of_key_bytes_then_Get_returns_the_same_bytes()
    {
        await using KmipClient client = TestClients.Create(server);
        byte[] key = RandomNumberGenerator.GetBytes(32);

        RegisterResponsePayload registered = await client.RegisterAsync(CryptographicAlgorithm.AES, key, EncryptDecrypt, "registered-" + Guid.NewGuid());
        GetResponsePayload got = await client.GetAsync(registered.UniqueIdentifier!, KeyFormatType.Raw);

        Assert.Equal(ObjectType.SymmetricKey, got.ObjectType);
        Assert.Equal(key, Assert.IsType<SymmetricKey>(got.Object).KeyBlock!.KeyValue!.KeyMaterial!.ByteStringValue);
    }

    [Fact]
    public async Task Register_of_secret_data_then_Get_returns_the_secret()
    {
        await using KmipClient client = TestClients.Create(server);
        byte[] secret = "correct horse battery staple"u8.ToArray();

        RegisterResponsePayload registered = await client.RegisterAsync(SecretDataType.Password, secret, CryptographicUsageMask.DeriveKey);
        GetResponsePayload got = await client.GetAsync(registered.UniqueIdentifier!);

        Assert.Equal(secret, Assert.IsType<SecretData>(got.Object).KeyBlock!.KeyValue!.KeyMaterial!.ByteStringValue);
    }

    [Fact]
    public async Task Register_of_a_payload_registers_it_as_given()
    {
        await using KmipClient client = TestClients.Create(server);
        var request = new RegisterRequestPayload
        {
            ObjectType = ObjectType.SymmetricKey,
            Attributes = [KmipAttributes.CryptographicUsageMask(CryptographicUsageMask.MACGenerate)],
            Object = new SymmetricKey
            {
                KeyBlock = new KeyBlock
                {
                    KeyFormatType = KeyFormatType.Raw,
                    KeyValue = new KeyValue { KeyMaterial = TtlvNode.ByteString(Tag.KeyMaterial, RandomNumberGenerator.GetBytes(32)) },
                    CryptographicAlgorithm = CryptographicAlgorithm.HMAC_SHA256,
                    CryptographicLength = 256,
                },
            },
        };

        RegisterResponsePayload registered = await client.RegisterAsync(request);

        Assert.False(string.IsNullOrEmpty(registered.UniqueIdentifier));
    }

    [Fact]
    public async Task Get_of_an_unknown_identifier_is_Item_Not_Found()
    {
        await using KmipClient client = TestClients.Create(server);

        var e = await Assert.ThrowsAsync<KmipOperationException>(() => client.GetAsync("00000000-0000-0000-0000-000000000000"));

        Assert.Equal(ResultReason.ItemNotFound, e.ResultReason);
        Assert.Equal(Operation.Get, e.Operation);
        Assert.Contains("ItemNotFound", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_with_a_wrapping_specification_returns_the_key_wrapped()
    {
        await using KmipClient client = TestClients.Create(server);
        string kek = (await client.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 256, CryptographicUsageMask.WrapKey)).UniqueIdentifier!;
        await client.ActivateAsync(kek);
        string key = (await client.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 256, EncryptDecrypt)).UniqueIdentifier!;

        GetResponsePayload got = await client.GetAsync(key, keyWrappingSpecification: new KeyWrappingSpecification
        {
            WrappingMethod = WrappingMethod.Encrypt,
            EncryptionKeyInformation = new EncryptionKeyInformation
            {
                UniqueIdentifier = kek,
                CryptographicParameters = new CryptographicParameters { BlockCipherMode = BlockCipherMode.NISTKeyWrap },
            },
            EncodingOption = EncodingOption.NoEncoding,
        });

        KeyBlock block = Assert.IsType<SymmetricKey>(got.Object).KeyBlock!;
        Assert.Equal(kek, block.KeyWrappingData!.EncryptionKeyInformation!.UniqueIdentifier);
        Assert.Null(block.KeyValue);
        Assert.Equal(32 + 8, block.WrappedKeyValue!.Length); // RFC 3394 adds one 8-byte block
    }

    [Fact]
    public async Task Get_of_another_clients_key_is_Permission_Denied()
    {
        using var folder = new TemporaryDirectory();
        var (certificate, key, _) = TestClients.Issue(server, "alice-" + Guid.NewGuid().ToString("N")[..8], null, folder.Path);
        await using var alice = new KmipClient(TestClients.Options(server).UseClientCertificatePem(certificate, key));
        await using KmipClient admin = TestClients.Create(server);
        string adminsKey = (await admin.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 256, EncryptDecrypt)).UniqueIdentifier!;

        var e = await Assert.ThrowsAsync<KmipOperationException>(() => alice.GetAsync(adminsKey));

        Assert.Equal(ResultReason.PermissionDenied, e.ResultReason);
    }

    [Fact]
    public async Task Locate_filters_by_name_type_and_state_with_paging()
    {
        await using KmipClient client = TestClients.Create(server);
        string name = "locate-" + Guid.NewGuid();
        string first = (await client.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 128, EncryptDecrypt, name)).UniqueIdentifier!;

        LocateResponsePayload byName = await client.LocateAsync(new KmipLocateFilter { Name = name, ObjectType = ObjectType.SymmetricKey });
        LocateResponsePayload preActive = await client.LocateAsync(new KmipLocateFilter { Name = name, State = State.PreActive });
        LocateResponsePayload active = await client.LocateAsync(new KmipLocateFilter { Name = name, State = State.Active });
        LocateResponsePayload skipped = await client.LocateAsync(new KmipLocateFilter { Name = name, OffsetItems = 1, MaximumItems = 10 });
        LocateResponsePayload none = await client.LocateAsync(new KmipLocateFilter { Name = name, ObjectType = ObjectType.SecretData });

        Assert.Equal([first], byName.UniqueIdentifier);
        Assert.Equal([first], preActive.UniqueIdentifier);
        Assert.Empty(active.UniqueIdentifier);
        Assert.Empty(skipped.UniqueIdentifier);
        Assert.Empty(none.UniqueIdentifier);
    }

    [Fact]
    public async Task ReKey_makes_a_new_key_and_fails_for_an_unknown_one()
    {
        await using KmipClient client = TestClients.Create(server);
        string old = (await client.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 256, EncryptDecrypt)).UniqueIdentifier!;
        await client.ActivateAsync(old);

        ReKeyResponsePayload renewed = await client.ReKeyAsync(old);

        Assert.NotEqual(old, renewed.UniqueIdentifier);
        var e = await Assert.ThrowsAsync<KmipOperationException>(() => client.ReKeyAsync("missing-key"));
        Assert.Equal(ResultReason.ItemNotFound, e.ResultReason);
    }

    [Fact]
    public async Task DeriveKey_with_HMAC_gives_the_value_the_BCL_computes()
    {
        await using KmipClient client = TestClients.Create(server);
        byte[] baseKey = RandomNumberGenerator.GetBytes(32);
        string baseId = (await client.RegisterAsync(CryptographicAlgorithm.HMAC_SHA256, baseKey, CryptographicUsageMask.DeriveKey)).UniqueIdentifier!;
        await client.ActivateAsync(baseId);
        byte[] data = "context"u8.ToArray();

        DeriveKeyResponsePayload derived = await client.DeriveKeyAsync(new DeriveKeyRequestPayload
        {
            ObjectType = ObjectType.SymmetricKey,
            UniqueIdentifier = [baseId],
            DerivationMethod = DerivationMethod.HMAC,
            DerivationParameters = new DerivationParameters
            {
                CryptographicParameters = new CryptographicParameters { HashingAlgorithm = HashingAlgorithm.SHA_256 },
                DerivationData = data,
            },
            Attributes = [KmipAttributes.CryptographicAlgorithm(CryptographicAlgorithm.AES), KmipAttributes.CryptographicLength(256), KmipAttributes.CryptographicUsageMask(CryptographicUsageMask.Encrypt)],
        });

        GetResponsePayload got = await client.GetAsync(derived.UniqueIdentifier!);
        Assert.Equal(HMACSHA256.HashData(baseKey, data), Assert.IsType<SymmetricKey>(got.Object).KeyBlock!.KeyValue!.KeyMaterial!.ByteStringValue);
    }
}
