using System.Security.Cryptography;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace Clavis.Integration.Tests;

/// <summary>
/// Key wrapping on Get, Derive Key and Re-key over mutual TLS. Every wrapped or derived value is checked with
/// .NET's own APIs (or BouncyCastle for RFC 3394), never with the server's code.
/// </summary>
public sealed class CryptoServiceTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly ProtocolVersion V21 = ProtocolVersion.V2_1;

    private static KmipAttribute Mask(CryptographicUsageMask mask) => new(Tag.CryptographicUsageMask, TtlvNode.Integer(Tag.CryptographicUsageMask, (int)mask));

    private static KmipAttribute ActiveSince(TimeSpan ago) => new(Tag.ActivationDate, TtlvNode.DateTime(Tag.ActivationDate, DateTimeOffset.UtcNow - ago));

    private async Task<T> SendAsync<T>(ProtocolVersion version, RequestPayload payload)
        where T : ResponsePayload
    {
        await using KmipTestClient client = await server.ConnectAsync();
        return Responses.Success<T>(await client.SendAsync(Requests.Message(version, payload)));
    }

    private async Task<ResponseBatchItem> FailAsync(ProtocolVersion version, RequestPayload payload, ResultReason reason)
    {
        await using KmipTestClient client = await server.ConnectAsync();
        return Responses.Failure(await client.SendAsync(Requests.Message(version, payload)), reason);
    }

    private async Task<string> RegisterAsync(ObjectType type, Kmip.Messages.ManagedObject body, params KmipAttribute[] attributes) =>
        (await SendAsync<RegisterResponsePayload>(V21, new RegisterRequestPayload { ObjectType = type, Object = body, Attributes = [.. attributes] })).UniqueIdentifier!;

    private Task<string> RegisterAesAsync(byte[] key, params KmipAttribute[] attributes)
    {
        RegisterRequestPayload request = Requests.RegisterAes(key);
        return RegisterAsync(ObjectType.SymmetricKey, request.Object!, attributes);
    }

    private async Task<KeyBlock> GetWrappedAsync(string id, string wrappingId, CryptographicParameters parameters, EncodingOption encoding = EncodingOption.NoEncoding)
    {
        GetResponsePayload got = await SendAsync<GetResponsePayload>(V21, new GetRequestPayload
        {
            UniqueIdentifier = id,
            KeyWrappingSpecification = new KeyWrappingSpecification
            {
                WrappingMethod = WrappingMethod.Encrypt,
                EncryptionKeyInformation = new EncryptionKeyInformation { UniqueIdentifier = wrappingId, CryptographicParameters = parameters },
                EncodingOption = encoding,
            },
        });
        KeyBlock block = Assert.IsType<SymmetricKey>(got.Object).KeyBlock!;
        Assert.Null(block.KeyValue);
        Assert.Equal(wrappingId, block.KeyWrappingData!.EncryptionKeyInformation!.UniqueIdentifier);
        return block;
    }

    private async Task<byte[]> MaterialAsync(string id)
    {
        GetResponsePayload got = await SendAsync<GetResponsePayload>(V21, new GetRequestPayload { UniqueIdentifier = id });
        KeyBlock block = got.Object switch
        {
            SymmetricKey key => key.KeyBlock!,
            SecretData secret => secret.KeyBlock!,
            _ => throw new InvalidOperationException($"unexpected {got.ObjectType}"),
        };
        return block.KeyValue!.KeyMaterial!.ByteStringValue;
    }

    [Fact]
    public async Task Get_wraps_with_RFC_3394_and_BouncyCastle_unwraps_it()
    {
        byte[] kek = RandomNumberGenerator.GetBytes(32);
        byte[] key = RandomNumberGenerator.GetBytes(32);
        string kekId = await RegisterAesAsync(kek, Mask(CryptographicUsageMask.WrapKey), ActiveSince(TimeSpan.FromMinutes(1)));
        string keyId = await RegisterAesAsync(key, Mask(CryptographicUsageMask.Encrypt));

        KeyBlock block = await GetWrappedAsync(keyId, kekId, new CryptographicParameters { BlockCipherMode = BlockCipherMode.NISTKeyWrap });
        var engine = new AesWrapEngine();
        engine.Init(false, new KeyParameter(kek));

        Assert.Equal(key, engine.Unwrap(block.WrappedKeyValue!, 0, block.WrappedKeyValue!.Length));
    }

    [Fact]
    public async Task Get_wraps_with_RFC_5649_and_the_BCL_unwraps_the_TTLV_encoded_key_value()
    {
        byte[] kek = RandomNumberGenerator.GetBytes(16);
        byte[] key = RandomNumberGenerator.GetBytes(24);
        string kekId = await RegisterAesAsync(kek, Mask(CryptographicUsageMask.WrapKey), ActiveSince(TimeSpan.FromMinutes(1)));
        string keyId = await RegisterAesAsync(key, Mask(CryptographicUsageMask.Encrypt));

        KeyBlock block = await GetWrappedAsync(keyId, kekId, new CryptographicParameters { BlockCipherMode = BlockCipherMode.AESKeyWrapPadding }, EncodingOption.TTLVEncoding);
        using var aes = Aes.Create();
        aes.Key = kek;
        TtlvNode keyValue = TtlvNode.Decode(aes.DecryptKeyWrapPadded(block.WrappedKeyValue!));

        Assert.Equal(key, keyValue.Find(Tag.KeyMaterial)!.ByteStringValue);
    }

    [Fact]
    public async Task Get_wraps_with_AES_GCM_and_AesGcm_opens_it_with_the_returned_IV()
    {
        byte[] kek = RandomNumberGenerator.GetBytes(32);
        byte[] key = RandomNumberGenerator.GetBytes(32);
        string kekId = await RegisterAesAsync(kek, Mask(CryptographicUsageMask.WrapKey), ActiveSince(TimeSpan.FromMinutes(1)));
        string keyId = await RegisterAesAsync(key, Mask(CryptographicUsageMask.Encrypt));

        KeyBlock block = await GetWrappedAsync(keyId, kekId, new CryptographicParameters { BlockCipherMode = BlockCipherMode.GCM });
        using var gcm = new AesGcm(kek, 16);
        byte[] opened = new byte[32];
        gcm.Decrypt(block.KeyWrappingData!.IVCounterNonce!, block.WrappedKeyValue.AsSpan(0, 32), block.WrappedKeyValue.AsSpan(32), opened);

        Assert.Equal(key, opened);
    }

    [Fact]
    public async Task Get_wraps_with_RSA_OAEP_SHA_256_and_the_private_key_opens_it()
    {
        using RSA rsa = RSA.Create(2048);
        byte[] key = RandomNumberGenerator.GetBytes(32);
        var publicKey = new PublicKey
        {
            KeyBlock = new KeyBlock
            {
                KeyFormatType = KeyFormatType.X_509,
                KeyValue = new KeyValue { KeyMaterial = TtlvNode.ByteString(Tag.KeyMaterial, rsa.ExportSubjectPublicKeyInfo()) },
                CryptographicAlgorithm = CryptographicAlgorithm.RSA,
                CryptographicLength = 2048,
            },
        };
        string wrappingId = await RegisterAsync(ObjectType.PublicKey, publicKey, Mask(CryptographicUsageMask.WrapKey), ActiveSince(TimeSpan.FromMinutes(1)));
        string keyId = await RegisterAesAsync(key, Mask(CryptographicUsageMask.Encrypt));

        KeyBlock block = await GetWrappedAsync(keyId, wrappingId, new CryptographicParameters { PaddingMethod = PaddingMethod.OAEP, HashingAlgorithm = HashingAlgorithm.SHA_256 });

        Assert.Equal(key, rsa.Decrypt(block.WrappedKeyValue!, RSAEncryptionPadding.OaepSHA256));
    }

    [Fact]
    public async Task Get_refuses_a_wrapping_key_without_Wrap_Key_and_a_key_that_is_not_extractable()
    {
        string notForWrapping = await RegisterAesAsync(RandomNumberGenerator.GetBytes(16), Mask(CryptographicUsageMask.Encrypt), ActiveSince(TimeSpan.FromMinutes(1)));
        string kekId = await RegisterAesAsync(RandomNumberGenerator.GetBytes(16), Mask(CryptographicUsageMask.WrapKey), ActiveSince(TimeSpan.FromMinutes(1)));
        string keyId = await RegisterAesAsync(RandomNumberGenerator.GetBytes(16), Mask(CryptographicUsageMask.Encrypt));
        string lockedId = await RegisterAesAsync(RandomNumberGenerator.GetBytes(16), Mask(CryptographicUsageMask.Encrypt), new KmipAttribute(Tag.Extractable, TtlvNode.Boolean(Tag.Extractable, false)));
        GetRequestPayload Wrapped(string id, string wrapping, ProtocolVersion version) => new()
        {
            UniqueIdentifier = id,
            KeyWrappingSpecification = new KeyWrappingSpecification
            {
                WrappingMethod = WrappingMethod.Encrypt,
                EncryptionKeyInformation = new EncryptionKeyInformation { UniqueIdentifier = wrapping, CryptographicParameters = new CryptographicParameters { BlockCipherMode = BlockCipherMode.NISTKeyWrap } },
            },
        };

        await FailAsync(V21, Wrapped(keyId, notForWrapping, V21), ResultReason.IncompatibleCryptographicUsageMask);
        await FailAsync(ProtocolVersion.V1_4, Wrapped(keyId, notForWrapping, ProtocolVersion.V1_4), ResultReason.PermissionDenied);
        await FailAsync(V21, Wrapped(lockedId, kekId, V21), ResultReason.NotExtractable);
        await FailAsync(V21, new GetRequestPayload { UniqueIdentifier = lockedId }, ResultReason.NotExtractable);
    }

    private async Task<byte[]> DeriveAsync(string baseId, DerivationMethod method, DerivationParameters parameters, int bits)
    {
        DeriveKeyResponsePayload derived = await SendAsync<DeriveKeyResponsePayload>(V21, new DeriveKeyRequestPayload
        {
            ObjectType = ObjectType.SymmetricKey,
            UniqueIdentifier = [baseId],
            DerivationMethod = method,
            DerivationParameters = parameters,
            Attributes =
            [
                Requests.Enumeration(Tag.CryptographicAlgorithm, (uint)CryptographicAlgorithm.AES),
                new(Tag.CryptographicLength, TtlvNode.Integer(Tag.CryptographicLength, bits)),
                Mask(CryptographicUsageMask.Encrypt),
            ],
        });
        return await MaterialAsync(derived.UniqueIdentifier!);
    }

    [Fact]
    public async Task DeriveKey_by_each_method_agrees_with_the_BCL()
    {
        byte[] password = "correct horse battery staple"u8.ToArray();
        RegisterRequestPayload secret = Requests.RegisterSecret(password);
        string passwordId = await RegisterAsync(ObjectType.SecretData, secret.Object!, Mask(CryptographicUsageMask.DeriveKey), ActiveSince(TimeSpan.FromMinutes(1)));
        byte[] baseKey = RandomNumberGenerator.GetBytes(32);
        string baseId = await RegisterAesAsync(baseKey, Mask(CryptographicUsageMask.DeriveKey), ActiveSince(TimeSpan.FromMinutes(1)));
        byte[] salt = RandomNumberGenerator.GetBytes(16);
        byte[] data = RandomNumberGenerator.GetBytes(32);
        byte[] iv = RandomNumberGenerator.GetBytes(16);
        var sha256 = new CryptographicParameters { HashingAlgorithm = HashingAlgorithm.SHA_256 };
        using var aes = Aes.Create();
        aes.Key = baseKey;

        byte[] pbkdf2 = await DeriveAsync(passwordId, DerivationMethod.PBKDF2, new DerivationParameters { CryptographicParameters = sha256, Salt = salt, IterationCount = 10_000 }, 256);
        byte[] hkdf = await DeriveAsync(baseId, DerivationMethod.HKDF, new DerivationParameters { CryptographicParameters = sha256, Salt = salt, DerivationData = data }, 256);
        byte[] counter = await DeriveAsync(baseId, DerivationMethod.NIST800_108_C, new DerivationParameters { CryptographicParameters = sha256, DerivationData = [.. "label"u8, 0, .. "context"u8, 0, 0, 0, 128] }, 128);
        byte[] hmac = await DeriveAsync(baseId, DerivationMethod.HMAC, new DerivationParameters { CryptographicParameters = sha256, DerivationData = data }, 256);
        byte[] hash = await DeriveAsync(baseId, DerivationMethod.HASH, new DerivationParameters { CryptographicParameters = sha256 }, 128);
        byte[] encrypted = await DeriveAsync(baseId, DerivationMethod.ENCRYPT, new DerivationParameters
        {
            CryptographicParameters = new CryptographicParameters { BlockCipherMode = BlockCipherMode.CBC },
            InitializationVector = iv,
            DerivationData = data,
        }, 256);

        Assert.Equal(Rfc2898DeriveBytes.Pbkdf2(password, salt, 10_000, HashAlgorithmName.SHA256, 32), pbkdf2);
        Assert.Equal(HKDF.DeriveKey(HashAlgorithmName.SHA256, baseKey, 32, salt, data), hkdf);
        Assert.Equal(SP800108HmacCounterKdf.DeriveBytes(baseKey, HashAlgorithmName.SHA256, "label"u8, "context"u8, 16), counter);
        Assert.Equal(HMACSHA256.HashData(baseKey, data), hmac);
        Assert.Equal(SHA256.HashData(baseKey)[..16], hash);
        Assert.Equal(aes.EncryptCbc(data, iv, PaddingMode.None), encrypted);
    }

    [Fact]
    public async Task DeriveKey_refuses_a_base_object_without_the_Derive_Key_bit()
    {
        string baseId = await RegisterAesAsync(RandomNumberGenerator.GetBytes(16), Mask(CryptographicUsageMask.Encrypt), ActiveSince(TimeSpan.FromMinutes(1)));

        ResponseBatchItem item = await FailAsync(V21, new DeriveKeyRequestPayload
        {
            ObjectType = ObjectType.SymmetricKey,
            UniqueIdentifier = [baseId],
            DerivationMethod = DerivationMethod.HKDF,
            DerivationParameters = new DerivationParameters { CryptographicParameters = new CryptographicParameters { HashingAlgorithm = HashingAlgorithm.SHA_256 } },
            Attributes = [Requests.Enumeration(Tag.CryptographicAlgorithm, (uint)CryptographicAlgorithm.AES), new(Tag.CryptographicLength, TtlvNode.Integer(Tag.CryptographicLength, 128))],
        }, ResultReason.IncompatibleCryptographicUsageMask);

        Assert.Contains("Derive", item.ResultMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ReKey_links_both_keys_moves_the_name_and_places_the_dates_by_the_Offset()
    {
        string name = $"rekey-{Guid.NewGuid():N}";
        // Whole seconds, as KMIP Date-Time carries them: a fraction here made the expected deactivation round off by one.
        DateTimeOffset activation = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds());
        CreateRequestPayload create = Requests.CreateAes(name: name);
        create.Attributes!.Add(new(Tag.ActivationDate, TtlvNode.DateTime(Tag.ActivationDate, activation)));
        create.Attributes.Add(new(Tag.DeactivationDate, TtlvNode.DateTime(Tag.DeactivationDate, activation.AddDays(30))));
        string oldId = (await SendAsync<CreateResponsePayload>(V21, create)).UniqueIdentifier!;

        ReKeyResponsePayload rekeyed = await SendAsync<ReKeyResponsePayload>(V21, new ReKeyRequestPayload { UniqueIdentifier = oldId, Offset = 3600 });
        GetAttributesResponsePayload fresh = await SendAsync<GetAttributesResponsePayload>(V21, new GetAttributesRequestPayload { UniqueIdentifier = rekeyed.UniqueIdentifier });
        GetAttributesResponsePayload old = await SendAsync<GetAttributesResponsePayload>(V21, new GetAttributesRequestPayload { UniqueIdentifier = oldId });
        LocateResponsePayload located = await SendAsync<LocateResponsePayload>(V21, Requests.LocateByName(name));
        DateTimeOffset initial = fresh.Attributes!.Single(a => a.Tag == Tag.InitialDate).Value.DateTimeValue;
        DateTimeOffset newActivation = fresh.Attributes!.Single(a => a.Tag == Tag.ActivationDate).Value.DateTimeValue;
        DateTimeOffset newDeactivation = fresh.Attributes!.Single(a => a.Tag == Tag.DeactivationDate).Value.DateTimeValue;

        Assert.Equal(initial.AddHours(1), newActivation);
        Assert.Equal(activation.AddDays(30) + (newActivation - activation), newDeactivation);
        Assert.Equal((uint)State.PreActive, fresh.Attributes!.Single(a => a.Tag == Tag.State).Value.EnumerationValue);
        Assert.Contains(fresh.Attributes!, a => a.Tag == Tag.Link && a.Value.Find(Tag.LinkedObjectIdentifier)!.TextStringValue == oldId);
        Assert.Contains(old.Attributes!, a => a.Tag == Tag.Link && a.Value.Find(Tag.LinkedObjectIdentifier)!.TextStringValue == rekeyed.UniqueIdentifier);
        Assert.Equal([rekeyed.UniqueIdentifier!], located.UniqueIdentifier);
    }

    [Fact]
    public async Task The_server_rotates_a_key_by_its_policy_when_the_interval_has_passed()
    {
        var clock = new ShiftableClock();
        await using ServerFixture node = await ServerFixture.StartAsync(s => s.SchedulerIntervalSeconds = 1, clock);
        await using KmipTestClient client = await node.ConnectAsync();
        string name = $"rotating-{Guid.NewGuid():N}";
        CreateRequestPayload create = Requests.CreateAes(name: name);
        create.Attributes!.Add(new(Tag.ActivationDate, TtlvNode.DateTime(Tag.ActivationDate, clock.UtcNow)));
        create.Attributes.Add(new(Tag.RotateAutomatic, TtlvNode.Boolean(Tag.RotateAutomatic, true)));
        create.Attributes.Add(new(Tag.RotateInterval, TtlvNode.Interval(Tag.RotateInterval, 86_400)));
        string oldId = Responses.Success<CreateResponsePayload>(await client.SendAsync(Requests.Message(V21, create))).UniqueIdentifier!;

        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        List<string> located = [];
        for (int attempt = 0; attempt < 100; attempt++)
        {
            located = Responses.Success<LocateResponsePayload>(await client.SendAsync(Requests.Message(V21, Requests.LocateByName(name)))).UniqueIdentifier;
            if (located.Count == 1 && located[0] != oldId)
            {
                break;
            }

            await Task.Delay(100);
        }

        string newId = Assert.Single(located);
        Assert.NotEqual(oldId, newId);
        GetAttributesResponsePayload attributes = Responses.Success<GetAttributesResponsePayload>(await client.SendAsync(Requests.Message(V21, new GetAttributesRequestPayload { UniqueIdentifier = newId })));
        Assert.Equal(1, attributes.Attributes!.Single(a => a.Tag == Tag.RotateGeneration).Value.IntegerValue);
        Assert.True(attributes.Attributes!.Single(a => a.Tag == Tag.RotateLatest).Value.BooleanValue);
        Assert.Equal((uint)State.Active, attributes.Attributes!.Single(a => a.Tag == Tag.State).Value.EnumerationValue);
    }
}
