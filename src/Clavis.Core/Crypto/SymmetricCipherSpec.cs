using Clavis.Crypto.Symmetric;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Crypto;

/// <summary>
/// An AES cipher as the Cryptographic Parameters choose it, checked against the key: mode, padding, and the
/// lengths that go with the mode. Every combination not served is refused here with a message that says what
/// is wrong, before any data is touched.
/// </summary>
/// <param name="Mode">The block cipher mode.</param>
/// <param name="Padding">PKCS#5 padding (CBC and ECB only).</param>
/// <param name="TagLength">GCM tag length in bytes.</param>
/// <param name="IvLength">The IV/counter/nonce length in bytes (0 for ECB); for GCM the length of a server-generated nonce.</param>
/// <param name="IvLengthFixed">Whether the parameters fixed the IV length (GCM's IV Length); otherwise a client's GCM nonce may have any served length.</param>
/// <param name="CounterBits">CTR: how many low bits of the counter block are incremented.</param>
/// <param name="InitialCounterValue">CTR: the counter's start when the server makes the counter block.</param>
/// <param name="RandomIv">The Random IV parameter, when given.</param>
internal sealed record SymmetricCipherSpec(SymmetricMode Mode, bool Padding, int TagLength, int IvLength, bool IvLengthFixed, int CounterBits, int? InitialCounterValue, bool? RandomIv)
{
    private const int BlockBytes = 16;

    /// <summary>Reads and checks <paramref name="parameters"/> for an AES key of <paramref name="keyBytes"/> bytes.</summary>
    /// <exception cref="KmipException">Bad Cryptographic Parameters naming what is wrong.</exception>
    public static SymmetricCipherSpec From(CryptographicParameters parameters, int keyBytes, Operation operation, ProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.CryptographicAlgorithm is CryptographicAlgorithm algorithm && algorithm != CryptographicAlgorithm.AES)
        {
            throw CryptoFailure.BadParameters($"the Cryptographic Parameters name {algorithm}, but the key is an AES key", version);
        }

        SymmetricMode mode = parameters.BlockCipherMode switch
        {
            null => throw CryptoFailure.BadParameters(
                $"{operation} needs a Block Cipher Mode (GCM, CBC, CTR, XTS or ECB) in the request's Cryptographic Parameters or the key's", version),
            BlockCipherMode.GCM => SymmetricMode.Gcm,
            BlockCipherMode.CBC => SymmetricMode.Cbc,
            BlockCipherMode.CTR => SymmetricMode.Ctr,
            BlockCipherMode.XTS => SymmetricMode.Xts,
            BlockCipherMode.ECB => SymmetricMode.Ecb,
            BlockCipherMode other => throw CryptoFailure.BadParameters(
                $"Block Cipher Mode {other} is not served for {operation}; use GCM, CBC, CTR, XTS or ECB", version),
        };

        CheckKeyLength(mode, keyBytes, version);
        bool padding = PaddingOf(mode, parameters.PaddingMethod, version);
        if (parameters.TagLength is int requestedTag && mode != SymmetricMode.Gcm)
        {
            throw CryptoFailure.BadParameters($"Tag Length {requestedTag} applies to GCM only, not {mode}", version);
        }

        int tagLength = parameters.TagLength ?? AesGcmCipher.MaximumTagSize;
        if (!AesGcmCipher.IsValidTagSize(tagLength))
        {
            // NIST SP 800-38D §5.2.1.2: shorter tags weaken authentication; 12 to 16 bytes are served.
            throw CryptoFailure.BadParameters($"Tag Length {tagLength} is not served for GCM; use 12 to 16 bytes", version);
        }

        int ivLength = IvLengthOf(mode, parameters.IVLength, version);
        int counterBits = parameters.CounterLength ?? 128;
        if (mode == SymmetricMode.Ctr && (counterBits is < 8 or > 128 || counterBits % 8 != 0))
        {
            throw CryptoFailure.BadParameters($"Counter Length {counterBits} bits is not served; use a multiple of 8 from 8 to 128", version);
        }

        bool ivLengthFixed = mode != SymmetricMode.Gcm || parameters.IVLength is not null;
        return new SymmetricCipherSpec(mode, padding, tagLength, ivLength, ivLengthFixed, counterBits, parameters.InitialCounterValue, parameters.RandomIV);
    }

    private static void CheckKeyLength(SymmetricMode mode, int keyBytes, ProtocolVersion version)
    {
        if (mode == SymmetricMode.Xts)
        {
            if (!AesXtsCipher.IsValidKeySize(keyBytes))
            {
                // IEEE 1619 §5.1: the XTS key is the concatenation of two AES keys of equal size.
                throw CryptoFailure.BadParameters(
                    $"XTS needs a double-length AES key (256 bits for XTS-AES-128 or 512 for XTS-AES-256); this key is {keyBytes * 8} bits", version);
            }

            return;
        }

        if (keyBytes is not (16 or 24 or 32))
        {
            throw CryptoFailure.BadParameters($"an AES key is 128, 192 or 256 bits for {mode}; this key is {keyBytes * 8} bits", version);
        }
    }

    private static bool PaddingOf(SymmetricMode mode, PaddingMethod? method, ProtocolVersion version)
    {
        if (mode is SymmetricMode.Cbc or SymmetricMode.Ecb)
        {
            return method switch
            {
                null or PaddingMethod.None => false,
                PaddingMethod.PKCS5 => true,
                PaddingMethod other => throw CryptoFailure.BadParameters($"Padding Method {other} is not served for {mode}; use PKCS5 or None", version),
            };
        }

        if (method is PaddingMethod padding && padding != PaddingMethod.None)
        {
            throw CryptoFailure.BadParameters($"{mode} takes no padding; Padding Method {padding} cannot apply", version);
        }

        return false;
    }

    private static int IvLengthOf(SymmetricMode mode, int? ivBits, ProtocolVersion version)
    {
        if (mode == SymmetricMode.Ecb)
        {
            return 0;
        }

        if (mode == SymmetricMode.Gcm)
        {
            int bits = ivBits ?? AesGcmCipher.DefaultNonceSize * 8;
            if (bits % 8 != 0 || !AesGcmCipher.IsValidNonceSize(bits / 8))
            {
                throw CryptoFailure.BadParameters($"IV Length {bits} bits is not served for GCM; use whole bytes up to {AesGcmCipher.MaximumNonceSize * 8} bits (96 recommended)", version);
            }

            return bits / 8;
        }

        if (ivBits is int given && given != BlockBytes * 8)
        {
            throw CryptoFailure.BadParameters($"IV Length {given} bits does not fit {mode}, whose IV is 128 bits", version);
        }

        return BlockBytes;
    }
}
