using System.Security.Cryptography;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Integration.Tests.Crypto;

/// <summary>
/// Encrypt and Decrypt over mutual TLS: every AES mode round-trips, and where the BCL has the mode the
/// ciphertext is checked against it (never against Clavis.Crypto, the code under test).
/// </summary>
public sealed class SymmetricEncryptionTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly byte[] s_plaintext = "The quick brown fox jumps over the lazy dog, twice over."u8.ToArray();

    [Fact]
    public async Task Gcm_with_a_client_nonce_and_additional_data_matches_the_BCL_and_decrypts()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        byte[] key = RandomNumberGenerator.GetBytes(32);
        string id = await SymmetricKeys.RegisterActiveAsync(client, key);
        byte[] nonce = RandomNumberGenerator.GetBytes(12);
        byte[] aad = "header"u8.ToArray();

        var encrypted = Responses.Success<EncryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new EncryptRequestPayload
        {
            UniqueIdentifier = id,
            CryptographicParameters = SymmetricKeys.Parameters(BlockCipherMode.GCM, tagLength: 16),
            Data = s_plaintext,
            IVCounterNonce = nonce,
            AuthenticatedEncryptionAdditionalData = aad,
        })));

        byte[] expected = new byte[s_plaintext.Length];
        byte[] expectedTag = new byte[16];
        using (var gcm = new AesGcm(key, 16))
        {
            gcm.Encrypt(nonce, s_plaintext, expected, expectedTag, aad);
        }

        Assert.Equal(expected, encrypted.Data);
        Assert.Equal(expectedTag, encrypted.AuthenticatedEncryptionTag);
        Assert.Null(encrypted.IVCounterNonce);

        var decrypted = Responses.Success<DecryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new DecryptRequestPayload
        {
            UniqueIdentifier = id,
            CryptographicParameters = SymmetricKeys.Parameters(BlockCipherMode.GCM, tagLength: 16),
            Data = encrypted.Data,
            IVCounterNonce = nonce,
            AuthenticatedEncryptionAdditionalData = aad,
            AuthenticatedEncryptionTag = encrypted.AuthenticatedEncryptionTag,
        })));
        Assert.Equal(s_plaintext, decrypted.Data);
    }

    [Fact]
    public async Task Gcm_without_a_nonce_gets_a_server_nonce_returned_and_a_12_byte_tag_when_asked()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        byte[] key = RandomNumberGenerator.GetBytes(16);
        string id = await SymmetricKeys.RegisterActiveAsync(client, key);
        var encrypted = Responses.Success<EncryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new EncryptRequestPayload
        {
            UniqueIdentifier = id,
            CryptographicParameters = new CryptographicParameters { BlockCipherMode = BlockCipherMode.GCM, TagLength = 12, RandomIV = true },
            Data = s_plaintext,
        })));
        byte[] nonce = Assert.IsType<byte[]>(encrypted.IVCounterNonce);
        Assert.Equal(12, nonce.Length);
        Assert.Equal(12, encrypted.AuthenticatedEncryptionTag!.Length);

        byte[] plain = new byte[s_plaintext.Length];
        using var gcm = new AesGcm(key, 12);
        gcm.Decrypt(nonce, encrypted.Data!, encrypted.AuthenticatedEncryptionTag, plain);
        Assert.Equal(s_plaintext, plain);
    }

    [Fact]
    public async Task Gcm_decrypt_with_a_wrong_tag_fails_with_Cryptographic_Failure_and_returns_no_data()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        string id = await SymmetricKeys.RegisterActiveAsync(client, RandomNumberGenerator.GetBytes(32));
        var encrypted = Responses.Success<EncryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new EncryptRequestPayload
        {
            UniqueIdentifier = id,
            CryptographicParameters = SymmetricKeys.Parameters(BlockCipherMode.GCM),
            Data = s_plaintext,
        })));
        byte[] tag = encrypted.AuthenticatedEncryptionTag!;
        tag[0] ^= 0x01;

        ResponseBatchItem item = Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new DecryptRequestPayload
        {
            UniqueIdentifier = id,
            CryptographicParameters = SymmetricKeys.Parameters(BlockCipherMode.GCM),
            Data = encrypted.Data,
            IVCounterNonce = encrypted.IVCounterNonce,
            AuthenticatedEncryptionTag = tag,
        })), ResultReason.CryptographicFailure);
        Assert.Contains("Authenticated Encryption Tag does not verify", item.ResultMessage, StringComparison.Ordinal);
        Assert.Null(item.Payload);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Cbc_matches_the_BCL_with_and_without_PKCS5_padding(bool padding)
    {
        await using KmipTestClient client = await server.ConnectAsync();
        byte[] key = RandomNumberGenerator.GetBytes(32);
        string id = await SymmetricKeys.RegisterActiveAsync(client, key);
        byte[] plaintext = padding ? s_plaintext : s_plaintext[..48];
        byte[] iv = RandomNumberGenerator.GetBytes(16);
        CryptographicParameters parameters = SymmetricKeys.Parameters(BlockCipherMode.CBC, padding ? PaddingMethod.PKCS5 : PaddingMethod.None);
        var encrypted = Responses.Success<EncryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = parameters, Data = plaintext, IVCounterNonce = iv })));

        using var aes = Aes.Create();
        aes.Key = key;
        Assert.Equal(aes.EncryptCbc(plaintext, iv, padding ? PaddingMode.PKCS7 : PaddingMode.None), encrypted.Data);

        var decrypted = Responses.Success<DecryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new DecryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = parameters, Data = encrypted.Data, IVCounterNonce = iv })));
        Assert.Equal(plaintext, decrypted.Data);
    }

    [Fact]
    public async Task Ecb_named_explicitly_matches_the_BCL()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        byte[] key = RandomNumberGenerator.GetBytes(16);
        string id = await SymmetricKeys.RegisterActiveAsync(client, key);
        CryptographicParameters parameters = SymmetricKeys.Parameters(BlockCipherMode.ECB, PaddingMethod.PKCS5);
        var encrypted = Responses.Success<EncryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = parameters, Data = s_plaintext })));
        using var aes = Aes.Create();
        aes.Key = key;
        Assert.Equal(aes.EncryptEcb(s_plaintext, PaddingMode.PKCS7), encrypted.Data);
        Assert.Null(encrypted.IVCounterNonce);
    }

    [Fact]
    public async Task Ctr_encrypts_with_the_keystream_of_the_counter_blocks()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        byte[] key = RandomNumberGenerator.GetBytes(32);
        string id = await SymmetricKeys.RegisterActiveAsync(client, key);
        var encrypted = Responses.Success<EncryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = SymmetricKeys.Parameters(BlockCipherMode.CTR), Data = s_plaintext })));
        byte[] counter = Assert.IsType<byte[]>(encrypted.IVCounterNonce);

        // SP 800-38A §6.5 by hand over the BCL's ECB: keystream block i = E_K(counter + i).
        using var aes = Aes.Create();
        aes.Key = key;
        var blocks = new byte[(s_plaintext.Length + 15) / 16 * 16];
        var value = new System.Numerics.BigInteger(counter, isUnsigned: true, isBigEndian: true);
        for (int i = 0; i < blocks.Length / 16; i++)
        {
            byte[] block = (value + i).ToByteArray(isUnsigned: true, isBigEndian: true);
            block.CopyTo(blocks, (i * 16) + 16 - block.Length);
        }

        byte[] keystream = aes.EncryptEcb(blocks, PaddingMode.None);
        byte[] expected = s_plaintext.Select((b, i) => (byte)(b ^ keystream[i])).ToArray();
        Assert.Equal(expected, encrypted.Data);

        var decrypted = Responses.Success<DecryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new DecryptRequestPayload
        {
            UniqueIdentifier = id, CryptographicParameters = SymmetricKeys.Parameters(BlockCipherMode.CTR), Data = encrypted.Data, IVCounterNonce = counter,
        })));
        Assert.Equal(s_plaintext, decrypted.Data);
    }

    [Fact]
    public async Task Xts_with_a_double_length_key_round_trips_and_keeps_the_length()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        string id = await SymmetricKeys.RegisterActiveAsync(client, RandomNumberGenerator.GetBytes(64));
        byte[] tweak = new byte[16];
        tweak[0] = 7;
        byte[] sector = RandomNumberGenerator.GetBytes(4096 + 5);
        CryptographicParameters xts = SymmetricKeys.Parameters(BlockCipherMode.XTS);
        var encrypted = Responses.Success<EncryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = xts, Data = sector, IVCounterNonce = tweak })));
        Assert.Equal(sector.Length, encrypted.Data!.Length);
        Assert.NotEqual(sector, encrypted.Data);
        var decrypted = Responses.Success<DecryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new DecryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = xts, Data = encrypted.Data, IVCounterNonce = tweak })));
        Assert.Equal(sector, decrypted.Data);
    }

    [Fact]
    public async Task The_keys_Cryptographic_Parameters_apply_when_the_request_has_none()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        byte[] key = RandomNumberGenerator.GetBytes(16);
        var onKey = new CryptographicParameters { BlockCipherMode = BlockCipherMode.CBC, PaddingMethod = PaddingMethod.PKCS5, RandomIV = true };
        string id = await SymmetricKeys.RegisterActiveAsync(client, key, parameters: onKey);
        var encrypted = Responses.Success<EncryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new EncryptRequestPayload { UniqueIdentifier = id, Data = s_plaintext })));
        byte[] iv = Assert.IsType<byte[]>(encrypted.IVCounterNonce);
        using var aes = Aes.Create();
        aes.Key = key;
        Assert.Equal(s_plaintext, aes.DecryptCbc(encrypted.Data!, iv, PaddingMode.PKCS7));
    }
}
