using System.Security.Cryptography;

namespace Clavis.Crypto.Symmetric;

/// <summary>
/// XTS-AES (IEEE 1619-2007, NIST SP 800-38E), the storage mode: one data unit per call, enciphered under
/// a key that is two AES keys (data key ‖ tweak key), with the data unit's 16-byte tweak. A final partial
/// block is handled by ciphertext stealing, so the output is as long as the input (at least 16 bytes).
/// </summary>
public static class AesXtsCipher
{
    /// <summary>The tweak length in bytes.</summary>
    public const int TweakSize = 16;

    /// <summary>Whether <paramref name="length"/> bytes is an XTS key length (two AES-128 or two AES-256 keys).</summary>
    public static bool IsValidKeySize(int length) => length is 32 or 64;

    /// <summary>Encrypts one data unit.</summary>
    /// <param name="key">32 or 64 bytes: the data key then the tweak key, which must differ. Not retained.</param>
    /// <param name="tweak">16 bytes; IEEE 1619 encodes the data unit sequence number little-endian.</param>
    /// <param name="plaintext">At least 16 bytes.</param>
    /// <exception cref="ArgumentException">A length is invalid or the two key halves are equal.</exception>
    public static byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> tweak, ReadOnlySpan<byte> plaintext) =>
        Transform(key, tweak, plaintext, encrypt: true);

    /// <summary>Decrypts one data unit.</summary>
    /// <param name="key">The key used to encrypt. Not retained.</param>
    /// <param name="tweak">The tweak used to encrypt.</param>
    /// <param name="ciphertext">At least 16 bytes.</param>
    /// <exception cref="ArgumentException">A length is invalid or the two key halves are equal.</exception>
    public static byte[] Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> tweak, ReadOnlySpan<byte> ciphertext) =>
        Transform(key, tweak, ciphertext, encrypt: false);

    private static byte[] Transform(ReadOnlySpan<byte> key, ReadOnlySpan<byte> tweak, ReadOnlySpan<byte> input, bool encrypt)
    {
        if (!IsValidKeySize(key.Length))
        {
            throw new ArgumentException($"an XTS-AES key is two AES keys, 32 or 64 bytes, not {key.Length}", nameof(key));
        }

        int half = key.Length / 2;
        if (CryptographicOperations.FixedTimeEquals(key[..half], key[half..]))
        {
            // SP 800-38E / FIPS 140-3 IG C.I: the data key and the tweak key must differ.
            throw new ArgumentException("the two halves of an XTS-AES key must differ", nameof(key));
        }

        if (tweak.Length != TweakSize)
        {
            throw new ArgumentException($"an XTS tweak is {TweakSize} bytes, not {tweak.Length}", nameof(tweak));
        }

        if (input.Length < AesKey.BlockSize)
        {
            throw new ArgumentException($"an XTS data unit is at least {AesKey.BlockSize} bytes, not {input.Length}", nameof(input));
        }

        int fullBlocks = input.Length / AesKey.BlockSize;
        int partial = input.Length % AesKey.BlockSize;

        // With a partial last block the last full block is handled with the stealing step below.
        int plainBlocks = partial == 0 ? fullBlocks : fullBlocks - 1;
        byte[] output = new byte[input.Length];
        byte[] tweaks = new byte[(fullBlocks + 1) * AesKey.BlockSize];
        byte[] work = new byte[Math.Max(plainBlocks, 1) * AesKey.BlockSize];
        using ICryptoTransform tweakCipher = AesKey.CreateEcb(key[half..], encrypt: true);
        using ICryptoTransform dataCipher = AesKey.CreateEcb(key[..half], encrypt);
        try
        {
            // T_0 = E_K2(i); T_j = T_{j-1} ⊗ α (IEEE 1619 §5.2).
            tweak.CopyTo(tweaks);
            tweakCipher.TransformBlock(tweaks, 0, AesKey.BlockSize, tweaks, 0);
            for (int j = 1; j <= fullBlocks; j++)
            {
                MultiplyByAlpha(tweaks.AsSpan((j - 1) * AesKey.BlockSize, AesKey.BlockSize), tweaks.AsSpan(j * AesKey.BlockSize, AesKey.BlockSize));
            }

            if (plainBlocks > 0)
            {
                int length = plainBlocks * AesKey.BlockSize;
                Xor(input[..length], tweaks.AsSpan(0, length), work);
                dataCipher.TransformBlock(work, 0, length, work, 0);
                Xor(work.AsSpan(0, length), tweaks.AsSpan(0, length), output);
            }

            if (partial != 0)
            {
                int last = plainBlocks * AesKey.BlockSize;
                Span<byte> tweakM1 = tweaks.AsSpan(plainBlocks * AesKey.BlockSize, AesKey.BlockSize);
                Span<byte> tweakM = tweaks.AsSpan((plainBlocks + 1) * AesKey.BlockSize, AesKey.BlockSize);

                // IEEE 1619 §5.3.2 / §5.4.2: encryption steals with T_{m-1} then T_m; decryption uses them the other way round.
                Span<byte> block = stackalloc byte[AesKey.BlockSize];
                Block(dataCipher, input.Slice(last, AesKey.BlockSize), encrypt ? tweakM1 : tweakM, block);
                block[..partial].CopyTo(output.AsSpan(last + AesKey.BlockSize));
                input.Slice(last + AesKey.BlockSize, partial).CopyTo(block);
                Block(dataCipher, block, encrypt ? tweakM : tweakM1, output.AsSpan(last, AesKey.BlockSize));
                CryptographicOperations.ZeroMemory(block);
            }

            return output;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(tweaks);
            CryptographicOperations.ZeroMemory(work);
        }
    }

    private static void Block(ICryptoTransform cipher, ReadOnlySpan<byte> input, ReadOnlySpan<byte> tweak, Span<byte> output)
    {
        byte[] buffer = new byte[AesKey.BlockSize];
        Xor(input, tweak, buffer);
        cipher.TransformBlock(buffer, 0, AesKey.BlockSize, buffer, 0);
        Xor(buffer, tweak, output);
        CryptographicOperations.ZeroMemory(buffer);
    }

    private static void Xor(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> result)
    {
        for (int i = 0; i < a.Length; i++)
        {
            result[i] = (byte)(a[i] ^ b[i]);
        }
    }

    // Multiplication by α = x in GF(2^128) with the little-endian byte order of IEEE 1619 §5.2.
    private static void MultiplyByAlpha(ReadOnlySpan<byte> source, Span<byte> result)
    {
        int carry = 0;
        for (int i = 0; i < AesKey.BlockSize; i++)
        {
            int next = source[i] >> 7;
            result[i] = (byte)((source[i] << 1) | carry);
            carry = next;
        }

        if (carry != 0)
        {
            result[0] ^= 0x87;
        }
    }
}
