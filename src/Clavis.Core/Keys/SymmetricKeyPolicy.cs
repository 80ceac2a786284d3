using System.Collections.Frozen;
using Clavis.Kmip;

namespace Clavis.Core.Keys;

/// <summary>
/// Which symmetric keys Create generates: AES-128/192/256 and HMAC keys of at least 112 bits (NIST
/// SP 800-131A/800-107), each with the usages that make sense for it. DES and 3DES are refused as insecure.
/// </summary>
public static class SymmetricKeyPolicy
{
    /// <summary>The shortest HMAC key generated, in bits (112 bits of security, NIST SP 800-131A).</summary>
    public const int MinimumHmacLength = 112;

    /// <summary>The longest HMAC key generated, in bits.</summary>
    public const int MaximumHmacLength = 4096;

    private const CryptographicUsageMask CommonUsages =
        CryptographicUsageMask.Export | CryptographicUsageMask.DeriveKey | CryptographicUsageMask.Unrestricted | CryptographicUsageMask.Authenticate;

    private const CryptographicUsageMask AesUsages = CommonUsages
        | CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt | CryptographicUsageMask.WrapKey | CryptographicUsageMask.UnwrapKey
        | CryptographicUsageMask.MACGenerate | CryptographicUsageMask.MACVerify
        | CryptographicUsageMask.GenerateCryptogram | CryptographicUsageMask.ValidateCryptogram
        | CryptographicUsageMask.TranslateEncrypt | CryptographicUsageMask.TranslateDecrypt
        | CryptographicUsageMask.TranslateWrap | CryptographicUsageMask.TranslateUnwrap
        | CryptographicUsageMask.FPEEncrypt | CryptographicUsageMask.FPEDecrypt;

    private const CryptographicUsageMask HmacUsages = CommonUsages | CryptographicUsageMask.MACGenerate | CryptographicUsageMask.MACVerify;

    private static readonly FrozenSet<int> s_aesLengths = FrozenSet.Create(128, 192, 256);

    private static readonly FrozenSet<CryptographicAlgorithm> s_hmac = FrozenSet.Create(
        CryptographicAlgorithm.HMAC_SHA1, CryptographicAlgorithm.HMAC_SHA224, CryptographicAlgorithm.HMAC_SHA256,
        CryptographicAlgorithm.HMAC_SHA384, CryptographicAlgorithm.HMAC_SHA512);

    /// <summary>
    /// Checks that a key of <paramref name="algorithm"/>, <paramref name="length"/> bits and <paramref name="usage"/> can be generated.
    /// </summary>
    /// <exception cref="KmipException">Invalid Field, naming what is wrong.</exception>
    public static void Check(CryptographicAlgorithm algorithm, int length, CryptographicUsageMask usage)
    {
        CryptographicUsageMask allowed;
        if (algorithm is CryptographicAlgorithm.DES or CryptographicAlgorithm.DES3)
        {
            // NIST SP 800-131A rev. 2: DES is withdrawn and 3DES disallowed for encryption after 2023.
            KmipException.ThrowInvalidField($"Cryptographic Algorithm {algorithm} is refused as insecure; use AES");
        }

        if (algorithm == CryptographicAlgorithm.AES)
        {
            if (!s_aesLengths.Contains(length))
            {
                KmipException.ThrowInvalidField($"Cryptographic Length {length} is invalid for AES; use 128, 192 or 256");
            }

            allowed = AesUsages;
        }
        else if (s_hmac.Contains(algorithm))
        {
            if (length < MinimumHmacLength || length > MaximumHmacLength || length % 8 != 0)
            {
                KmipException.ThrowInvalidField(
                    $"Cryptographic Length {length} is invalid for {algorithm}; use a multiple of 8 from {MinimumHmacLength} to {MaximumHmacLength}");
            }

            allowed = HmacUsages;
        }
        else
        {
            KmipException.ThrowInvalidField($"Cryptographic Algorithm {algorithm} cannot be generated as a symmetric key here; use AES or HMAC-SHA*");
            return;
        }

        if (usage == 0)
        {
            KmipException.ThrowInvalidField("Cryptographic Usage Mask is empty; name at least one usage");
        }

        CryptographicUsageMask refused = usage & ~allowed;
        if (refused != 0)
        {
            // KMIP 2.1 §4.21: the mask says what the key may be used for; usages the algorithm cannot serve are refused.
            KmipException.ThrowInvalidField($"Cryptographic Usage Mask has usages {refused} that a {algorithm} key cannot serve");
        }
    }
}
