using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Clavis.Crypto.Derivation;

/// <summary>
/// NIST SP 800-108 KDF in counter mode with an HMAC PRF, the counter a 32-bit big-endian integer before the
/// fixed input data: K(i) = PRF(KI, [i]₃₂ ‖ FixedInputData), output the first L bits of K(1) ‖ K(2) ‖ …
/// The fixed input is taken whole, as NIST's CAVP vectors give it; the BCL's <c>SP800108HmacCounterKdf</c>
/// builds its own (Label ‖ 0x00 ‖ Context ‖ [L]₃₂), which is one choice of this input.
/// </summary>
public static class CounterModeKdf
{
    /// <summary>Fills <paramref name="destination"/> with derived bytes.</summary>
    /// <param name="keyDerivationKey">KI, the base key.</param>
    /// <param name="prf">The HMAC hash: SHA-1, SHA-256, SHA-384 or SHA-512.</param>
    /// <param name="fixedInput">The fixed input data (label, context, length, as the caller encodes them).</param>
    /// <param name="destination">Receives L/8 bytes; its length is L.</param>
    /// <exception cref="CryptographicException">The hash is not supported.</exception>
    public static void DeriveBytes(ReadOnlySpan<byte> keyDerivationKey, HashAlgorithmName prf, ReadOnlySpan<byte> fixedInput, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(prf, keyDerivationKey);
        int blockLength = hmac.HashLengthInBytes;
        Span<byte> counter = stackalloc byte[4];
        Span<byte> block = stackalloc byte[64];
        block = block[..blockLength];
        try
        {
            uint i = 1;
            for (int offset = 0; offset < destination.Length; offset += blockLength, i++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(counter, i);
                hmac.AppendData(counter);
                hmac.AppendData(fixedInput);
                hmac.GetHashAndReset(block);
                int take = Math.Min(blockLength, destination.Length - offset);
                block[..take].CopyTo(destination[offset..]);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block);
        }
    }
}
