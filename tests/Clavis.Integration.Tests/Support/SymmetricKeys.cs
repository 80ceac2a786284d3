using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Integration.Tests.Support;

/// <summary>Keys for the symmetric crypto tests: registered with known bytes, a chosen usage mask, and activated.</summary>
public static class SymmetricKeys
{
    /// <summary>Every usage bit a symmetric key can carry.</summary>
    public const CryptographicUsageMask AllUsages =
        CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt | CryptographicUsageMask.MACGenerate | CryptographicUsageMask.MACVerify
        | CryptographicUsageMask.WrapKey | CryptographicUsageMask.UnwrapKey | CryptographicUsageMask.DeriveKey | CryptographicUsageMask.Export;

    /// <summary>Register of a symmetric key with <paramref name="key"/> bytes.</summary>
    public static RegisterRequestPayload Register(
        byte[] key,
        CryptographicUsageMask usage,
        CryptographicAlgorithm algorithm = CryptographicAlgorithm.AES,
        CryptographicParameters? parameters = null,
        long? usageLimitObjects = null)
    {
        List<KmipAttribute> attributes = [new(Tag.CryptographicUsageMask, TtlvNode.Integer(Tag.CryptographicUsageMask, (int)usage))];
        if (parameters is not null)
        {
            attributes.Add(new(Tag.CryptographicParameters, ParametersNode(parameters)));
        }

        if (usageLimitObjects is long total)
        {
            attributes.Add(new(Tag.UsageLimits, TtlvNode.Structure(
                Tag.UsageLimits,
                TtlvNode.LongInteger(Tag.UsageLimitsTotal, total),
                TtlvNode.Enumeration(Tag.UsageLimitsUnit, (uint)UsageLimitsUnit.Object))));
        }

        return new RegisterRequestPayload
        {
            ObjectType = ObjectType.SymmetricKey,
            Attributes = attributes,
            Object = new SymmetricKey
            {
                KeyBlock = new KeyBlock
                {
                    KeyFormatType = KeyFormatType.Raw,
                    KeyValue = new KeyValue { KeyMaterial = TtlvNode.ByteString(Tag.KeyMaterial, key) },
                    CryptographicAlgorithm = algorithm,
                    CryptographicLength = key.Length * 8,
                },
            },
        };
    }

    /// <summary>Registers and activates a key; returns its identifier.</summary>
    public static async Task<string> RegisterActiveAsync(
        KmipTestClient client,
        byte[] key,
        CryptographicUsageMask usage = AllUsages,
        CryptographicAlgorithm algorithm = CryptographicAlgorithm.AES,
        CryptographicParameters? parameters = null,
        long? usageLimitObjects = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        string id = Responses.Success<RegisterResponsePayload>(
            await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, Register(key, usage, algorithm, parameters, usageLimitObjects)))).UniqueIdentifier!;
        Responses.Success<ActivateResponsePayload>(await client.SendAsync(Requests.Message(new ActivateRequestPayload { UniqueIdentifier = id })));
        return id;
    }

    public static CryptographicParameters Parameters(BlockCipherMode mode, PaddingMethod? padding = null, int? tagLength = null) =>
        new() { BlockCipherMode = mode, PaddingMethod = padding, TagLength = tagLength };

    private static TtlvNode ParametersNode(CryptographicParameters parameters)
    {
        var node = TtlvNode.Structure(Tag.CryptographicParameters);
        if (parameters.BlockCipherMode is BlockCipherMode mode)
        {
            node.Children.Add(TtlvNode.Enumeration(Tag.BlockCipherMode, (uint)mode));
        }

        if (parameters.PaddingMethod is PaddingMethod padding)
        {
            node.Children.Add(TtlvNode.Enumeration(Tag.PaddingMethod, (uint)padding));
        }

        if (parameters.CryptographicAlgorithm is CryptographicAlgorithm algorithm)
        {
            node.Children.Add(TtlvNode.Enumeration(Tag.CryptographicAlgorithm, (uint)algorithm));
        }

        if (parameters.RandomIV is bool randomIv)
        {
            node.Children.Add(TtlvNode.Boolean(Tag.RandomIV, randomIv));
        }

        return node;
    }
}
