using System.Security.Cryptography;
using System.Text;
using Clavis.Core.Operations.Handlers;
using Clavis.Core.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using static Clavis.Core.Tests.Operations.ObjectRequests;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Tests.Operations;

public sealed class DeriveKeyHandlerTests
{
    private static readonly byte[] s_oasisBaseKey = Convert.FromHexString("00112233445566778899aabbccddeeff");

    private static async Task<string> RegisterBaseAsync(CoreFixture fixture, WireBody body, CryptographicUsageMask usage = CryptographicUsageMask.DeriveKey, ProtocolVersion? version = null)
    {
        RegisterResponsePayload registered = await Run<RegisterResponsePayload>(new RegisterHandler(), new RegisterRequestPayload
        {
            ObjectType = body.Type,
            Object = body.Object,
            Attributes = [Usage(usage), new KmipAttribute(Tag.ActivationDate, TtlvNode.DateTime(Tag.ActivationDate, fixture.Clock.UtcNow.AddHours(-1)))],
        }, fixture.Context(version: version));
        return registered.UniqueIdentifier!;
    }

    private static WireBody Password(string password) => new(ObjectType.SecretData, new SecretData
    {
        SecretDataType = SecretDataType.Password,
        KeyBlock = new KeyBlock { KeyFormatType = KeyFormatType.Opaque, KeyValue = new KeyValue { KeyMaterial = TtlvNode.ByteString(Tag.KeyMaterial, Encoding.UTF8.GetBytes(password)) } },
    });

    private static WireBody Aes(byte[] key) => new(ObjectType.SymmetricKey, RawAesKey(key));

    private static DeriveKeyRequestPayload Derive(string baseId, DerivationMethod method, DerivationParameters parameters, int bits = 128, ObjectType type = ObjectType.SymmetricKey) => new()
    {
        ObjectType = type,
        UniqueIdentifier = [baseId],
        DerivationMethod = method,
        DerivationParameters = parameters,
        Attributes = type == ObjectType.SymmetricKey
            ? [Algorithm(CryptographicAlgorithm.AES), Length(bits), Usage(CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt)]
            : [Length(bits)],
    };

    private static async Task<byte[]> DerivedBytesAsync(CoreFixture fixture, DeriveKeyRequestPayload request)
    {
        DeriveKeyResponsePayload derived = await Run<DeriveKeyResponsePayload>(new DeriveKeyHandler(), request, fixture.Context());
        GetResponsePayload got = await Run<GetResponsePayload>(new GetHandler(), new GetRequestPayload { UniqueIdentifier = derived.UniqueIdentifier }, fixture.Context());
        return Objects.ObjectBodyCodec.KeyBlockOf(got.Object!)!.KeyValue!.KeyMaterial!.ByteStringValue;
    }

    private static CryptographicParameters Hash(HashingAlgorithm hashing) => new() { HashingAlgorithm = hashing };

    [Fact]
    public async Task HASH_gives_the_OASIS_TC_DERIVEKEY_1_answer()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string baseId = await RegisterBaseAsync(fixture, Aes(s_oasisBaseKey), CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt | CryptographicUsageMask.DeriveKey);

        byte[] derived = await DerivedBytesAsync(fixture, Derive(baseId, DerivationMethod.HASH, new DerivationParameters { CryptographicParameters = Hash(HashingAlgorithm.SHA_256) }));

        Assert.Equal("a8faed6abbf35c12a4b26e40f6feb19d", Convert.ToHexString(derived), ignoreCase: true);
    }

    [Fact]
    public async Task HMAC_gives_the_OASIS_TC_DERIVEKEY_2_answer()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string baseId = await RegisterBaseAsync(fixture, Aes(s_oasisBaseKey));

        byte[] derived = await DerivedBytesAsync(fixture, Derive(baseId, DerivationMethod.HMAC,
            new DerivationParameters { CryptographicParameters = Hash(HashingAlgorithm.SHA_256), DerivationData = [1, 2] }));

        Assert.Equal("1e15c1f1da233629f770fb0a04a5020e", Convert.ToHexString(derived), ignoreCase: true);
    }

    [Theory]
    [InlineData(1, "0c60c80f961f0e71f3a9b524af601206")]
    [InlineData(4096, "4b007901b765489abead49d926f721d0")]
    public async Task PBKDF2_from_a_password_gives_the_OASIS_TC_DERIVEKEY_3_and_4_answers(int iterations, string expected)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string baseId = await RegisterBaseAsync(fixture, Password("password"));

        byte[] derived = await DerivedBytesAsync(fixture, Derive(baseId, DerivationMethod.PBKDF2,
            new DerivationParameters { Salt = Encoding.ASCII.GetBytes("salt"), IterationCount = iterations }));

        Assert.Equal(expected, Convert.ToHexString(derived), ignoreCase: true);
    }

    [Theory]
    [InlineData(HashingAlgorithm.SHA_256)]
    [InlineData(HashingAlgorithm.SHA_384)]
    [InlineData(HashingAlgorithm.SHA_512)]
    public async Task PBKDF2_uses_the_hashing_algorithm_asked(HashingAlgorithm hashing)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string baseId = await RegisterBaseAsync(fixture, Password("correct horse"));
        byte[] salt = RandomNumberGenerator.GetBytes(16);

        byte[] derived = await DerivedBytesAsync(fixture, Derive(baseId, DerivationMethod.PBKDF2,
            new DerivationParameters { CryptographicParameters = Hash(hashing), Salt = salt, IterationCount = 1000 }, 256));

        var name = hashing switch { HashingAlgorithm.SHA_256 => HashAlgorithmName.SHA256, HashingAlgorithm.SHA_384 => HashAlgorithmName.SHA384, _ => HashAlgorithmName.SHA512 };
        Assert.Equal(Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes("correct horse"), salt, 1000, name, 32), derived);
    }

    [Fact]
    public async Task HKDF_takes_salt_and_info_and_agrees_with_the_BCL()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        byte[] ikm = RandomNumberGenerator.GetBytes(32);
        string baseId = await RegisterBaseAsync(fixture, Aes(ikm));

        byte[] derived = await DerivedBytesAsync(fixture, Derive(baseId, DerivationMethod.HKDF,
            new DerivationParameters { CryptographicParameters = Hash(HashingAlgorithm.SHA_256), Salt = [9, 9], DerivationData = [7] }, 256));

        Assert.Equal(HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 32, [9, 9], [7]), derived);
    }

    [Fact]
    public async Task SP_800_108_counter_mode_agrees_with_the_BCL_for_its_fixed_input()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        byte[] key = RandomNumberGenerator.GetBytes(32);
        string baseId = await RegisterBaseAsync(fixture, Aes(key));
        byte[] fixedInput = [.. "label"u8, 0, .. "context"u8, 0, 0, 1, 0];

        byte[] derived = await DerivedBytesAsync(fixture, Derive(baseId, DerivationMethod.NIST800_108_C,
            new DerivationParameters { CryptographicParameters = Hash(HashingAlgorithm.SHA_256), DerivationData = fixedInput }, 256));

        Assert.Equal(SP800108HmacCounterKdf.DeriveBytes(key, HashAlgorithmName.SHA256, "label"u8, "context"u8, 32), derived);
    }

    [Fact]
    public async Task ENCRYPT_encrypts_the_derivation_data_with_the_mode_asked()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        byte[] key = RandomNumberGenerator.GetBytes(16);
        byte[] iv = RandomNumberGenerator.GetBytes(16);
        byte[] data = RandomNumberGenerator.GetBytes(32);
        string baseId = await RegisterBaseAsync(fixture, Aes(key));

        byte[] derived = await DerivedBytesAsync(fixture, Derive(baseId, DerivationMethod.ENCRYPT, new DerivationParameters
        {
            CryptographicParameters = new CryptographicParameters { BlockCipherMode = BlockCipherMode.CBC },
            InitializationVector = iv,
            DerivationData = data,
        }, 256));
        using var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = key;

        Assert.Equal(aes.EncryptCbc(data, iv, PaddingMode.None), derived);
    }

    [Fact]
    public async Task Derived_objects_link_both_ways_set_the_placeholder_and_secret_data_is_a_seed()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string baseId = await RegisterBaseAsync(fixture, Aes(RandomNumberGenerator.GetBytes(32)));
        var context = fixture.Context();

        DeriveKeyResponsePayload response = await Run<DeriveKeyResponsePayload>(new DeriveKeyHandler(),
            Derive(baseId, DerivationMethod.HKDF, new DerivationParameters { CryptographicParameters = Hash(HashingAlgorithm.SHA_512) }, 512, ObjectType.SecretData), context);
        ManagedObject derived = await fixture.LoadAsync(response.UniqueIdentifier!);
        ManagedObject baseObject = await fixture.LoadAsync(baseId);

        Assert.Equal(response.UniqueIdentifier, context.IdPlaceholder);
        Assert.Equal(ObjectType.SecretData, derived.ObjectType);
        Assert.Equal(State.PreActive, derived.State);
        Assert.Contains(derived.Attributes.Get(Tag.Link), l => l.Find(Tag.LinkType)!.EnumerationValue == (uint)LinkType.DerivationBaseObjectLink && l.Find(Tag.LinkedObjectIdentifier)!.TextStringValue == baseId);
        Assert.Contains(baseObject.Attributes.Get(Tag.Link), l => l.Find(Tag.LinkType)!.EnumerationValue == (uint)LinkType.DerivedKeyLink && l.Find(Tag.LinkedObjectIdentifier)!.TextStringValue == derived.Id);
        Assert.Equal(-1, derived.Material!.Ciphertext.AsSpan().IndexOf(new byte[64]));
    }

    public static TheoryData<string, ResultReason> Refusals() => new()
    {
        { "no Derive Key bit", ResultReason.IncompatibleCryptographicUsageMask },
        { "longer than HMAC gives", ResultReason.InvalidField },
        { "PBKDF2 without salt", ResultReason.InvalidField },
        { "no hashing algorithm", ResultReason.BadCryptographicParameters },
        { "MD5", ResultReason.BadCryptographicParameters },
        { "ENCRYPT in GCM", ResultReason.BadCryptographicParameters },
        { "feedback mode", ResultReason.FeatureNotSupported },
        { "no length", ResultReason.InvalidField },
        { "a public key", ResultReason.InvalidField },
        { "two base objects", ResultReason.InvalidField },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task DeriveKey_refuses_with_a_clear_reason(string why, ResultReason expected)
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string baseId = await RegisterBaseAsync(fixture, Aes(RandomNumberGenerator.GetBytes(16)),
            why == "no Derive Key bit" ? CryptographicUsageMask.Encrypt : CryptographicUsageMask.DeriveKey);
        var sha256 = new DerivationParameters { CryptographicParameters = Hash(HashingAlgorithm.SHA_256), DerivationData = [1] };
        DeriveKeyRequestPayload request = why switch
        {
            "longer than HMAC gives" => Derive(baseId, DerivationMethod.HMAC, sha256, 512, ObjectType.SecretData),
            "PBKDF2 without salt" => Derive(baseId, DerivationMethod.PBKDF2, new DerivationParameters { IterationCount = 10 }),
            "no hashing algorithm" => Derive(baseId, DerivationMethod.HKDF, new DerivationParameters()),
            "MD5" => Derive(baseId, DerivationMethod.HMAC, new DerivationParameters { CryptographicParameters = Hash(HashingAlgorithm.MD5), DerivationData = [1] }),
            "ENCRYPT in GCM" => Derive(baseId, DerivationMethod.ENCRYPT, new DerivationParameters { CryptographicParameters = new CryptographicParameters { BlockCipherMode = BlockCipherMode.GCM }, DerivationData = new byte[16] }),
            "feedback mode" => Derive(baseId, DerivationMethod.NIST800_108_F, sha256),
            "no length" => Derive(baseId, DerivationMethod.HMAC, sha256) is var r ? Without(r, Tag.CryptographicLength) : null!,
            "a public key" => Derive(baseId, DerivationMethod.HMAC, sha256, 128, ObjectType.PublicKey),
            "two base objects" => Derive(baseId, DerivationMethod.HMAC, sha256) is var t ? WithSecondBase(t, baseId) : null!,
            _ => Derive(baseId, DerivationMethod.HMAC, sha256),
        };

        KmipException refused = await Refused(new DeriveKeyHandler(), request, fixture.Context());

        Assert.Equal(expected, refused.Reason);
        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
    }

    [Fact]
    public async Task A_1_x_client_gets_Invalid_Field_for_bad_cryptographic_parameters()
    {
        await using CoreFixture fixture = await CoreFixture.CreateAsync();
        string baseId = await RegisterBaseAsync(fixture, Aes(RandomNumberGenerator.GetBytes(16)), version: ProtocolVersion.V1_4);

        KmipException refused = await Refused(new DeriveKeyHandler(), Derive(baseId, DerivationMethod.HKDF, new DerivationParameters()), fixture.Context(version: ProtocolVersion.V1_4));

        Assert.Equal(ResultReason.InvalidField, refused.Reason);
    }

    private static DeriveKeyRequestPayload Without(DeriveKeyRequestPayload request, Tag tag)
    {
        request.Attributes!.RemoveAll(a => a.Tag == tag);
        return request;
    }

    private static DeriveKeyRequestPayload WithSecondBase(DeriveKeyRequestPayload request, string id)
    {
        request.UniqueIdentifier.Add(id);
        return request;
    }

    private sealed record WireBody(ObjectType Type, Kmip.Messages.ManagedObject Object);
}
