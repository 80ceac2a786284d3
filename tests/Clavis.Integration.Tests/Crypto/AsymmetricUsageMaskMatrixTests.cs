using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using static Clavis.Integration.Tests.Support.KeyPairRequests;

namespace Clavis.Integration.Tests.Crypto;

/// <summary>
/// The usage-mask matrix for the operations on key pairs (the symmetric ones are in <see cref="SymmetricKeyPolicyTests"/>,
/// wrapping and derivation in CryptoServiceTests): each operation against an active RSA key whose mask has every
/// usage of its kind but the one it needs → the version's reason.
/// </summary>
public sealed class AsymmetricUsageMaskMatrixTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly byte[] s_data = "usage mask matrix"u8.ToArray();

    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (string operation in new[] { "Sign", "SignatureVerify", "Encrypt", "Decrypt" })
        {
            data.Add(operation, "2.1");
            data.Add(operation, "1.4");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task An_operation_on_a_key_pair_half_lacking_its_usage_bit_is_refused(string operation, string version)
    {
        const CryptographicUsageMask privateUsages = CryptographicUsageMask.Sign | CryptographicUsageMask.Decrypt;
        const CryptographicUsageMask publicUsages = CryptographicUsageMask.Verify | CryptographicUsageMask.Encrypt;
        (CryptographicUsageMask privateMask, CryptographicUsageMask publicMask, bool onPrivate, Func<string, RequestPayload> request) = operation switch
        {
            "Sign" => (privateUsages & ~CryptographicUsageMask.Sign, publicUsages, true, (Func<string, RequestPayload>)(id => Sign(id, s_data))),
            "SignatureVerify" => (privateUsages, publicUsages & ~CryptographicUsageMask.Verify, false, id => Verify(id, s_data, new byte[256])),
            "Encrypt" => (privateUsages, publicUsages & ~CryptographicUsageMask.Encrypt, false, id => new EncryptRequestPayload
            {
                UniqueIdentifier = id, Data = s_data,
                CryptographicParameters = new CryptographicParameters { PaddingMethod = PaddingMethod.OAEP, HashingAlgorithm = HashingAlgorithm.SHA_256 },
            }),
            "Decrypt" => (privateUsages & ~CryptographicUsageMask.Decrypt, publicUsages, true, id => new DecryptRequestPayload
            {
                UniqueIdentifier = id, Data = new byte[256],
                CryptographicParameters = new CryptographicParameters { PaddingMethod = PaddingMethod.OAEP, HashingAlgorithm = HashingAlgorithm.SHA_256 },
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
        ProtocolVersion protocol = version == "1.4" ? ProtocolVersion.V1_4 : ProtocolVersion.V2_1;

        await using KmipTestClient client = await server.ConnectAsync();
        CreateKeyPairResponsePayload pair = Responses.Success<CreateKeyPairResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
            CreateKeyPair(CryptographicAlgorithm.RSA, 2048, privateMask: privateMask, publicMask: publicMask))));
        Responses.Success<ActivateResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new ActivateRequestPayload { UniqueIdentifier = pair.PrivateKeyUniqueIdentifier })));
        Responses.Success<ActivateResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new ActivateRequestPayload { UniqueIdentifier = pair.PublicKeyUniqueIdentifier })));
        string id = onPrivate ? pair.PrivateKeyUniqueIdentifier! : pair.PublicKeyUniqueIdentifier!;

        // KMIP 2.1 §4.21: Incompatible Cryptographic Usage Mask; 1.x has no such reason, so Permission Denied.
        ResultReason expected = protocol == ProtocolVersion.V1_4 ? ResultReason.PermissionDenied : ResultReason.IncompatibleCryptographicUsageMask;
        ResponseBatchItem refused = Responses.Failure(await client.SendAsync(Requests.Message(protocol, request(id))), expected);
        Assert.Contains("Cryptographic Usage Mask", refused.ResultMessage, StringComparison.Ordinal);
    }
}
