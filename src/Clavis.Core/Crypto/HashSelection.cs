using Clavis.Crypto.Hashing;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Crypto;

/// <summary>The hash function the Hash operation's Cryptographic Parameters name (KMIP 2.1 §6.1.23).</summary>
internal static class HashSelection
{
    /// <summary>The digest for the Hashing Algorithm (or a SHA-3 Cryptographic Algorithm) in <paramref name="parameters"/>.</summary>
    /// <exception cref="KmipException">Bad Cryptographic Parameters when none is named or it is not served.</exception>
    public static DigestAlgorithm Select(CryptographicParameters parameters, ProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        HashingAlgorithm? hash = parameters.HashingAlgorithm ?? parameters.CryptographicAlgorithm switch
        {
            CryptographicAlgorithm.SHA3_224 => HashingAlgorithm.SHA3_224,
            CryptographicAlgorithm.SHA3_256 => HashingAlgorithm.SHA3_256,
            CryptographicAlgorithm.SHA3_384 => HashingAlgorithm.SHA3_384,
            CryptographicAlgorithm.SHA3_512 => HashingAlgorithm.SHA3_512,
            _ => null,
        };
        return hash switch
        {
            null => throw CryptoFailure.BadParameters("Hash needs a Hashing Algorithm in its Cryptographic Parameters", version),
            HashingAlgorithm.SHA_1 => DigestAlgorithm.Sha1,
            HashingAlgorithm.SHA_224 => DigestAlgorithm.Sha224,
            HashingAlgorithm.SHA_256 => DigestAlgorithm.Sha256,
            HashingAlgorithm.SHA_384 => DigestAlgorithm.Sha384,
            HashingAlgorithm.SHA_512 => DigestAlgorithm.Sha512,
            HashingAlgorithm.SHA_512_224 => DigestAlgorithm.Sha512_224,
            HashingAlgorithm.SHA_512_256 => DigestAlgorithm.Sha512_256,
            HashingAlgorithm.SHA3_224 => DigestAlgorithm.Sha3_224,
            HashingAlgorithm.SHA3_256 => DigestAlgorithm.Sha3_256,
            HashingAlgorithm.SHA3_384 => DigestAlgorithm.Sha3_384,
            HashingAlgorithm.SHA3_512 => DigestAlgorithm.Sha3_512,
            HashingAlgorithm other => throw CryptoFailure.BadParameters(
                $"Hashing Algorithm {other} is not served (MD2/MD4/MD5/RIPEMD-160/Tiger/Whirlpool are broken or obsolete); use SHA-2 or SHA-3", version),
        };
    }
}
