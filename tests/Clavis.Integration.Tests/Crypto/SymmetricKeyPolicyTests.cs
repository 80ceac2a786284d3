using System.Security.Cryptography;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Integration.Tests.Crypto;

/// <summary>
/// KMIP's own rules on the symmetric operations, enforced by the KeyUse gate: the usage mask (a matrix over every
/// operation), the life-cycle state, and Usage Limits counted durably.
/// </summary>
public sealed class SymmetricKeyPolicyTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    public static TheoryData<string, ProtocolVersion, ResultReason> MaskMatrix()
    {
        var data = new TheoryData<string, ProtocolVersion, ResultReason>();
        foreach (string operation in new[] { "Encrypt", "Decrypt", "MAC", "MACVerify" })
        {
            // KMIP 2.1 §4.21 / §11: Incompatible Cryptographic Usage Mask; 1.x has no such reason, so Permission Denied.
            data.Add(operation, ProtocolVersion.V2_1, ResultReason.IncompatibleCryptographicUsageMask);
            data.Add(operation, ProtocolVersion.V2_0, ResultReason.IncompatibleCryptographicUsageMask);
            data.Add(operation, ProtocolVersion.V1_4, ResultReason.PermissionDenied);
            data.Add(operation, ProtocolVersion.V1_2, ResultReason.PermissionDenied);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MaskMatrix))]
    public async Task An_operation_on_a_key_lacking_its_usage_bit_is_refused_with_the_versions_reason(string operation, ProtocolVersion version, ResultReason reason)
    {
        (CryptographicUsageMask needed, Func<string, RequestPayload> request) = operation switch
        {
            "Encrypt" => (CryptographicUsageMask.Encrypt, (Func<string, RequestPayload>)(id => new EncryptRequestPayload
            {
                UniqueIdentifier = id, CryptographicParameters = SymmetricKeys.Parameters(BlockCipherMode.CBC, PaddingMethod.PKCS5), Data = [1, 2, 3],
            })),
            "Decrypt" => (CryptographicUsageMask.Decrypt, id => new DecryptRequestPayload
            {
                UniqueIdentifier = id, CryptographicParameters = SymmetricKeys.Parameters(BlockCipherMode.CBC, PaddingMethod.PKCS5), Data = new byte[16], IVCounterNonce = new byte[16],
            }),
            "MAC" => (CryptographicUsageMask.MACGenerate, id => new MACRequestPayload { UniqueIdentifier = id, Data = [1, 2, 3] }),
            "MACVerify" => (CryptographicUsageMask.MACVerify, id => new MACVerifyRequestPayload { UniqueIdentifier = id, Data = [1, 2, 3], MACData = new byte[16] }),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };

        await using KmipTestClient client = await server.ConnectAsync();
        string id = await SymmetricKeys.RegisterActiveAsync(client, RandomNumberGenerator.GetBytes(32), SymmetricKeys.AllUsages & ~needed);
        ResponseBatchItem item = Responses.Failure(await client.SendAsync(Requests.Message(version, request(id))), reason);
        Assert.Contains("Cryptographic Usage Mask", item.ResultMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_with_only_Encrypt_encrypts_but_cannot_decrypt()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        string id = await SymmetricKeys.RegisterActiveAsync(client, RandomNumberGenerator.GetBytes(32), CryptographicUsageMask.Encrypt);
        CryptographicParameters gcm = SymmetricKeys.Parameters(BlockCipherMode.GCM);
        var encrypted = Responses.Success<EncryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = gcm, Data = [1, 2, 3] })));
        Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new DecryptRequestPayload
        {
            UniqueIdentifier = id, CryptographicParameters = gcm, Data = encrypted.Data, IVCounterNonce = encrypted.IVCounterNonce,
            AuthenticatedEncryptionTag = encrypted.AuthenticatedEncryptionTag,
        })), ResultReason.IncompatibleCryptographicUsageMask);
    }

    [Fact]
    public async Task A_Pre_Active_key_can_neither_encrypt_nor_decrypt()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        string id = Responses.Success<RegisterResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            SymmetricKeys.Register(RandomNumberGenerator.GetBytes(32), SymmetricKeys.AllUsages)))).UniqueIdentifier!;
        CryptographicParameters cbc = SymmetricKeys.Parameters(BlockCipherMode.CBC, PaddingMethod.PKCS5);
        Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = cbc, Data = [1] })), ResultReason.WrongKeyLifecycleState);
        Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new DecryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = cbc, Data = new byte[16], IVCounterNonce = new byte[16] })), ResultReason.WrongKeyLifecycleState);
        Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V1_4,
            new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = cbc, Data = [1] })), ResultReason.PermissionDenied);
    }

    [Fact]
    public async Task A_Deactivated_key_still_decrypts_and_verifies_but_no_longer_encrypts_or_MACs()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        byte[] key = RandomNumberGenerator.GetBytes(32);
        string id = await SymmetricKeys.RegisterActiveAsync(client, key);
        CryptographicParameters cbc = SymmetricKeys.Parameters(BlockCipherMode.CBC, PaddingMethod.PKCS5);
        var encrypted = Responses.Success<EncryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = cbc, Data = [1, 2, 3] })));
        var mac = Responses.Success<MACResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new MACRequestPayload { UniqueIdentifier = id, Data = [1, 2, 3] })));

        Responses.Success<RevokeResponsePayload>(await client.SendAsync(Requests.Message(Requests.Revoke(id))));

        // KMIP 2.1 §4.57: Deactivated keys process (decrypt, verify) but do not protect.
        var decrypted = Responses.Success<DecryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new DecryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = cbc, Data = encrypted.Data, IVCounterNonce = encrypted.IVCounterNonce })));
        Assert.Equal(new byte[] { 1, 2, 3 }, decrypted.Data);
        var verified = Responses.Success<MACVerifyResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new MACVerifyRequestPayload { UniqueIdentifier = id, Data = [1, 2, 3], MACData = mac.MACData })));
        Assert.Equal(ValidityIndicator.Valid, verified.ValidityIndicator);
        Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = cbc, Data = [1] })), ResultReason.WrongKeyLifecycleState);
        Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new MACRequestPayload { UniqueIdentifier = id, Data = [1] })), ResultReason.WrongKeyLifecycleState);
    }

    [Fact]
    public async Task Usage_Limits_are_counted_per_Encrypt_and_still_refuse_after_a_restart()
    {
        ServerFixture own = await ServerFixture.StartAsync();
        try
        {
            string id;
            CryptographicParameters gcm = SymmetricKeys.Parameters(BlockCipherMode.GCM);
            await using (KmipTestClient client = await own.ConnectAsync())
            {
                id = await SymmetricKeys.RegisterActiveAsync(client, RandomNumberGenerator.GetBytes(32), usageLimitObjects: 2);
                for (int i = 0; i < 2; i++)
                {
                    Responses.Success<EncryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
                        new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = gcm, Data = [1] })));
                }

                Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
                    new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = gcm, Data = [1] })), ResultReason.UsageLimitExceeded);
            }

            await own.StopAsync();
            await own.InitializeAsync();
            await using (KmipTestClient client = await own.ConnectAsync())
            {
                Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
                    new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = gcm, Data = [1] })), ResultReason.UsageLimitExceeded);
                Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V1_4,
                    new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = gcm, Data = [1] })), ResultReason.PermissionDenied);
            }
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_failed_Encrypt_does_not_consume_a_usage()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        string id = await SymmetricKeys.RegisterActiveAsync(client, RandomNumberGenerator.GetBytes(32), usageLimitObjects: 1);

        // No Block Cipher Mode: refused after the gate counted the use; the item's changes are rolled back.
        Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new EncryptRequestPayload { UniqueIdentifier = id, Data = [1] })), ResultReason.BadCryptographicParameters);
        Responses.Success<EncryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = SymmetricKeys.Parameters(BlockCipherMode.GCM), Data = [1] })));
    }
}
