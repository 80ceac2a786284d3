using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.LoadGenerator;

/// <summary>
/// Pre-encoded request messages: built once with the typed message model, then sent byte for byte, so the
/// generator spends its CPU on TLS and framing, not on encoding.
/// </summary>
internal static class KmipRequests
{
    /// <summary>A message of <paramref name="batchItems"/> items, each made by <paramref name="payload"/>.</summary>
    public static byte[] Message(ProtocolVersion version, int batchItems, Func<RequestPayload> payload)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchItems, 1);
        var message = new RequestMessage(new RequestHeader { ProtocolVersion = version });
        for (int i = 0; i < batchItems; i++)
        {
            message.BatchItems.Add(new RequestBatchItem(payload()));
        }

        return message.Encode();
    }

    /// <summary>The data length of the Encrypt and Decrypt workloads.</summary>
    public const int CryptoDataLength = 1024;

    /// <summary>Encrypt of <paramref name="data"/> with AES-GCM and a 16-byte tag; no nonce, so the server makes one per request.</summary>
    public static RequestPayload EncryptGcm(string id, byte[] data) => new EncryptRequestPayload
    {
        UniqueIdentifier = id,
        CryptographicParameters = new CryptographicParameters { BlockCipherMode = BlockCipherMode.GCM, TagLength = 16 },
        Data = data,
    };

    /// <summary>Decrypt of a GCM ciphertext with its nonce and tag.</summary>
    public static RequestPayload DecryptGcm(string id, byte[] ciphertext, byte[] nonce, byte[] tag) => new DecryptRequestPayload
    {
        UniqueIdentifier = id,
        CryptographicParameters = new CryptographicParameters { BlockCipherMode = BlockCipherMode.GCM, TagLength = 16 },
        Data = ciphertext,
        IVCounterNonce = nonce,
        AuthenticatedEncryptionTag = tag,
    };

    public static RequestPayload DiscoverVersions() => new DiscoverVersionsRequestPayload();

    public static RequestPayload Get(string id) => new GetRequestPayload { UniqueIdentifier = id };

    /// <summary>Get of <paramref name="id"/> wrapped under <paramref name="kekId"/> with NIST Key Wrap (RFC 3394), No Encoding.</summary>
    public static RequestPayload GetWrapped(string id, string kekId) => new GetRequestPayload
    {
        UniqueIdentifier = id,
        KeyWrappingSpecification = new KeyWrappingSpecification
        {
            WrappingMethod = WrappingMethod.Encrypt,
            EncryptionKeyInformation = new EncryptionKeyInformation
            {
                UniqueIdentifier = kekId,
                CryptographicParameters = new CryptographicParameters { BlockCipherMode = BlockCipherMode.NISTKeyWrap },
            },
            EncodingOption = EncodingOption.NoEncoding,
        },
    };

    /// <summary>Create of an AES-256 key-encryption key (Wrap Key), active from a minute ago.</summary>
    public static RequestPayload CreateActiveKeyEncryptionKey() => new CreateRequestPayload
    {
        ObjectType = ObjectType.SymmetricKey,
        Attributes =
        [
            new(Tag.CryptographicAlgorithm, TtlvNode.Enumeration(Tag.CryptographicAlgorithm, (uint)CryptographicAlgorithm.AES)),
            new(Tag.CryptographicLength, TtlvNode.Integer(Tag.CryptographicLength, 256)),
            new(Tag.CryptographicUsageMask, TtlvNode.Integer(Tag.CryptographicUsageMask, (int)CryptographicUsageMask.WrapKey)),
            new(Tag.ActivationDate, TtlvNode.DateTime(Tag.ActivationDate, DateTimeOffset.UtcNow.AddMinutes(-1))),
        ],
    };

    public static RequestPayload LocateByName(string name) => new LocateRequestPayload { Attributes = [NameAttribute(name)] };

    /// <summary>Create of an AES-256 key for Encrypt and Decrypt, named <paramref name="name"/> when given.</summary>
    public static RequestPayload CreateAes256(string? name)
    {
        List<KmipAttribute> attributes =
        [
            new(Tag.CryptographicAlgorithm, TtlvNode.Enumeration(Tag.CryptographicAlgorithm, (uint)CryptographicAlgorithm.AES)),
            new(Tag.CryptographicLength, TtlvNode.Integer(Tag.CryptographicLength, 256)),
            new(Tag.CryptographicUsageMask, TtlvNode.Integer(Tag.CryptographicUsageMask, (int)(CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt))),
        ];
        if (name is not null)
        {
            attributes.Add(NameAttribute(name));
        }

        return new CreateRequestPayload { ObjectType = ObjectType.SymmetricKey, Attributes = attributes };
    }

    public static RequestPayload Sign(string id, byte[] data) => new SignRequestPayload { UniqueIdentifier = id, Data = data };

    /// <summary>Create Key Pair of an RSA-2048 (or EC P-256) pair: a signing private key and a verifying public key.</summary>
    public static CreateKeyPairRequestPayload CreateSigningKeyPair(bool rsa) => new()
    {
        CommonAttributes = rsa
            ?
            [
                new(Tag.CryptographicAlgorithm, TtlvNode.Enumeration(Tag.CryptographicAlgorithm, (uint)CryptographicAlgorithm.RSA)),
                new(Tag.CryptographicLength, TtlvNode.Integer(Tag.CryptographicLength, 2048)),
            ]
            :
            [
                new(Tag.CryptographicAlgorithm, TtlvNode.Enumeration(Tag.CryptographicAlgorithm, (uint)CryptographicAlgorithm.ECDSA)),
                new(Tag.CryptographicLength, TtlvNode.Integer(Tag.CryptographicLength, 256)),
            ],
        PrivateKeyAttributes = [new(Tag.CryptographicUsageMask, TtlvNode.Integer(Tag.CryptographicUsageMask, (int)CryptographicUsageMask.Sign))],
        PublicKeyAttributes = [new(Tag.CryptographicUsageMask, TtlvNode.Integer(Tag.CryptographicUsageMask, (int)CryptographicUsageMask.Verify))],
    };

    public static RequestPayload CreateKeyPairRsa2048() => CreateSigningKeyPair(rsa: true);

    private static KmipAttribute NameAttribute(string name) => new(Tag.Name, TtlvNode.Structure(
        Tag.Name,
        TtlvNode.TextString(Tag.NameValue, name),
        TtlvNode.Enumeration(Tag.NameType, (uint)NameType.UninterpretedTextString)));
}
