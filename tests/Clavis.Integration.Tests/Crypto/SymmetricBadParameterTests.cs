using System.Security.Cryptography;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Integration.Tests.Crypto;

/// <summary>Every refused Encrypt/Decrypt input gets its own Result Reason and a message that names the problem.</summary>
public sealed class SymmetricBadParameterTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    public static TheoryData<string, CryptographicParameters?, int, int?, ResultReason, string> Cases() => new()
    {
        { "no mode", null, 16, null, ResultReason.BadCryptographicParameters, "Block Cipher Mode" },
        { "OFB", new() { BlockCipherMode = BlockCipherMode.OFB }, 16, null, ResultReason.BadCryptographicParameters, "OFB" },
        { "tag of 8", new() { BlockCipherMode = BlockCipherMode.GCM, TagLength = 8 }, 16, null, ResultReason.BadCryptographicParameters, "Tag Length 8" },
        { "tag of 32", new() { BlockCipherMode = BlockCipherMode.GCM, TagLength = 32 }, 16, null, ResultReason.BadCryptographicParameters, "Tag Length 32" },
        { "OAEP padding", new() { BlockCipherMode = BlockCipherMode.CBC, PaddingMethod = PaddingMethod.OAEP }, 16, null, ResultReason.BadCryptographicParameters, "OAEP" },
        { "RSA named", new() { BlockCipherMode = BlockCipherMode.CBC, CryptographicAlgorithm = CryptographicAlgorithm.RSA }, 16, null, ResultReason.BadCryptographicParameters, "RSA" },
        { "XTS single key", new() { BlockCipherMode = BlockCipherMode.XTS }, 16, 16, ResultReason.BadCryptographicParameters, "double-length" },
        { "ECB with IV", new() { BlockCipherMode = BlockCipherMode.ECB }, 16, 16, ResultReason.InvalidField, "ECB takes no IV" },
        { "CBC IV of 12", new() { BlockCipherMode = BlockCipherMode.CBC, PaddingMethod = PaddingMethod.PKCS5 }, 16, 12, ResultReason.InvalidField, "needs 16" },
        { "CBC unpadded 17 bytes", new() { BlockCipherMode = BlockCipherMode.CBC, PaddingMethod = PaddingMethod.None }, 17, 16, ResultReason.InvalidField, "whole number of 16-byte blocks" },
        { "Random IV false, no IV", new() { BlockCipherMode = BlockCipherMode.CBC, RandomIV = false }, 16, null, ResultReason.InvalidField, "Random IV is False" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Encrypt_refuses(string name, CryptographicParameters? parameters, int dataLength, int? ivLength, ResultReason reason, string messagePart)
    {
        Assert.NotEmpty(name);
        await using KmipTestClient client = await server.ConnectAsync();

        // AES-192: a valid AES key, but not a double-length XTS key.
        string id = await SymmetricKeys.RegisterActiveAsync(client, RandomNumberGenerator.GetBytes(24));
        ResponseBatchItem item = Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new EncryptRequestPayload
        {
            UniqueIdentifier = id,
            CryptographicParameters = parameters,
            Data = new byte[dataLength],
            IVCounterNonce = ivLength is int n ? new byte[n] : null,
        })), reason);
        Assert.Contains(messagePart, item.ResultMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_Cryptographic_Parameters_reach_a_1_x_client_as_Invalid_Field()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        string id = await SymmetricKeys.RegisterActiveAsync(client, RandomNumberGenerator.GetBytes(32));
        Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V1_4,
            new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = new() { BlockCipherMode = BlockCipherMode.OFB }, Data = [1] })),
            ResultReason.InvalidField);
    }

    [Fact]
    public async Task Gcm_is_refused_to_a_1_2_client_which_could_not_receive_the_tag()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        string id = await SymmetricKeys.RegisterActiveAsync(client, RandomNumberGenerator.GetBytes(32));
        ResponseBatchItem item = Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V1_2,
            new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = new() { BlockCipherMode = BlockCipherMode.GCM }, Data = [1] })),
            ResultReason.InvalidField);
        Assert.Contains("KMIP 1.4", item.ResultMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decrypt_without_the_IV_is_an_Invalid_Message_and_a_bad_padding_a_Cryptographic_Failure()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        string id = await SymmetricKeys.RegisterActiveAsync(client, RandomNumberGenerator.GetBytes(32));
        CryptographicParameters cbc = SymmetricKeys.Parameters(BlockCipherMode.CBC, PaddingMethod.PKCS5);
        Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new DecryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = cbc, Data = new byte[16] })), ResultReason.InvalidMessage);

        // A block of zeros under a random key unpads correctly only with probability about 1/256; this one is fixed.
        byte[] block = new byte[32];
        ResponseBatchItem item;
        int attempts = 0;
        do
        {
            block = RandomNumberGenerator.GetBytes(32);
            item = Assert.Single((await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
                new DecryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = cbc, Data = block, IVCounterNonce = new byte[16] }))).BatchItems);
        }
        while (item.ResultStatus == ResultStatus.Success && ++attempts < 20);
        Responses.AssertFailure(item, ResultReason.CryptographicFailure);
        Assert.Contains("padding", item.ResultMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_HMAC_key_cannot_encrypt()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        string id = await SymmetricKeys.RegisterActiveAsync(client, RandomNumberGenerator.GetBytes(32), algorithm: CryptographicAlgorithm.HMAC_SHA256);
        ResponseBatchItem item = Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = new() { BlockCipherMode = BlockCipherMode.GCM }, Data = [1] })),
            ResultReason.BadCryptographicParameters);
        Assert.Contains("HMAC_SHA256", item.ResultMessage, StringComparison.Ordinal);
    }
}
