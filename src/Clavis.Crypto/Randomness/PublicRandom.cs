using System.Security.Cryptography;

namespace Clavis.Crypto.Randomness;

/// <summary>
/// Random bytes that are not secret but must be unpredictable and never repeat: IVs and nonces that travel next
/// to the ciphertext. They come from the operating system's CSPRNG like any other, but in blocks of
/// <see cref="BlockSize"/> bytes per thread, because one CSPRNG call costs ~1.4 µs here whatever its length
/// (OpenSSL's RAND_bytes behind locks and an error-queue reset), as much as the AES-GCM of a 1 KiB Encrypt
/// itself (bench/RESULTS.md, "Prepared AES-GCM schedules per message, and IVs drawn in blocks").
/// </summary>
/// <remarks>
/// Every byte is handed out once: a thread's block is consumed front to back and zeroed as it goes, and a block
/// is never shared between threads. Not for keys or other secrets: those use <see cref="RandomNumberGenerator"/>
/// directly (or <c>SecretBytes.Random</c>), so that no key byte waits in a buffer.
/// </remarks>
public static class PublicRandom
{
    /// <summary>How many bytes one CSPRNG call draws for a thread.</summary>
    public const int BlockSize = 1024;

    [ThreadStatic]
    private static byte[]? t_block;

    [ThreadStatic]
    private static int t_used;

    /// <summary>Fills <paramref name="destination"/> with random bytes no caller has had before.</summary>
    public static void Fill(Span<byte> destination)
    {
        if (destination.Length > BlockSize / 4)
        {
            // Long requests gain nothing from the block and would drain it.
            RandomNumberGenerator.Fill(destination);
            return;
        }

        byte[]? block = t_block;
        if (block is null || BlockSize - t_used < destination.Length)
        {
            block ??= t_block = new byte[BlockSize];
            RandomNumberGenerator.Fill(block);
            t_used = 0;
        }

        Span<byte> taken = block.AsSpan(t_used, destination.Length);
        taken.CopyTo(destination);
        taken.Clear();
        t_used += destination.Length;
    }

    /// <summary>A new array of <paramref name="length"/> random bytes no caller has had before.</summary>
    public static byte[] GetBytes(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        byte[] bytes = new byte[length];
        Fill(bytes);
        return bytes;
    }
}
