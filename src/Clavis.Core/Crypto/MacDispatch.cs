using Clavis.Core.Keys;
using Clavis.Crypto.Mac;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Crypto;

/// <summary>
/// Chooses the MAC for MAC and MAC Verify from the key and the Cryptographic Parameters: an HMAC named by the
/// parameters' Cryptographic Algorithm or the key's own HMAC algorithm, or AES-CMAC for an AES key (Block
/// Cipher Mode CMAC, or no MAC parameters at all). The OASIS profile cases MAC with an AES key whose
/// parameters name HMAC_SHA256, so the parameters' algorithm wins over the key's when the key is AES.
/// </summary>
internal static class MacDispatch
{
    /// <summary>The object types MAC and MAC Verify can use.</summary>
    public static readonly IReadOnlyCollection<ObjectType> KeyTypes = [ObjectType.SymmetricKey];

    /// <summary>The MAC algorithm for <paramref name="key"/> under <paramref name="parameters"/>.</summary>
    /// <exception cref="KmipException">Bad Cryptographic Parameters naming what is wrong.</exception>
    public static MacAlgorithm Select(UsableKey key, CryptographicParameters parameters, Operation operation, ProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(parameters);
        if (key.MaterialBytes.IsEmpty)
        {
            throw CryptoFailure.BadParameters($"object {key.Object.Id} holds no raw key bytes to {operation} with (its Key Format Type is {key.Block.KeyFormatType})", version);
        }

        CryptographicAlgorithm? keyAlgorithm = key.Algorithm;
        CryptographicAlgorithm? named = parameters.CryptographicAlgorithm;
        MacAlgorithm selected;
        if (named is CryptographicAlgorithm requested && Hmac(requested) is not null)
        {
            if (keyAlgorithm is CryptographicAlgorithm own && own != requested && Hmac(own) is not null)
            {
                throw CryptoFailure.BadParameters($"the key is an {own} key; the Cryptographic Parameters ask for {requested}", version);
            }

            selected = Usable(requested, version);
        }
        else if (named is CryptographicAlgorithm other && other != CryptographicAlgorithm.AES)
        {
            throw CryptoFailure.BadParameters($"{operation} is not served with {other}; use HMAC_SHA1/224/256/384/512 or an AES key with Block Cipher Mode CMAC", version);
        }
        else if (keyAlgorithm is CryptographicAlgorithm own && Hmac(own) is not null)
        {
            if (parameters.BlockCipherMode is BlockCipherMode mode)
            {
                throw CryptoFailure.BadParameters($"Block Cipher Mode {mode} does not apply to an {own} key", version);
            }

            selected = Usable(own, version);
        }
        else if (keyAlgorithm == CryptographicAlgorithm.AES)
        {
            if (parameters.BlockCipherMode is BlockCipherMode mode && mode != BlockCipherMode.CMAC)
            {
                throw CryptoFailure.BadParameters($"an AES key MACs with Block Cipher Mode CMAC, not {mode}", version);
            }

            if (key.MaterialBytes.Length is not (16 or 24 or 32))
            {
                throw CryptoFailure.BadParameters($"AES-CMAC needs a 128, 192 or 256-bit key; this key is {key.MaterialBytes.Length * 8} bits", version);
            }

            return MacAlgorithm.AesCmac;
        }
        else
        {
            throw CryptoFailure.BadParameters(
                $"{operation} cannot use a {keyAlgorithm?.ToString() ?? "key of unknown algorithm"} key; use an HMAC key, or an AES key with CMAC or an HMAC named in the Cryptographic Parameters", version);
        }

        if (parameters.HashingAlgorithm is HashingAlgorithm hash && HashOf(selected) != hash)
        {
            throw CryptoFailure.BadParameters($"Hashing Algorithm {hash} does not match {selected}", version);
        }

        return selected;
    }

    private static MacAlgorithm Usable(CryptographicAlgorithm algorithm, ProtocolVersion version)
    {
        MacAlgorithm mac = Hmac(algorithm)!.Value;
        if (!IncrementalMac.IsSupported(mac))
        {
            throw CryptoFailure.BadParameters($"{algorithm} is not available on this server's platform", version);
        }

        return mac;
    }

    private static MacAlgorithm? Hmac(CryptographicAlgorithm algorithm) => algorithm switch
    {
        CryptographicAlgorithm.HMAC_SHA1 => MacAlgorithm.HmacSha1,
        CryptographicAlgorithm.HMAC_SHA224 => MacAlgorithm.HmacSha224,
        CryptographicAlgorithm.HMAC_SHA256 => MacAlgorithm.HmacSha256,
        CryptographicAlgorithm.HMAC_SHA384 => MacAlgorithm.HmacSha384,
        CryptographicAlgorithm.HMAC_SHA512 => MacAlgorithm.HmacSha512,
        CryptographicAlgorithm.HMAC_SHA3_256 => MacAlgorithm.HmacSha3_256,
        CryptographicAlgorithm.HMAC_SHA3_384 => MacAlgorithm.HmacSha3_384,
        CryptographicAlgorithm.HMAC_SHA3_512 => MacAlgorithm.HmacSha3_512,
        _ => null,
    };

    private static HashingAlgorithm? HashOf(MacAlgorithm mac) => mac switch
    {
        MacAlgorithm.HmacSha1 => HashingAlgorithm.SHA_1,
        MacAlgorithm.HmacSha224 => HashingAlgorithm.SHA_224,
        MacAlgorithm.HmacSha256 => HashingAlgorithm.SHA_256,
        MacAlgorithm.HmacSha384 => HashingAlgorithm.SHA_384,
        MacAlgorithm.HmacSha512 => HashingAlgorithm.SHA_512,
        MacAlgorithm.HmacSha3_256 => HashingAlgorithm.SHA3_256,
        MacAlgorithm.HmacSha3_384 => HashingAlgorithm.SHA3_384,
        MacAlgorithm.HmacSha3_512 => HashingAlgorithm.SHA3_512,
        _ => null,
    };
}
