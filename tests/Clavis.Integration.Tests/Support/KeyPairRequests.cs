using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Integration.Tests.Support;

/// <summary>Create Key Pair, Sign, Signature Verify and Get requests as a KMIP client writes them.</summary>
public static class KeyPairRequests
{
    public static KmipAttribute Integer(Tag tag, int value) => new(tag, TtlvNode.Integer(tag, value));

    public static KmipAttribute Mask(CryptographicUsageMask mask) => Integer(Tag.CryptographicUsageMask, (int)mask);

    public static KmipAttribute Link(LinkType type, string id) => new(Tag.Link, TtlvNode.Structure(Tag.Link,
        TtlvNode.Enumeration(Tag.LinkType, (uint)type), TtlvNode.TextString(Tag.LinkedObjectIdentifier, id)));

    /// <summary>A key pair: algorithm and length (or curve) common, a signing private key and a verifying public key.</summary>
    public static CreateKeyPairRequestPayload CreateKeyPair(
        CryptographicAlgorithm algorithm, int? length, RecommendedCurve? curve = null,
        CryptographicUsageMask privateMask = CryptographicUsageMask.Sign, CryptographicUsageMask publicMask = CryptographicUsageMask.Verify)
    {
        List<KmipAttribute> common = [Requests.Enumeration(Tag.CryptographicAlgorithm, (uint)algorithm)];
        if (length is int bits)
        {
            common.Add(Integer(Tag.CryptographicLength, bits));
        }

        if (curve is RecommendedCurve recommended)
        {
            common.Add(new KmipAttribute(Tag.CryptographicDomainParameters, TtlvNode.Structure(Tag.CryptographicDomainParameters,
                TtlvNode.Enumeration(Tag.RecommendedCurve, (uint)recommended))));
        }

        return new CreateKeyPairRequestPayload
        {
            CommonAttributes = common,
            PrivateKeyAttributes = [Mask(privateMask)],
            PublicKeyAttributes = [Mask(publicMask)],
        };
    }

    public static GetRequestPayload Get(string id, KeyFormatType? format = null) => new() { UniqueIdentifier = id, KeyFormatType = format };

    public static SignRequestPayload Sign(string id, byte[] data, CryptographicParameters? parameters = null) =>
        new() { UniqueIdentifier = id, Data = data, CryptographicParameters = parameters };

    public static SignatureVerifyRequestPayload Verify(string id, byte[] data, byte[] signature, CryptographicParameters? parameters = null) =>
        new() { UniqueIdentifier = id, Data = data, SignatureData = signature, CryptographicParameters = parameters };
}
