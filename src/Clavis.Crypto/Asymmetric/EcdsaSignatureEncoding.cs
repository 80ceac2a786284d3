using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;

namespace Clavis.Crypto.Asymmetric;

/// <summary>
/// Strict reading of an ECDSA signature as KMIP carries it: the DER Ecdsa-Sig-Value of RFC 3279 §2.2.3,
/// SEQUENCE { r INTEGER, s INTEGER }. The BCL's own DER reader takes r and s as unsigned and so accepts a
/// negative (malformed) INTEGER; a signature that is not exactly DER is refused here instead (Wycheproof tcId 6).
/// </summary>
internal static class EcdsaSignatureEncoding
{
    /// <summary>r ‖ s, each left-padded to <paramref name="fieldBytes"/>, when <paramref name="der"/> is a strict DER Ecdsa-Sig-Value.</summary>
    public static bool TryDerToFixed(ReadOnlySpan<byte> der, int fieldBytes, [NotNullWhen(true)] out byte[]? fixedForm)
    {
        fixedForm = null;
        try
        {
            AsnDecoder.ReadSequence(der, AsnEncodingRules.DER, out int offset, out int length, out int consumed);
            if (consumed != der.Length)
            {
                return false;
            }

            ReadOnlySpan<byte> content = der.Slice(offset, length);
            ReadOnlySpan<byte> r = AsnDecoder.ReadIntegerBytes(content, AsnEncodingRules.DER, out int rLength);
            ReadOnlySpan<byte> s = AsnDecoder.ReadIntegerBytes(content[rLength..], AsnEncodingRules.DER, out int sLength);
            if (rLength + sLength != content.Length)
            {
                return false;
            }

            byte[] result = new byte[2 * fieldBytes];
            return TryPlace(r, result.AsSpan(0, fieldBytes)) && TryPlace(s, result.AsSpan(fieldBytes)) && (fixedForm = result) is not null;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    // A positive INTEGER (X.690 §8.3: the sign is the top bit; DER has already refused redundant leading bytes).
    private static bool TryPlace(ReadOnlySpan<byte> integer, Span<byte> destination)
    {
        if ((integer[0] & 0x80) != 0)
        {
            return false;
        }

        ReadOnlySpan<byte> magnitude = integer[0] == 0 ? integer[1..] : integer;
        if (magnitude.Length > destination.Length)
        {
            return false;
        }

        magnitude.CopyTo(destination[(destination.Length - magnitude.Length)..]);
        return true;
    }
}
