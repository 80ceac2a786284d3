using System.Security.Cryptography;
using Clavis.Core.Barrier;
using Clavis.Crypto.Secrets;
using Clavis.Kmip;
using Clavis.Kmip.Ttlv;
using WireObject = Clavis.Kmip.Messages.ManagedObject;

namespace Clavis.Core.Objects;

/// <summary>
/// Keeps an object's body (key block, certificate bytes, template attributes …) only sealed: encodes
/// the wire object to TTLV and seals it through the barrier; opens and decodes it for Get.
/// </summary>
/// <remarks>
/// STABLE FORMAT (the cleartext under every object's sealed material): the TTLV item of the wire object
/// under its own tag (Symmetric Key, Private Key …), written in the KMIP 2.1 form — or the 1.4 form for a
/// Template, which 2.x does not define. The tag read back picks the form. The cleartext lives only in the
/// writer's pooled buffer, which is cleared when it is returned, or in a <see cref="SecretBytes"/>.
/// </remarks>
public static class ObjectBodyCodec
{
    private static readonly TtlvReaderOptions s_readerOptions = new() { MaxDepth = 64, MaxMessageSize = int.MaxValue };

    /// <summary>Encodes and seals <paramref name="body"/> for object <paramref name="objectId"/>.</summary>
    public static SealedMaterial Seal(KeyMaterialBarrier barrier, string objectId, WireObject body)
    {
        ArgumentNullException.ThrowIfNull(barrier);
        ArgumentNullException.ThrowIfNull(body);
        using var writer = new TtlvWriter(1024);
        body.Encode(writer, body.ObjectTag, FormOf(body.ObjectTag));
        return barrier.Seal(objectId, writer.WrittenSpan);
    }

    /// <summary>Opens and decodes the body sealed for object <paramref name="objectId"/>.</summary>
    /// <exception cref="CryptographicException">The sealed material was altered or belongs to another object.</exception>
    /// <exception cref="Ports.SealException">Its data key is unknown.</exception>
    public static WireObject Open(KeyMaterialBarrier barrier, string objectId, SealedMaterial material)
    {
        ArgumentNullException.ThrowIfNull(barrier);
        using SecretBytes cleartext = barrier.Open(objectId, material);
        return Decode(cleartext.Span);
    }

    /// <summary>Decodes a body in the stored form.</summary>
    /// <exception cref="TtlvFormatException">The bytes are not a stored body.</exception>
    public static WireObject Decode(ReadOnlySpan<byte> stored)
    {
        var reader = new TtlvReader(stored, s_readerOptions);
        if (!reader.Read())
        {
            throw new TtlvFormatException("the stored body is empty", 0);
        }

        return WireObject.DecodeAny(ref reader, FormOf(reader.Tag));
    }

    /// <summary>The digest input of a body, as KMIP defines it, hashed with SHA-256; null when the body has no material to digest.</summary>
    /// <remarks>
    /// KMIP 2.1 §4.19 Digest: computed over the Key Material for keys (the raw bytes for Raw and Opaque formats,
    /// the encoded Key Material otherwise), over the wrapped Key Value for wrapped keys, over the certificate
    /// value for certificates and the data for opaque objects.
    /// </remarks>
    public static byte[]? Digest(WireObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Kmip.Messages.KeyBlock? block = KeyBlockOf(body);
        if (block is not null)
        {
            if (block.WrappedKeyValue is byte[] wrapped)
            {
                return SHA256.HashData(wrapped);
            }

            if (block.KeyValue?.KeyMaterial is not TtlvNode material)
            {
                return null;
            }

            if (material.Type == TtlvType.ByteString)
            {
                return SHA256.HashData(material.ByteStringValue);
            }

            byte[] encoded = material.Encode();
            try
            {
                return SHA256.HashData(encoded);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(encoded);
            }
        }

        return body switch
        {
            Kmip.Messages.Certificate { CertificateValue: byte[] value } => SHA256.HashData(value),
            Kmip.Messages.OpaqueObject { OpaqueDataValue: byte[] value } => SHA256.HashData(value),
            _ => null,
        };
    }

    /// <summary>The key block of a key-carrying object, or null.</summary>
    public static Kmip.Messages.KeyBlock? KeyBlockOf(WireObject body) => body switch
    {
        Kmip.Messages.SymmetricKey key => key.KeyBlock,
        Kmip.Messages.PublicKey key => key.KeyBlock,
        Kmip.Messages.PrivateKey key => key.KeyBlock,
        Kmip.Messages.SecretData data => data.KeyBlock,
        Kmip.Messages.SplitKey split => split.KeyBlock,
        Kmip.Messages.PGPKey pgp => pgp.KeyBlock,
        _ => null,
    };

    private static ProtocolVersion FormOf(Tag objectTag) => objectTag == Tag.Template ? ProtocolVersion.V1_4 : ProtocolVersion.V2_1;
}
