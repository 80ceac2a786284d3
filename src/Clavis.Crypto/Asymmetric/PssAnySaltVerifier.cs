using System.Numerics;
using System.Security.Cryptography;

namespace Clavis.Crypto.Asymmetric;

/// <summary>
/// RSASSA-PSS verification when the verifier does not know the salt length: EMSA-PSS-VERIFY (RFC 8017 §9.1.2)
/// with the salt length read from the encoded message, as OpenSSL does by default (RSA_PSS_SALTLEN_AUTO).
/// KMIP clients verify signatures made with a salt length recorded on the signing key only (OASIS CS-AC-M-1/2:
/// signed with a 222-byte salt, verified with a public key whose parameters give none). Public-key arithmetic
/// only: nothing here is secret.
/// </summary>
internal static class PssAnySaltVerifier
{
    /// <summary>Whether <paramref name="signature"/> is a PSS signature of <paramref name="messageHash"/> with MGF1 over <paramref name="hash"/>, whatever its salt length.</summary>
    public static bool Verify(AsymmetricPublicKey key, HashAlgorithmName hash, ReadOnlySpan<byte> messageHash, ReadOnlySpan<byte> signature)
    {
        RSAParameters parameters;
        using (RSA rsa = key.OpenRsa())
        {
            parameters = rsa.ExportParameters(includePrivateParameters: false);
        }

        int k = parameters.Modulus!.Length;
        if (signature.Length != k)
        {
            return false;
        }

        // RFC 8017 §8.1.2 step 2: RSAVP1, then I2OSP to emLen = ceil((modBits - 1) / 8) octets.
        var n = new BigInteger(parameters.Modulus, isUnsigned: true, isBigEndian: true);
        var s = new BigInteger(signature, isUnsigned: true, isBigEndian: true);
        if (s >= n)
        {
            return false;
        }

        int modBits = (int)n.GetBitLength();
        int emBits = modBits - 1;
        int emLength = (emBits + 7) / 8;
        BigInteger m = BigInteger.ModPow(s, new BigInteger(parameters.Exponent!, isUnsigned: true, isBigEndian: true), n);
        byte[] em = new byte[emLength];
        int size = m.GetByteCount(isUnsigned: true);
        if (size > emLength || !m.TryWriteBytes(em.AsSpan(emLength - size), out _, isUnsigned: true, isBigEndian: true))
        {
            return false;
        }

        // §9.1.2 steps 3-6.
        int hashLength = messageHash.Length;
        if (emLength < hashLength + 2 || em[^1] != 0xBC)
        {
            return false;
        }

        int dbLength = emLength - hashLength - 1;
        ReadOnlySpan<byte> h = em.AsSpan(dbLength, hashLength);
        byte topMask = (byte)(0xFF >> ((8 * emLength) - emBits));
        if ((em[0] & ~topMask) != 0)
        {
            return false;
        }

        // Steps 7-10: DB = maskedDB xor MGF1(H), leftmost bits cleared, then PS (zeros) and 0x01.
        byte[] db = Mgf1(hash, h, dbLength);
        for (int i = 0; i < dbLength; i++)
        {
            db[i] ^= em[i];
        }

        db[0] &= topMask;
        int separator = Array.FindIndex(db, b => b != 0);
        if (separator < 0 || db[separator] != 0x01)
        {
            return false;
        }

        // Steps 11-14: M' = 8 zero octets ‖ mHash ‖ salt; H' = Hash(M') must equal H.
        ReadOnlySpan<byte> salt = db.AsSpan(separator + 1);
        byte[] prime = new byte[8 + hashLength + salt.Length];
        messageHash.CopyTo(prime.AsSpan(8));
        salt.CopyTo(prime.AsSpan(8 + hashLength));
        return CryptographicOperations.FixedTimeEquals(CryptographicOperations.HashData(hash, prime), h);
    }

    // RFC 8017 §B.2.1.
    private static byte[] Mgf1(HashAlgorithmName hash, ReadOnlySpan<byte> seed, int length)
    {
        byte[] mask = new byte[length];
        byte[] block = new byte[seed.Length + 4];
        seed.CopyTo(block);
        int written = 0;
        for (uint counter = 0; written < length; counter++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(block.AsSpan(seed.Length), counter);
            byte[] digest = CryptographicOperations.HashData(hash, block);
            int take = Math.Min(digest.Length, length - written);
            digest.AsSpan(0, take).CopyTo(mask.AsSpan(written));
            written += take;
        }

        return mask;
    }
}
