using System.Security.Cryptography;
using Clavis.Core.Operations;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Core.Keys;

/// <summary>
/// KMIP's names for hashes and parameters turned into the BCL's, refusing what this server does not do with
/// Bad Cryptographic Parameters (mapped to the client's version).
/// </summary>
internal static class KmipCryptoChoices
{
    /// <summary>The BCL name of a KMIP Hashing Algorithm this server computes HMACs and hashes with.</summary>
    /// <exception cref="KmipException">Bad Cryptographic Parameters: MD5, SHA-224, RIPEMD and the like are not offered.</exception>
    public static HashAlgorithmName Hash(HashingAlgorithm hashing, string purpose, ProtocolVersion version) => hashing switch
    {
        HashingAlgorithm.SHA_1 => HashAlgorithmName.SHA1,
        HashingAlgorithm.SHA_256 => HashAlgorithmName.SHA256,
        HashingAlgorithm.SHA_384 => HashAlgorithmName.SHA384,
        HashingAlgorithm.SHA_512 => HashAlgorithmName.SHA512,
        HashingAlgorithm.SHA3_256 when SHA3_256.IsSupported => HashAlgorithmName.SHA3_256,
        HashingAlgorithm.SHA3_384 when SHA3_384.IsSupported => HashAlgorithmName.SHA3_384,
        HashingAlgorithm.SHA3_512 when SHA3_512.IsSupported => HashAlgorithmName.SHA3_512,
        _ => throw BadParameters(version, $"{purpose} is offered with SHA-1, SHA-256, SHA-384, SHA-512 and SHA3-256/384/512, not {hashing}"),
    };

    /// <summary>The hash of an HMAC key's Cryptographic Algorithm, or null when it is not an HMAC algorithm this server runs.</summary>
    public static HashAlgorithmName? HmacHash(CryptographicAlgorithm? algorithm) => algorithm switch
    {
        CryptographicAlgorithm.HMAC_SHA1 => HashAlgorithmName.SHA1,
        CryptographicAlgorithm.HMAC_SHA256 => HashAlgorithmName.SHA256,
        CryptographicAlgorithm.HMAC_SHA384 => HashAlgorithmName.SHA384,
        CryptographicAlgorithm.HMAC_SHA512 => HashAlgorithmName.SHA512,
        _ => null,
    };

    /// <summary>A Bad Cryptographic Parameters failure in the client's version.</summary>
    public static KmipException BadParameters(ProtocolVersion version, string message) =>
        new(FailureMapping.ForVersion(ResultReason.BadCryptographicParameters, version), message);

    /// <summary>
    /// The Cryptographic Parameters a request gives, else the first instance of the key's Cryptographic
    /// Parameters attribute (the key's Cryptographic Parameters apply when the request names none), else null.
    /// </summary>
    public static CryptographicParameters? Effective(CryptographicParameters? requested, Objects.ManagedObject key, ProtocolVersion version)
    {
        if (requested is not null)
        {
            return requested;
        }

        if (key.Attributes.GetFirst(Tag.CryptographicParameters) is not { Type: TtlvType.Structure } stored)
        {
            return null;
        }

        byte[] encoded = stored.Encode();
        var reader = new TtlvReader(encoded);
        reader.Read();
        return CryptographicParameters.Decode(ref reader, version);
    }
}
