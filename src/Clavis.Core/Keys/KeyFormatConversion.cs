using Clavis.Crypto.Asymmetric;
using Clavis.Crypto.Formats;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using WireObject = Clavis.Kmip.Messages.ManagedObject;

namespace Clavis.Core.Keys;

/// <summary>
/// Get with a Key Format Type (KMIP 2.1 §6.1.27): the key in the format the client asks for, converted from the
/// format it is stored in. Symmetric keys convert between Raw and Transparent Symmetric Key; private and public
/// keys among every format <see cref="KeyFormats"/> reads and writes that fits their algorithm.
/// </summary>
internal static class KeyFormatConversion
{
    /// <summary>
    /// <paramref name="body"/> with its key in <paramref name="requested"/>: the body itself when it already is,
    /// else a new body (the old one's material is zeroed).
    /// </summary>
    /// <exception cref="KmipException">Key Format Type Not Supported, saying why.</exception>
    public static WireObject Convert(WireObject body, KeyFormatType requested)
    {
        ArgumentNullException.ThrowIfNull(body);
        KeyBlock block = Objects.ObjectBodyCodec.KeyBlockOf(body)
            ?? throw new KmipException(ResultReason.KeyFormatTypeNotSupported, $"a {body.ObjectType} has no Key Format Type");
        if (block.KeyFormatType == requested)
        {
            return body;
        }

        if (block.KeyWrappingData is not null || block.WrappedKeyValue is not null)
        {
            throw new KmipException(ResultReason.KeyFormatTypeNotSupported,
                $"the key was registered wrapped by the client as {block.KeyFormatType}; the server cannot convert what it cannot read");
        }

        TtlvNode material;
        try
        {
            material = body switch
            {
                SymmetricKey => SymmetricMaterial(block, requested),
                PrivateKey => PrivateMaterial(block, requested),
                PublicKey => PublicMaterial(block, requested),
                _ => throw new KeyFormatException(KeyFormatProblem.FormatNotSupported, $"a {body.ObjectType} is given only as stored ({block.KeyFormatType})"),
            };
        }
        catch (KeyFormatException ex)
        {
            throw new KmipException(ResultReason.KeyFormatTypeNotSupported, $"the key is held as {block.KeyFormatType} and cannot be given as {requested}: {ex.Message}", ex);
        }

        var converted = new KeyBlock
        {
            KeyFormatType = requested,
            KeyValue = new KeyValue { KeyMaterial = material, Attributes = block.KeyValue?.Attributes },
            CryptographicAlgorithm = block.CryptographicAlgorithm,
            CryptographicLength = block.CryptographicLength,
        };
        UsableKey.Erase(body);
        return body switch
        {
            SymmetricKey => new SymmetricKey { KeyBlock = converted },
            PrivateKey => new PrivateKey { KeyBlock = converted },
            _ => new PublicKey { KeyBlock = converted },
        };
    }

    private static TtlvNode SymmetricMaterial(KeyBlock block, KeyFormatType requested)
    {
        TtlvNode? material = block.KeyValue?.KeyMaterial;
        // KMIP 2.1 §2.1.7.1: a Transparent Symmetric Key is the Raw key in a Key item.
        byte[] key = (block.KeyFormatType, material) switch
        {
            (KeyFormatType.Raw, { Type: TtlvType.ByteString }) => material.ByteStringValue,
            (KeyFormatType.TransparentSymmetricKey, { Type: TtlvType.Structure }) when material.Find(Tag.Key) is { Type: TtlvType.ByteString } inner => inner.ByteStringValue,
            _ => throw new KeyFormatException(KeyFormatProblem.FormatNotSupported, "a symmetric key converts only between Raw and Transparent Symmetric Key"),
        };
        return requested switch
        {
            KeyFormatType.Raw => TtlvNode.ByteString(Tag.KeyMaterial, key.ToArray()),
            KeyFormatType.TransparentSymmetricKey => TtlvNode.Structure(Tag.KeyMaterial, TtlvNode.ByteString(Tag.Key, key.ToArray())),
            _ => throw new KeyFormatException(KeyFormatProblem.FormatNotSupported, "a symmetric key is given as Raw or Transparent Symmetric Key"),
        };
    }

    private static TtlvNode PrivateMaterial(KeyBlock block, KeyFormatType requested)
    {
        if (!KeyFormats.PrivateKeyFormats.Contains(requested))
        {
            throw new KeyFormatException(KeyFormatProblem.FormatNotSupported, $"private keys are given as {string.Join(", ", KeyFormats.PrivateKeyFormats)}");
        }

        using AsymmetricPrivateKey key = KeyFormats.OpenPrivateKey(block);
        return KeyFormats.PrivateKeyMaterial(key, requested);
    }

    private static TtlvNode PublicMaterial(KeyBlock block, KeyFormatType requested)
    {
        if (!KeyFormats.PublicKeyFormats.Contains(requested))
        {
            throw new KeyFormatException(KeyFormatProblem.FormatNotSupported, $"public keys are given as {string.Join(", ", KeyFormats.PublicKeyFormats)}");
        }

        return KeyFormats.PublicKeyMaterial(KeyFormats.OpenPublicKey(block), requested);
    }
}
