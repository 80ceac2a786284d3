using Clavis.Core.Objects;
using Clavis.Core.Operations;
using Clavis.Core.Operations.Handlers;
using Clavis.Crypto.Secrets;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Keys;

/// <summary>What every key the server generates gets: fresh random material sealed at once, and the record of its generator.</summary>
internal static class GeneratedKeys
{
    /// <summary>
    /// The Random Number Generator attribute (KMIP 1.4 §3.44) of a key the server generated. Key bytes come from
    /// the BCL's RandomNumberGenerator and OpenSSL 3 (RSA, EC), whose default DRBG on Linux is CTR_DRBG
    /// (SP 800-90A) over AES-256; Ed25519 seeds come from the same source.
    /// </summary>
    public static TtlvNode RandomNumberGenerator() => TtlvNode.Structure(
        Tag.RandomNumberGenerator,
        TtlvNode.Enumeration(Tag.RNGAlgorithm, (uint)RNGAlgorithm.DRBG),
        TtlvNode.Enumeration(Tag.CryptographicAlgorithm, (uint)CryptographicAlgorithm.AES),
        TtlvNode.Integer(Tag.CryptographicLength, 256),
        TtlvNode.Enumeration(Tag.DRBGAlgorithm, (uint)DRBGAlgorithm.CTR));

    /// <summary>
    /// Generates a Raw symmetric key of <paramref name="length"/> bits for <paramref name="target"/>, seals it as the
    /// object's material, and adds the server-set attributes (digest, dates, generator).
    /// </summary>
    public static void GenerateSymmetric(ManagedObject target, CryptographicAlgorithm algorithm, int length, OperationContext context)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(context);
        using SecretBytes material = SecretBytes.Random(length / 8);
        // The wire key block keeps its own array; it lives only until sealed, then is zeroed.
        byte[] keyBytes = material.Span.ToArray();
        try
        {
            var body = new SymmetricKey
            {
                KeyBlock = new KeyBlock
                {
                    KeyFormatType = KeyFormatType.Raw,
                    KeyValue = new KeyValue { KeyMaterial = TtlvNode.ByteString(Tag.KeyMaterial, keyBytes) },
                    CryptographicAlgorithm = algorithm,
                    CryptographicLength = length,
                },
            };
            target.Material = ObjectBodyCodec.Seal(context.Services.Barrier, target.Id, body);
            NewObjectAttributes.AddServerAttributes(target, body, context);
            target.Attributes.Set(Tag.RandomNumberGenerator, RandomNumberGenerator());
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(keyBytes);
        }
    }
}
