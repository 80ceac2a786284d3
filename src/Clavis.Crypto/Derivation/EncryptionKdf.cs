using System.Security.Cryptography;

namespace Clavis.Crypto.Derivation;

/// <summary>
/// Derivation by encryption: the derived bytes are the leftmost bytes of the derivation data encrypted under
/// the base key with AES in ECB or CBC mode and no padding (the data is a multiple of the block size, and at
/// least as long as the key wanted).
/// </summary>
public static class EncryptionKdf
{
    /// <summary>Fills <paramref name="destination"/> with the leftmost bytes of AES(<paramref name="key"/>, <paramref name="data"/>).</summary>
    /// <param name="key">The AES base key.</param>
    /// <param name="mode">ECB or CBC.</param>
    /// <param name="iv">The CBC initialization vector (16 bytes); ignored for ECB.</param>
    /// <param name="data">The derivation data: a multiple of 16 bytes, at least <paramref name="destination"/>'s length.</param>
    /// <param name="destination">Receives the derived bytes.</param>
    /// <exception cref="ArgumentException">The data length, IV length or mode does not fit.</exception>
    /// <exception cref="CryptographicException">The key is not an AES key.</exception>
    public static void DeriveBytes(ReadOnlySpan<byte> key, CipherMode mode, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (data.Length == 0 || data.Length % 16 != 0)
        {
            throw new ArgumentException($"the derivation data is encrypted without padding and must be a multiple of 16 bytes; it is {data.Length}", nameof(data));
        }

        if (data.Length < destination.Length)
        {
            throw new ArgumentException($"{data.Length} bytes of derivation data encrypt to fewer bytes than the {destination.Length} asked", nameof(data));
        }

        using var aes = Aes.Create();
        byte[] keyCopy = key.ToArray();
        byte[] output = new byte[data.Length];
        try
        {
            aes.Key = keyCopy;
            switch (mode)
            {
                case CipherMode.ECB:
                    aes.EncryptEcb(data, output, PaddingMode.None);
                    break;
                case CipherMode.CBC:
                    if (iv.Length != 16)
                    {
                        throw new ArgumentException($"AES-CBC needs a 16-byte initialization vector, not {iv.Length} bytes", nameof(iv));
                    }

                    aes.EncryptCbc(data, iv, output, PaddingMode.None);
                    break;
                default:
                    throw new ArgumentException($"derivation by encryption supports ECB and CBC, not {mode}", nameof(mode));
            }

            output.AsSpan(0, destination.Length).CopyTo(destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyCopy);
            CryptographicOperations.ZeroMemory(output);
        }
    }
}
