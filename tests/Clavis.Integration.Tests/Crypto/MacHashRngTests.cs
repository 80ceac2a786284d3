using System.Security.Cryptography;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Integration.Tests.Crypto;

/// <summary>MAC, MAC Verify, Hash, RNG Retrieve and RNG Seed over mutual TLS, checked against the BCL.</summary>
public sealed class MacHashRngTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Hmac_keys_MAC_with_their_own_hash_and_verify_valid_and_invalid()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        byte[] key = RandomNumberGenerator.GetBytes(64);
        string id = await SymmetricKeys.RegisterActiveAsync(client, key, algorithm: CryptographicAlgorithm.HMAC_SHA512);
        byte[] data = "message"u8.ToArray();
        var mac = Responses.Success<MACResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new MACRequestPayload { UniqueIdentifier = id, Data = data })));
        Assert.Equal(HMACSHA512.HashData(key, data), mac.MACData);

        var valid = Responses.Success<MACVerifyResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new MACVerifyRequestPayload { UniqueIdentifier = id, Data = data, MACData = mac.MACData })));
        Assert.Equal(ValidityIndicator.Valid, valid.ValidityIndicator);
        mac.MACData![5] ^= 1;
        var invalid = Responses.Success<MACVerifyResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new MACVerifyRequestPayload { UniqueIdentifier = id, Data = data, MACData = mac.MACData })));
        Assert.Equal(ValidityIndicator.Invalid, invalid.ValidityIndicator);
    }

    [Fact]
    public async Task An_AES_key_MACs_with_CMAC_or_with_the_HMAC_its_parameters_name()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        byte[] key = RandomNumberGenerator.GetBytes(16);
        string id = await SymmetricKeys.RegisterActiveAsync(client, key);
        var cmac = Responses.Success<MACResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new MACRequestPayload { UniqueIdentifier = id, CryptographicParameters = new CryptographicParameters { BlockCipherMode = BlockCipherMode.CMAC }, Data = [1, 2, 3] })));
        Assert.Equal(16, cmac.MACData!.Length);
        var verified = Responses.Success<MACVerifyResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new MACVerifyRequestPayload { UniqueIdentifier = id, Data = [1, 2, 3], MACData = cmac.MACData })));
        Assert.Equal(ValidityIndicator.Valid, verified.ValidityIndicator);

        var hmac = Responses.Success<MACResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new MACRequestPayload
        {
            UniqueIdentifier = id, CryptographicParameters = new CryptographicParameters { CryptographicAlgorithm = CryptographicAlgorithm.HMAC_SHA256 }, Data = [1, 2, 3],
        })));
        Assert.Equal(HMACSHA256.HashData(key, new byte[] { 1, 2, 3 }), hmac.MACData);
    }

    [Fact]
    public async Task An_HMAC_key_refuses_parameters_naming_another_HMAC()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        string id = await SymmetricKeys.RegisterActiveAsync(client, RandomNumberGenerator.GetBytes(32), algorithm: CryptographicAlgorithm.HMAC_SHA256);
        ResponseBatchItem item = Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new MACRequestPayload
        {
            UniqueIdentifier = id, CryptographicParameters = new CryptographicParameters { CryptographicAlgorithm = CryptographicAlgorithm.HMAC_SHA1 }, Data = [1],
        })), ResultReason.BadCryptographicParameters);
        Assert.Contains("HMAC_SHA256", item.ResultMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HashingAlgorithm.SHA_1)]
    [InlineData(HashingAlgorithm.SHA_256)]
    [InlineData(HashingAlgorithm.SHA_512)]
    [InlineData(HashingAlgorithm.SHA3_256)]
    public async Task Hash_matches_the_BCL(HashingAlgorithm algorithm)
    {
        await using KmipTestClient client = await server.ConnectAsync();
        byte[] data = RandomNumberGenerator.GetBytes(1000);
        var hash = Responses.Success<HashResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new HashRequestPayload { CryptographicParameters = new CryptographicParameters { HashingAlgorithm = algorithm }, Data = data })));
        byte[] expected = algorithm switch
        {
            HashingAlgorithm.SHA_1 => SHA1.HashData(data),
            HashingAlgorithm.SHA_256 => SHA256.HashData(data),
            HashingAlgorithm.SHA_512 => SHA512.HashData(data),
            _ => SHA3_256.IsSupported ? SHA3_256.HashData(data) : hash.Data!,
        };
        Assert.Equal(expected, hash.Data);
    }

    [Fact]
    public async Task Hash_refuses_MD5_with_Bad_Cryptographic_Parameters()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new HashRequestPayload { CryptographicParameters = new CryptographicParameters { HashingAlgorithm = HashingAlgorithm.MD5 }, Data = [1] })),
            ResultReason.BadCryptographicParameters);
    }

    [Fact]
    public async Task RNG_Retrieve_returns_the_length_asked_up_to_64_KiB_and_RNG_Seed_reports_what_it_accepted()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        var small = Responses.Success<RNGRetrieveResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new RNGRetrieveRequestPayload { DataLength = 32 })));
        Assert.Equal(32, small.Data!.Length);
        var large = Responses.Success<RNGRetrieveResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new RNGRetrieveRequestPayload { DataLength = 65536 })));
        Assert.Equal(65536, large.Data!.Length);
        Assert.NotEqual(small.Data, large.Data[..32]);
        ResponseBatchItem tooMuch = Responses.Failure(
            await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new RNGRetrieveRequestPayload { DataLength = 65537 })), ResultReason.InvalidField);
        Assert.Contains("65536", tooMuch.ResultMessage, StringComparison.Ordinal);
        var seed = Responses.Success<RNGSeedResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new RNGSeedRequestPayload { Data = new byte[48] })));
        Assert.Equal(48, seed.DataLength);
    }
}
