using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Cli.Client;

/// <summary>What <c>clavis key get</c> writes out of a Get answer: the material's bytes (or a transparent structure) and how to label it.</summary>
internal sealed class ExportedKey
{
    private ExportedKey(string id, ObjectType type, KeyFormatType? format, CryptographicAlgorithm? algorithm, int? length, bool wrapped, byte[]? bytes, TtlvNode? structure)
    {
        Id = id;
        Type = type;
        Format = format;
        Algorithm = algorithm;
        Length = length;
        Wrapped = wrapped;
        Bytes = bytes;
        Structure = structure;
    }

    public string Id { get; }

    public ObjectType Type { get; }

    public KeyFormatType? Format { get; }

    public CryptographicAlgorithm? Algorithm { get; }

    public int? Length { get; }

    public bool Wrapped { get; }

    /// <summary>The material as bytes; null for a transparent (structured) key.</summary>
    public byte[]? Bytes { get; }

    /// <summary>A transparent key's structure.</summary>
    public TtlvNode? Structure { get; }

    /// <summary>Whether the material would let someone use the key (not a public key or certificate, not wrapped).</summary>
    public bool IsSecret => !Wrapped && Type is not (ObjectType.PublicKey or ObjectType.Certificate);

    /// <summary>The PEM label for DER formats, or null (raw bytes, wrapped keys, transparent keys).</summary>
    public string? PemLabel => Wrapped || Bytes is null ? null : (Type, Format) switch
    {
        (ObjectType.Certificate, _) => "CERTIFICATE",
        (ObjectType.PrivateKey, KeyFormatType.PKCS_1) => "RSA PRIVATE KEY",
        (ObjectType.PrivateKey, KeyFormatType.PKCS_8) => "PRIVATE KEY",
        (ObjectType.PrivateKey, KeyFormatType.ECPrivateKey) => "EC PRIVATE KEY",
        (ObjectType.PublicKey, KeyFormatType.PKCS_1) => "RSA PUBLIC KEY",
        (ObjectType.PublicKey, KeyFormatType.X_509) => "PUBLIC KEY",
        _ => null,
    };

    public static ExportedKey From(GetResponsePayload got)
    {
        string id = got.UniqueIdentifier ?? "";
        switch (got.Object)
        {
            case Certificate certificate:
                return new ExportedKey(id, ObjectType.Certificate, KeyFormatType.X_509, null, null, false, certificate.CertificateValue, null);
            case OpaqueObject opaque:
                return new ExportedKey(id, ObjectType.OpaqueObject, KeyFormatType.Opaque, null, null, false, opaque.OpaqueDataValue, null);
        }

        KeyBlock? block = got.Object switch
        {
            SymmetricKey k => k.KeyBlock,
            PrivateKey k => k.KeyBlock,
            PublicKey k => k.KeyBlock,
            SecretData k => k.KeyBlock,
            _ => null,
        };
        if (block is null)
        {
            throw new AdminClientException(AdminClientException.Refused, $"{id}: a {got.ObjectType} has no key block to export");
        }

        bool wrapped = block.KeyWrappingData is not null || block.WrappedKeyValue is not null;
        if (block.WrappedKeyValue is { } wrappedBytes)
        {
            return new ExportedKey(id, got.ObjectType, block.KeyFormatType, block.CryptographicAlgorithm, block.CryptographicLength, true, wrappedBytes, null);
        }

        TtlvNode? material = block.KeyValue?.KeyMaterial;
        return material?.Type == TtlvType.ByteString
            ? new ExportedKey(id, got.ObjectType, block.KeyFormatType, block.CryptographicAlgorithm, block.CryptographicLength, wrapped, material.ByteStringValue, null)
            : new ExportedKey(id, got.ObjectType, block.KeyFormatType, block.CryptographicAlgorithm, block.CryptographicLength, wrapped, null, material);
    }

    public string Describe() =>
        $"{(Algorithm is { } a ? CliText.Display(a) + (Length is { } l ? $"-{l} " : " ") : "")}{KmipCommandRunner.Spaced(Type.ToString()).ToLowerInvariant()}{(Format is { } f ? $" ({CliText.Display(f)}{(Wrapped ? ", wrapped" : "")})" : "")}";

    public string Pem() => PemEncoding.WriteString(PemLabel!, Bytes!);

    /// <summary>Text for standard output: PEM, base64, or a transparent key's JSON.</summary>
    public string Text() => PemLabel is not null ? Pem() : Bytes is not null ? Convert.ToBase64String(Bytes) : KmipAttributeJson.Value(Structure!)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    public JsonObject ToJson(bool includeMaterial = true)
    {
        var json = new JsonObject
        {
            ["uniqueIdentifier"] = Id,
            ["objectType"] = Type.ToString(),
            ["keyFormatType"] = Format?.ToString(),
            ["cryptographicAlgorithm"] = Algorithm?.ToString(),
            ["cryptographicLength"] = Length,
            ["wrapped"] = Wrapped,
        };
        if (includeMaterial)
        {
            json["keyMaterial"] = Bytes is not null ? Convert.ToBase64String(Bytes) : KmipAttributeJson.Value(Structure!);
        }

        return json;
    }

    /// <summary>Zeroes the material this process holds.</summary>
    public void Clear()
    {
        if (Bytes is not null)
        {
            CryptographicOperations.ZeroMemory(Bytes);
        }
    }
}
