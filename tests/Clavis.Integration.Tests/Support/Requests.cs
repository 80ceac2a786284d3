using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Integration.Tests.Support;

/// <summary>Request messages and payloads as a KMIP client writes them.</summary>
public static class Requests
{
    /// <summary>A request message carrying one batch item per payload.</summary>
    public static RequestMessage Message(ProtocolVersion version, params RequestPayload[] payloads)
    {
        var message = new RequestMessage(new RequestHeader { ProtocolVersion = version });
        foreach (RequestPayload payload in payloads)
        {
            message.BatchItems.Add(new RequestBatchItem(payload));
        }

        return message;
    }

    public static RequestMessage Message(params RequestPayload[] payloads) => Message(ProtocolVersion.V1_4, payloads);

    public static QueryRequestPayload Query() => new() { QueryFunction = [QueryFunction.QueryOperations, QueryFunction.QueryObjects] };

    /// <summary>Create of an AES key usable to encrypt and decrypt.</summary>
    public static CreateRequestPayload CreateAes(int bits = 256, string? name = null)
    {
        List<KmipAttribute> attributes =
        [
            Enumeration(Tag.CryptographicAlgorithm, (uint)CryptographicAlgorithm.AES),
            new(Tag.CryptographicLength, TtlvNode.Integer(Tag.CryptographicLength, bits)),
            new(Tag.CryptographicUsageMask, TtlvNode.Integer(Tag.CryptographicUsageMask, (int)(CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt))),
        ];
        if (name is not null)
        {
            attributes.Add(Name(name));
        }

        return new CreateRequestPayload { ObjectType = ObjectType.SymmetricKey, Attributes = attributes };
    }

    /// <summary>Register of an AES key with the given key bytes (Raw format).</summary>
    public static RegisterRequestPayload RegisterAes(byte[] key, string? name = null)
    {
        List<KmipAttribute> attributes =
        [
            new(Tag.CryptographicUsageMask, TtlvNode.Integer(Tag.CryptographicUsageMask, (int)(CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt))),
        ];
        if (name is not null)
        {
            attributes.Add(Name(name));
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
                    CryptographicAlgorithm = CryptographicAlgorithm.AES,
                    CryptographicLength = key.Length * 8,
                },
            },
        };
    }

    /// <summary>Register of a password (Secret Data) with the given bytes.</summary>
    public static RegisterRequestPayload RegisterSecret(byte[] secret) => new()
    {
        ObjectType = ObjectType.SecretData,
        Attributes = [new(Tag.CryptographicUsageMask, TtlvNode.Integer(Tag.CryptographicUsageMask, (int)CryptographicUsageMask.DeriveKey))],
        Object = new SecretData
        {
            SecretDataType = SecretDataType.Password,
            KeyBlock = new KeyBlock
            {
                KeyFormatType = KeyFormatType.Opaque,
                KeyValue = new KeyValue { KeyMaterial = TtlvNode.ByteString(Tag.KeyMaterial, secret) },
            },
        },
    };

    /// <summary>Locate of the objects named <paramref name="name"/>.</summary>
    public static LocateRequestPayload LocateByName(string name) => new() { Attributes = [Name(name)] };

    public static KmipAttribute Name(string name) => new(Tag.Name, TtlvNode.Structure(
        Tag.Name,
        TtlvNode.TextString(Tag.NameValue, name),
        TtlvNode.Enumeration(Tag.NameType, (uint)NameType.UninterpretedTextString)));

    public static KmipAttribute Enumeration(Tag tag, uint value) => new(tag, TtlvNode.Enumeration(tag, value));

    /// <summary>Revoke for a reason that does not need a compromise date.</summary>
    public static RevokeRequestPayload Revoke(string? id) => new()
    {
        UniqueIdentifier = id,
        RevocationReason = new RevocationReason { RevocationReasonCode = RevocationReasonCode.CessationOfOperation },
    };

    /// <summary>GetAttributes of the State attribute (1.x by name, 2.x by reference; the codec picks the form).</summary>
    public static GetAttributesRequestPayload GetState(string? id) => new()
    {
        UniqueIdentifier = id,
        AttributeReference = [new KmipAttributeReference(Tag.State)],
    };
}
