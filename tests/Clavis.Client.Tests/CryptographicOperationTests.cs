using System.Security.Cryptography;
using Clavis.Client.Tests.Support;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client.Tests;

/// <summary>Encrypt, Decrypt, Sign, Signature Verify, MAC, MAC Verify, Hash and RNG Retrieve through the SDK, checked against the BCL.</summary>
[Collection(SharedServer.Name)]
public sealed class CryptographicOperationTests(ServerFixture server)
{
    private static readonly CryptographicParameters s_gcm = new() { BlockCipherMode = BlockCipherMode.GCM, TagLength = 16 };

    private static async Task<(string Id, byte[] Key)> ActiveKeyAsync(KmipClient client, CryptographicAlgorithm algorithm, CryptographicUsageMask usage, int bytes = 32)
    {
        byte[] key = RandomNumberGenerator.GetBytes(bytes);
        string id = (await client.RegisterAsync(algorithm, key, usage)).UniqueIdentifier!;
        await client.ActivateAsync(id);
        return (id, key);
    }

    [Fact]
    public async Task Encrypt_with_GCM_is_what_AesGcm_opens_and_Decrypt_gives_the_plaintext_back()
    {
        await using KmipClient client = TestClients.Create(server);
        var (id, key) = await ActiveKeyAsync(client, CryptographicAlgorithm.AES, CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt);
        byte[] plaintext = RandomNumberGenerator.GetBytes(1024);

        EncryptResponsePayload encrypted = await client.EncryptAsync(id, plaintext, s_gcm);
        DecryptResponsePayload decrypted = await client.DecryptAsync(id, encrypted.Data!, s_gcm, encrypted.IVCounterNonce, encrypted.AuthenticatedEncryptionTag);

        byte[] opened = new byte[plaintext.Length];
        using var gcm = new AesGcm(key, 16);
        gcm.Decrypt(encrypted.IVCounterNonce!, encrypted.Data!, encrypted.AuthenticatedEncryptionTag!, opened);
        Assert.Equal(plaintext, opened);
        Assert.Equal(plaintext, decrypted.Data);
    }

    [Fact]
    public async Task Decrypt_with_a_wrong_tag_is_Cryptographic_Failure()
    {
        await using KmipClient client = TestClients.Create(server);
        var (id, _) = await ActiveKeyAsync(client, CryptographicAlgorithm.AES, CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt);
        EncryptResponsePayload encrypted = await client.EncryptAsync(new EncryptRequestPayload
        {
            UniqueIdentifier = id,
            Data = [1, 2, 3],
            CryptographicParameters = s_gcm,
            AuthenticatedEncryptionAdditionalData = [9],
        });
        encrypted.AuthenticatedEncryptionTag![0] ^= 1;

        var e = await Assert.ThrowsAsync<KmipOperationException>(() => client.DecryptAsync(new DecryptRequestPayload
        {
            UniqueIdentifier = id,
            Data = encrypted.Data,
            CryptographicParameters = s_gcm,
            IVCounterNonce = encrypted.IVCounterNonce,
            AuthenticatedEncryptionTag = encrypted.AuthenticatedEncryptionTag,
            AuthenticatedEncryptionAdditionalData = [9],
        }));

        Assert.Equal(ResultReason.CryptographicFailure, e.ResultReason);
        Assert.Equal(Operation.Decrypt, e.Operation);
    }

    [Fact]
    public async Task Encrypt_with_a_key_not_allowed_to_encrypt_is_refused()
    {
        await using KmipClient client = TestClients.Create(server);
        var (id, _) = await ActiveKeyAsync(client, CryptographicAlgorithm.AES, CryptographicUsageMask.Decrypt);

        var e = await Assert.ThrowsAsync<KmipOperationException>(() => client.EncryptAsync(id, [1], s_gcm));

        Assert.Equal(ResultReason.IncompatibleCryptographicUsageMask, e.ResultReason);
    }

    [Fact]
    public async Task Encrypt_with_another_clients_key_is_Permission_Denied()
    {
        using var folder = new TemporaryDirectory();
        var (_, _, pkcs12) = TestClients.Issue(server, "mallory-" + Guid.NewGuid().ToString("N")[..8], null, folder.Path);
        await using var mallory = new KmipClient(TestClients.Options(server).UseClientCertificatePkcs12(pkcs12, ""));
        await using KmipClient admin = TestClients.Create(server);
        var (id, _) = await ActiveKeyAsync(admin, CryptographicAlgorithm.AES, CryptographicUsageMask.Encrypt);

        var e = await Assert.ThrowsAsync<KmipOperationException>(() => mallory.EncryptAsync(id, [1], s_gcm));

        Assert.Equal(ResultReason.PermissionDenied, e.ResultReason);
    }

    [Fact]
    public async Task Sign_gives_a_signature_the_BCL_and_SignatureVerify_accept()
    {
        await using KmipClient client = TestClients.Create(server);
        CreateKeyPairResponsePayload pair = await client.CreateKeyPairAsync(CryptographicAlgorithm.RSA, 2048, CryptographicUsageMask.Sign, CryptographicUsageMask.Verify);
        await client.ActivateAsync(pair.PrivateKeyUniqueIdentifier!);
        await client.ActivateAsync(pair.PublicKeyUniqueIdentifier!);
        var parameters = new CryptographicParameters { DigitalSignatureAlgorithm = DigitalSignatureAlgorithm.SHA_256WithRSAEncryption };
        byte[] data = "signed text"u8.ToArray();

        SignResponsePayload signed = await client.SignAsync(pair.PrivateKeyUniqueIdentifier!, data, parameters);
        SignatureVerifyResponsePayload valid = await client.SignatureVerifyAsync(pair.PublicKeyUniqueIdentifier!, data, signed.SignatureData!, parameters);
        signed.SignatureData![0] ^= 1;
        SignatureVerifyResponsePayload invalid = await client.SignatureVerifyAsync(pair.PublicKeyUniqueIdentifier!, data, signed.SignatureData, parameters);

        Assert.Equal(ValidityIndicator.Valid, valid.ValidityIndicator);
        Assert.Equal(ValidityIndicator.Invalid, invalid.ValidityIndicator);
        GetResponsePayload publicKey = await client.GetAsync(pair.PublicKeyUniqueIdentifier!, KeyFormatType.X_509);
        using RSA rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(Assert.IsType<PublicKey>(publicKey.Object).KeyBlock!.KeyValue!.KeyMaterial!.ByteStringValue, out _);
        signed.SignatureData[0] ^= 1;
        Assert.True(rsa.VerifyData(data, signed.SignatureData, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public async Task Sign_with_an_unknown_key_is_Item_Not_Found()
    {
        await using KmipClient client = TestClients.Create(server);

        var sign = await Assert.ThrowsAsync<KmipOperationException>(() => client.SignAsync("missing-key", [1]));
        var verify = await Assert.ThrowsAsync<KmipOperationException>(() => client.SignatureVerifyAsync("missing-key", [1], [2]));

        Assert.Equal(ResultReason.ItemNotFound, sign.ResultReason);
        Assert.Equal(ResultReason.ItemNotFound, verify.ResultReason);
    }

    [Fact]
    public async Task Mac_is_the_BCLs_HMAC_and_MacVerify_tells_valid_from_invalid()
    {
        await using KmipClient client = TestClients.Create(server);
        var (id, key) = await ActiveKeyAsync(client, CryptographicAlgorithm.HMAC_SHA256, CryptographicUsageMask.MACGenerate | CryptographicUsageMask.MACVerify);
        byte[] data = "message"u8.ToArray();

        MACResponsePayload mac = await client.MacAsync(id, data);
        MACVerifyResponsePayload valid = await client.MacVerifyAsync(id, data, mac.MACData!);
        MACVerifyResponsePayload invalid = await client.MacVerifyAsync(id, data, [.. mac.MACData!.Reverse()]);

        Assert.Equal(HMACSHA256.HashData(key, data), mac.MACData);
        Assert.Equal(ValidityIndicator.Valid, valid.ValidityIndicator);
        Assert.Equal(ValidityIndicator.Invalid, invalid.ValidityIndicator);
    }

    [Fact]
    public async Task Mac_with_an_unknown_key_is_Item_Not_Found()
    {
        await using KmipClient client = TestClients.Create(server);

        var mac = await Assert.ThrowsAsync<KmipOperationException>(() => client.MacAsync(new MACRequestPayload { UniqueIdentifier = "missing-key", Data = [1] }));
        var verify = await Assert.ThrowsAsync<KmipOperationException>(() => client.MacVerifyAsync(new MACVerifyRequestPayload { UniqueIdentifier = "missing-key", Data = [1], MACData = [2] }));

        Assert.Equal(ResultReason.ItemNotFound, mac.ResultReason);
        Assert.Equal(ResultReason.ItemNotFound, verify.ResultReason);
    }

    [Fact]
    public async Task Hash_is_the_BCLs_SHA256()
    {
        await using KmipClient client = TestClients.Create(server);
        byte[] data = RandomNumberGenerator.GetBytes(500);

        HashResponsePayload hash = await client.HashAsync(HashingAlgorithm.SHA_256, data);

        Assert.Equal(SHA256.HashData(data), hash.Data);
    }

    [Fact]
    public async Task RngRetrieve_returns_the_asked_number_of_bytes()
    {
        await using KmipClient client = TestClients.Create(server);

        RNGRetrieveResponsePayload random = await client.RngRetrieveAsync(48);

        Assert.Equal(48, random.Data!.Length);
        Assert.Contains(random.Data, b => b != 0);
    }

    [Fact]
    public async Task RngSeed_says_how_many_bytes_the_server_took()
    {
        await using KmipClient client = TestClients.Create(server);

        RNGSeedResponsePayload seeded = await client.RngSeedAsync(RandomNumberGenerator.GetBytes(48));

        Assert.Equal(48, seeded.DataLength);
    }
}
