using System.Security.Cryptography;
using Clavis.Core.Keys;
using Clavis.Core.Operations.Handlers;
using Clavis.Core.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using static Clavis.Core.Tests.Operations.ObjectRequests;
using WireObject = Clavis.Kmip.Messages.ManagedObject;

namespace Clavis.Core.Tests.Operations;

/// <summary>Get with a Key Wrapping Specification, the export rules, and keys the client registered wrapped.</summary>
public sealed class KeyWrappingTests
{
    private static KmipAttribute ActivatedAnHourAgo(CoreFixture fixture) =>
        new(Tag.ActivationDate, TtlvNode.DateTime(Tag.ActivationDate, fixture.Clock.UtcNow.AddHours(-1)));

    private static async Task<string> RegisterAsync(CoreFixture fixture, WireObject body, ObjectType type, ProtocolVersion? version = null, params KmipAttribute[] attributes)
    {
        RegisterResponsePayload registered = await Run<RegisterResponsePayload>(new RegisterHandler(),
            new RegisterRequestPayload { ObjectType = type, Object = body, Attributes = [.. attributes] }, fixture.Context(version: version));
        return registered.UniqueIdentifier!;
    }

    private static Task<string> RegisterKekAsync(CoreFixture fixture, byte[] kek, CryptographicUsageMask usage = CryptographicUsageMask.WrapKey) =>
        RegisterAsync(fixture, RawAesKey(kek), ObjectType.SymmetricKey, null, Usage(usage), ActivatedAnHourAgo(fixture));

    private static KeyWrappingSpecification Spec(string kekId, BlockCipherMode mode, EncodingOption? encoding = null, params string[] attributeNames) => new()
    {
        WrappingMethod = WrappingMethod.Encrypt,
        EncryptionKeyInformation = new EncryptionKeyInformation
        {
            UniqueIdentifier = kekId,
            CryptographicParameters = new CryptographicParameters { BlockCipherMode = mode },
        },
        EncodingOption = encoding,
        AttributeName = [.. attributeNames],
    };

    private static Task<GetResponsePayload> GetWrappedAsync(CoreFixture fixture, string id, KeyWrappingSpecification spec, ProtocolVersion? version = null) =>
        Run<GetResponsePayload>(new GetHandler(), new GetRequestPayload { UniqueIdentifier = id, KeyWrappingSpecification = spec }, fixture.Context(version: version));

    private static KeyBlock BlockOf(GetResponsePayload response) => Objects.ObjectBodyCodec.KeyBlockOf(response.Object!)!;

    [Fact]
    public async Task Get_wraps_with_NIST_key_wrap_and_no_encoding_as_OASIS_TC_141_expects()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        // RFC 3394 §4.1, the vectors TC-141 uses: KEK 000102…0f, key 00112233…ff.
        string kek = await RegisterKekAsync(fixture, Convert.FromHexString("000102030405060708090a0b0c0d0e0f"));
        string key = await RegisterAsync(fixture, RawAesKey(Convert.FromHexString("00112233445566778899aabbccddeeff")), ObjectType.SymmetricKey, null, Usage(CryptographicUsageMask.Encrypt));

        GetResponsePayload got = await GetWrappedAsync(fixture, key, Spec(kek, BlockCipherMode.NISTKeyWrap, EncodingOption.NoEncoding));
        KeyBlock block = BlockOf(got);

        Assert.Equal("1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5", Convert.ToHexString(block.WrappedKeyValue!), ignoreCase: true);
        Assert.Null(block.KeyValue);
        Assert.Equal(KeyFormatType.Raw, block.KeyFormatType);
        Assert.Equal(128, block.CryptographicLength);
        Assert.Equal(WrappingMethod.Encrypt, block.KeyWrappingData!.WrappingMethod);
        Assert.Equal(kek, block.KeyWrappingData.EncryptionKeyInformation!.UniqueIdentifier);
        Assert.Equal(BlockCipherMode.NISTKeyWrap, block.KeyWrappingData.EncryptionKeyInformation.CryptographicParameters!.BlockCipherMode);
        Assert.Equal(EncodingOption.NoEncoding, block.KeyWrappingData.EncodingOption);
    }

    [Fact]
    public async Task Get_with_TTLV_encoding_wraps_the_Key_Value_structure_with_the_named_attributes()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        byte[] kekBytes = RandomNumberGenerator.GetBytes(32);
        byte[] keyBytes = RandomNumberGenerator.GetBytes(32);
        string kek = await RegisterKekAsync(fixture, kekBytes);
        string key = await RegisterAsync(fixture, RawAesKey(keyBytes), ObjectType.SymmetricKey, null, Usage(CryptographicUsageMask.Encrypt), Name("payroll"));

        GetResponsePayload got = await GetWrappedAsync(fixture, key, Spec(kek, BlockCipherMode.AESKeyWrapPadding, null, "Name", "Cryptographic Usage Mask"));
        using var aes = Aes.Create();
        aes.Key = kekBytes;
        TtlvNode keyValue = TtlvNode.Decode(aes.DecryptKeyWrapPadded(BlockOf(got).WrappedKeyValue!));

        Assert.Equal(Tag.KeyValue, keyValue.Tag);
        Assert.Equal(keyBytes, keyValue.Find(Tag.KeyMaterial)!.ByteStringValue);
        Assert.Equal("payroll", keyValue.Find(Tag.Attributes)!.Find(Tag.Name)!.Find(Tag.NameValue)!.TextStringValue);
        Assert.Equal((int)CryptographicUsageMask.Encrypt, keyValue.Find(Tag.Attributes)!.Find(Tag.CryptographicUsageMask)!.IntegerValue);
        Assert.Null(BlockOf(got).KeyWrappingData!.EncodingOption);
    }

    [Fact]
    public async Task Get_wraps_with_AES_GCM_and_returns_the_IV()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        byte[] kekBytes = RandomNumberGenerator.GetBytes(32);
        byte[] keyBytes = RandomNumberGenerator.GetBytes(16);
        string kek = await RegisterKekAsync(fixture, kekBytes);
        string key = await RegisterAsync(fixture, RawAesKey(keyBytes), ObjectType.SymmetricKey, null, Usage(CryptographicUsageMask.Encrypt));

        KeyBlock block = BlockOf(await GetWrappedAsync(fixture, key, Spec(kek, BlockCipherMode.GCM, EncodingOption.NoEncoding)));
        byte[] iv = block.KeyWrappingData!.IVCounterNonce!;
        using var gcm = new AesGcm(kekBytes, 16);
        byte[] opened = new byte[16];
        gcm.Decrypt(iv, block.WrappedKeyValue.AsSpan(0, 16), block.WrappedKeyValue.AsSpan(16), opened);

        Assert.Equal(12, iv.Length);
        Assert.Equal(keyBytes, opened);
    }

    [Theory]
    [InlineData(HashingAlgorithm.SHA_1, KeyFormatType.PKCS_1)]
    [InlineData(HashingAlgorithm.SHA_256, KeyFormatType.X_509)]
    public async Task Get_wraps_with_RSA_OAEP_under_a_registered_public_key(HashingAlgorithm hashing, KeyFormatType format)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        using RSA rsa = RSA.Create(2048);
        byte[] keyBytes = RandomNumberGenerator.GetBytes(32);
        var publicKey = new PublicKey
        {
            KeyBlock = new KeyBlock
            {
                KeyFormatType = format,
                KeyValue = new KeyValue { KeyMaterial = TtlvNode.ByteString(Tag.KeyMaterial, format == KeyFormatType.PKCS_1 ? rsa.ExportRSAPublicKey() : rsa.ExportSubjectPublicKeyInfo()) },
                CryptographicAlgorithm = CryptographicAlgorithm.RSA,
                CryptographicLength = 2048,
            },
        };
        string wrapping = await RegisterAsync(fixture, publicKey, ObjectType.PublicKey, null, Usage(CryptographicUsageMask.WrapKey), ActivatedAnHourAgo(fixture));
        string key = await RegisterAsync(fixture, RawAesKey(keyBytes), ObjectType.SymmetricKey, null, Usage(CryptographicUsageMask.Encrypt));
        var spec = new KeyWrappingSpecification
        {
            WrappingMethod = WrappingMethod.Encrypt,
            EncryptionKeyInformation = new EncryptionKeyInformation
            {
                UniqueIdentifier = wrapping,
                CryptographicParameters = new CryptographicParameters { PaddingMethod = PaddingMethod.OAEP, HashingAlgorithm = hashing },
            },
            EncodingOption = EncodingOption.NoEncoding,
        };

        KeyBlock block = BlockOf(await GetWrappedAsync(fixture, key, spec));
        var hash = hashing == HashingAlgorithm.SHA_1 ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;

        Assert.Equal(keyBytes, rsa.Decrypt(block.WrappedKeyValue!, RSAEncryptionPadding.CreateOaep(hash)));
    }

    [Fact]
    public async Task Encrypt_then_MAC_adds_an_HMAC_of_the_wrapped_bytes()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        byte[] kekBytes = RandomNumberGenerator.GetBytes(16);
        byte[] macKeyBytes = RandomNumberGenerator.GetBytes(32);
        string kek = await RegisterKekAsync(fixture, kekBytes);
        SymmetricKey macKey = RawAesKey(macKeyBytes);
        macKey.KeyBlock!.CryptographicAlgorithm = CryptographicAlgorithm.HMAC_SHA256;
        string mac = await RegisterAsync(fixture, macKey, ObjectType.SymmetricKey, null, Usage(CryptographicUsageMask.MACGenerate), ActivatedAnHourAgo(fixture));
        string key = await RegisterAsync(fixture, RawAesKey(RandomNumberGenerator.GetBytes(16)), ObjectType.SymmetricKey, null, Usage(CryptographicUsageMask.Encrypt));
        KeyWrappingSpecification spec = Spec(kek, BlockCipherMode.NISTKeyWrap, EncodingOption.NoEncoding);
        spec.WrappingMethod = WrappingMethod.EncryptThenMACSign;
        spec.MACSignatureKeyInformation = new MACSignatureKeyInformation { UniqueIdentifier = mac };

        KeyBlock block = BlockOf(await GetWrappedAsync(fixture, key, spec));

        Assert.Equal(HMACSHA256.HashData(macKeyBytes, block.WrappedKeyValue!), block.KeyWrappingData!.MACSignature);
    }

    public static TheoryData<string, ResultReason> Refusals() => new()
    {
        { "wrapping key lacks Wrap Key", ResultReason.IncompatibleCryptographicUsageMask },
        { "wrapping key pre-active", ResultReason.WrongKeyLifecycleState },
        { "wrapping key missing", ResultReason.WrappingObjectNotFound },
        { "not extractable", ResultReason.NotExtractable },
        { "no encoding with attributes", ResultReason.EncodingOptionError },
        { "XTS is no wrapping mode", ResultReason.BadCryptographicParameters },
        { "CBC is no wrapping mode", ResultReason.BadCryptographicParameters },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Get_refuses_to_wrap_with_a_clear_reason(string why, ResultReason expected)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string kek = why switch
        {
            "wrapping key lacks Wrap Key" => await RegisterKekAsync(fixture, new byte[16], CryptographicUsageMask.Encrypt),
            "wrapping key pre-active" => await RegisterAsync(fixture, RawAesKey(new byte[16]), ObjectType.SymmetricKey, null, Usage(CryptographicUsageMask.WrapKey)),
            "wrapping key missing" => "no-such-key",
            _ => await RegisterKekAsync(fixture, new byte[16]),
        };
        KmipAttribute[] keyAttributes = why == "not extractable"
            ? [Usage(CryptographicUsageMask.Encrypt), new KmipAttribute(Tag.Extractable, TtlvNode.Boolean(Tag.Extractable, false))]
            : [Usage(CryptographicUsageMask.Encrypt)];
        string key = await RegisterAsync(fixture, RawAesKey(new byte[16]), ObjectType.SymmetricKey, null, keyAttributes);
        KeyWrappingSpecification spec = why switch
        {
            "no encoding with attributes" => Spec(kek, BlockCipherMode.NISTKeyWrap, EncodingOption.NoEncoding, "Name"),
            "XTS is no wrapping mode" => Spec(kek, BlockCipherMode.XTS),
            "CBC is no wrapping mode" => Spec(kek, BlockCipherMode.CBC),
            _ => Spec(kek, BlockCipherMode.NISTKeyWrap),
        };

        KmipException refused = await Refused(new GetHandler(), new GetRequestPayload { UniqueIdentifier = key, KeyWrappingSpecification = spec }, fixture.Context());

        Assert.Equal(expected, refused.Reason);
        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
    }

    [Fact]
    public async Task A_1_x_client_gets_the_nearest_reason_its_version_defines()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string key = await RegisterAsync(fixture, RawAesKey(new byte[16]), ObjectType.SymmetricKey, ProtocolVersion.V1_2, Usage(CryptographicUsageMask.Encrypt));

        KmipException refused = await Refused(new GetHandler(),
            new GetRequestPayload { UniqueIdentifier = key, KeyWrappingSpecification = Spec("no-such-key", BlockCipherMode.NISTKeyWrap) }, fixture.Context(version: ProtocolVersion.V1_2));

        Assert.Equal(ResultReason.ItemNotFound, refused.Reason);
    }

    [Fact]
    public async Task A_sensitive_key_is_returned_only_wrapped()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string kek = await RegisterKekAsync(fixture, new byte[16]);
        string key = await RegisterAsync(fixture, RawAesKey(new byte[16]), ObjectType.SymmetricKey, null,
            Usage(CryptographicUsageMask.Encrypt), new KmipAttribute(Tag.Sensitive, TtlvNode.Boolean(Tag.Sensitive, true)));

        SymmetricKey macKey = RawAesKey(new byte[32]);
        macKey.KeyBlock!.CryptographicAlgorithm = CryptographicAlgorithm.HMAC_SHA256;
        string mac = await RegisterAsync(fixture, macKey, ObjectType.SymmetricKey, null, Usage(CryptographicUsageMask.MACGenerate), ActivatedAnHourAgo(fixture));
        var macOnly = new KeyWrappingSpecification { WrappingMethod = WrappingMethod.MACSign, MACSignatureKeyInformation = new MACSignatureKeyInformation { UniqueIdentifier = mac } };

        KmipException plain = await Refused(new GetHandler(), new GetRequestPayload { UniqueIdentifier = key }, fixture.Context());
        KmipException macced = await Refused(new GetHandler(), new GetRequestPayload { UniqueIdentifier = key, KeyWrappingSpecification = macOnly }, fixture.Context());
        GetResponsePayload wrapped = await GetWrappedAsync(fixture, key, Spec(kek, BlockCipherMode.NISTKeyWrap, EncodingOption.NoEncoding));

        Assert.Equal(ResultReason.Sensitive, plain.Reason);
        Assert.Equal(ResultReason.Sensitive, macced.Reason);
        Assert.NotNull(BlockOf(wrapped).WrappedKeyValue);
    }

    [Fact]
    public async Task A_key_the_client_wrapped_comes_back_byte_for_byte_and_the_server_refuses_to_use_or_rewrap_it()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string kek = await RegisterKekAsync(fixture, new byte[16]);
        byte[] wrappedBytes = RandomNumberGenerator.GetBytes(40);
        var clientWrapped = new SymmetricKey
        {
            KeyBlock = new KeyBlock
            {
                KeyFormatType = KeyFormatType.Raw,
                WrappedKeyValue = wrappedBytes.AsSpan().ToArray(),
                CryptographicAlgorithm = CryptographicAlgorithm.AES,
                CryptographicLength = 256,
                KeyWrappingData = new KeyWrappingData
                {
                    WrappingMethod = WrappingMethod.Encrypt,
                    EncryptionKeyInformation = new EncryptionKeyInformation { UniqueIdentifier = "client-kek-7", CryptographicParameters = new CryptographicParameters { BlockCipherMode = BlockCipherMode.NISTKeyWrap } },
                    EncodingOption = EncodingOption.NoEncoding,
                },
            },
        };
        byte[] registeredEncoding = EncodeBody(clientWrapped);
        string key = await RegisterAsync(fixture, clientWrapped, ObjectType.SymmetricKey, null,
            Usage(CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt), ActivatedAnHourAgo(fixture));

        GetResponsePayload got = await Run<GetResponsePayload>(new GetHandler(), new GetRequestPayload { UniqueIdentifier = key }, fixture.Context());
        KmipException rewrap = await Refused(new GetHandler(), new GetRequestPayload { UniqueIdentifier = key, KeyWrappingSpecification = Spec(kek, BlockCipherMode.NISTKeyWrap) }, fixture.Context());
        KmipException use = await Assert.ThrowsAsync<KmipException>(async () =>
        {
            using UsableKey usable = await KeyUse.AcquireAsync(fixture.Context(), key, Operation.Encrypt, CryptographicUsageMask.Encrypt, KeyPurpose.Protect, [ObjectType.SymmetricKey], 1, CancellationToken.None);
        });

        Assert.Equal(registeredEncoding, EncodeBody(got.Object!));
        Assert.Equal(wrappedBytes, BlockOf(got).WrappedKeyValue);
        Assert.Equal("client-kek-7", BlockOf(got).KeyWrappingData!.EncryptionKeyInformation!.UniqueIdentifier);
        Assert.Equal(ResultReason.KeyWrapTypeNotSupported, rewrap.Reason);
        Assert.Equal(ResultReason.KeyValueNotPresent, use.Reason);
    }

    private static byte[] EncodeBody(WireObject body)
    {
        using var writer = new TtlvWriter();
        body.Encode(writer, Tag.SymmetricKey, ProtocolVersion.V2_1);
        return writer.ToArray();
    }
}
