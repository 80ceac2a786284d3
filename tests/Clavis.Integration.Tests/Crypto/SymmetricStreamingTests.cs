using System.Security.Cryptography;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Integration.Tests.Crypto;

/// <summary>
/// The streamed forms (KMIP 2.1 §6.1.16/§6.1.18: Init Indicator, Correlation Value, Final Indicator) over several
/// request messages give what the one-call form gives.
/// </summary>
public sealed class SymmetricStreamingTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Cbc_encrypted_in_three_parts_equals_the_BCL_and_decrypts_in_two()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        byte[] key = RandomNumberGenerator.GetBytes(32);
        string id = await SymmetricKeys.RegisterActiveAsync(client, key);
        byte[] data = RandomNumberGenerator.GetBytes(100);
        byte[] iv = RandomNumberGenerator.GetBytes(16);
        CryptographicParameters cbc = SymmetricKeys.Parameters(BlockCipherMode.CBC, PaddingMethod.PKCS5);

        var first = Responses.Success<EncryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new EncryptRequestPayload
        {
            UniqueIdentifier = id, CryptographicParameters = cbc, Data = data[..20], IVCounterNonce = iv, InitIndicator = true,
        })));
        byte[] correlation = Assert.IsType<byte[]>(first.CorrelationValue);
        var middle = Responses.Success<EncryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new EncryptRequestPayload { Data = data[20..70], CorrelationValue = correlation })));
        var last = Responses.Success<EncryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new EncryptRequestPayload { Data = data[70..], CorrelationValue = correlation, FinalIndicator = true })));
        byte[] ciphertext = [.. first.Data ?? [], .. middle.Data ?? [], .. last.Data ?? []];

        using var aes = Aes.Create();
        aes.Key = key;
        Assert.Equal(aes.EncryptCbc(data, iv, PaddingMode.PKCS7), ciphertext);

        var d1 = Responses.Success<DecryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new DecryptRequestPayload
        {
            UniqueIdentifier = id, CryptographicParameters = cbc, Data = ciphertext[..33], IVCounterNonce = iv, InitIndicator = true,
        })));
        var d2 = Responses.Success<DecryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new DecryptRequestPayload { Data = ciphertext[33..], CorrelationValue = d1.CorrelationValue, FinalIndicator = true })));
        byte[] decrypted = [.. d1.Data ?? [], .. d2.Data ?? []];
        Assert.Equal(data, decrypted);

        // The stream is gone once finished.
        Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new DecryptRequestPayload { Data = [1], CorrelationValue = d1.CorrelationValue, FinalIndicator = true })), ResultReason.InvalidCorrelationValue);
    }

    [Fact]
    public async Task Gcm_streams_return_the_tag_at_the_end_and_release_plaintext_only_after_it_verifies()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        byte[] key = RandomNumberGenerator.GetBytes(16);
        string id = await SymmetricKeys.RegisterActiveAsync(client, key);
        byte[] data = RandomNumberGenerator.GetBytes(70);
        CryptographicParameters gcm = SymmetricKeys.Parameters(BlockCipherMode.GCM);
        var first = Responses.Success<EncryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new EncryptRequestPayload
        {
            UniqueIdentifier = id, CryptographicParameters = gcm, Data = data[..30], InitIndicator = true, AuthenticatedEncryptionAdditionalData = [9, 9],
        })));
        byte[] nonce = Assert.IsType<byte[]>(first.IVCounterNonce);
        var last = Responses.Success<EncryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new EncryptRequestPayload { Data = data[30..], CorrelationValue = first.CorrelationValue, FinalIndicator = true })));
        byte[] ciphertext = [.. first.Data ?? [], .. last.Data ?? []];
        byte[] plain = new byte[ciphertext.Length];
        using (var aes = new AesGcm(key, 16))
        {
            aes.Decrypt(nonce, ciphertext, last.AuthenticatedEncryptionTag!, plain, new byte[] { 9, 9 });
        }

        Assert.Equal(data, plain);

        var d1 = Responses.Success<DecryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new DecryptRequestPayload
        {
            UniqueIdentifier = id, CryptographicParameters = gcm, Data = ciphertext[..50], IVCounterNonce = nonce, InitIndicator = true,
            AuthenticatedEncryptionAdditionalData = [9, 9],
        })));
        Assert.True(d1.Data is null || d1.Data.Length == 0, "GCM decryption must not release plaintext before the tag is verified");
        byte[] badTag = last.AuthenticatedEncryptionTag!.ToArray();
        badTag[^1] ^= 1;
        Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new DecryptRequestPayload
        {
            Data = ciphertext[50..], CorrelationValue = d1.CorrelationValue, FinalIndicator = true, AuthenticatedEncryptionTag = badTag,
        })), ResultReason.CryptographicFailure);
    }

    [Fact]
    public async Task A_key_revoked_mid_stream_stops_the_stream()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        string id = await SymmetricKeys.RegisterActiveAsync(client, RandomNumberGenerator.GetBytes(32));
        var first = Responses.Success<EncryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new EncryptRequestPayload
        {
            UniqueIdentifier = id, CryptographicParameters = SymmetricKeys.Parameters(BlockCipherMode.CTR), Data = [1, 2], InitIndicator = true,
        })));
        Responses.Success<RevokeResponsePayload>(await client.SendAsync(Requests.Message(Requests.Revoke(id))));
        Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new EncryptRequestPayload { Data = [3], CorrelationValue = first.CorrelationValue, FinalIndicator = true })), ResultReason.WrongKeyLifecycleState);
    }

    [Fact]
    public async Task Mac_and_hash_streams_give_the_one_call_results()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        byte[] key = RandomNumberGenerator.GetBytes(32);
        string id = await SymmetricKeys.RegisterActiveAsync(client, key, algorithm: CryptographicAlgorithm.HMAC_SHA256);
        byte[] data = RandomNumberGenerator.GetBytes(300);
        var m1 = Responses.Success<MACResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new MACRequestPayload { UniqueIdentifier = id, Data = data[..100], InitIndicator = true })));
        Responses.Success<MACResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new MACRequestPayload { Data = data[100..200], CorrelationValue = m1.CorrelationValue })));
        var m3 = Responses.Success<MACResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new MACRequestPayload { Data = data[200..], CorrelationValue = m1.CorrelationValue, FinalIndicator = true })));
        Assert.Equal(HMACSHA256.HashData(key, data), m3.MACData);

        var sha = new CryptographicParameters { HashingAlgorithm = HashingAlgorithm.SHA_384 };
        var h1 = Responses.Success<HashResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new HashRequestPayload { CryptographicParameters = sha, Data = data[..7], InitIndicator = true })));
        var h2 = Responses.Success<HashResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new HashRequestPayload { CryptographicParameters = sha, Data = data[7..], CorrelationValue = h1.CorrelationValue, FinalIndicator = true })));
        Assert.Equal(SHA384.HashData(data), h2.Data);
    }

    [Fact]
    public async Task A_correlation_value_the_server_never_issued_is_refused()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new EncryptRequestPayload { Data = [1], CorrelationValue = RandomNumberGenerator.GetBytes(16) })), ResultReason.InvalidCorrelationValue);
        Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V1_4,
            new EncryptRequestPayload { Data = [1], CorrelationValue = RandomNumberGenerator.GetBytes(16) })), ResultReason.InvalidField);
    }
}
