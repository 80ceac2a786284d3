using System.Security.Cryptography;

namespace Clavis.Crypto.Symmetric;

/// <summary>AES key checks shared by the modes (FIPS 197: 128, 192 or 256-bit keys).</summary>
internal static class AesKey
{
    /// <summary>The AES block size in bytes.</summary>
    public const int BlockSize = 16;

    /// <summary>Whether <paramref name="length"/> bytes is an AES key length.</summary>
    public static bool IsValidLength(int length) => length is 16 or 24 or 32;

    /// <summary>Throws when <paramref name="key"/> is not 16, 24 or 32 bytes.</summary>
    /// <exception cref="ArgumentException">The key length is not an AES key length.</exception>
    public static void Check(ReadOnlySpan<byte> key, string parameterName)
    {
        if (!IsValidLength(key.Length))
        {
            throw new ArgumentException($"an AES key is 16, 24 or 32 bytes, not {key.Length}", parameterName);
        }
    }

    /// <summary>
    /// An ECB transform under <paramref name="key"/> without padding: the block primitive the counter,
    /// XTS and CMAC constructions run on. The caller disposes it.
    /// </summary>
    public static ICryptoTransform CreateEcb(ReadOnlySpan<byte> key, bool encrypt)
    {
        byte[] keyCopy = key.ToArray();
        try
        {
            using var aes = Aes.Create();
            aes.Mode = CipherMode.ECB;
            aes.Padding = PaddingMode.None;
            // The transform holds its own copy of the key schedule; the Aes object clears its key when disposed.
            return encrypt ? aes.CreateEncryptor(keyCopy, null) : aes.CreateDecryptor(keyCopy, null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyCopy);
        }
    }
}
