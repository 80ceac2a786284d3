using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Clavis.Crypto.Symmetric;

/// <summary>
/// AES-GCM (NIST SP 800-38D) in one call. A 96-bit nonce, the recommended and by far the most common
/// case, runs on the BCL's <see cref="AesGcm"/>; other nonce lengths (SP 800-38D allows any length from
/// one byte) run on BouncyCastle's GCM, whose internal key copy cannot be zeroed by us.
/// </summary>
public static class AesGcmCipher
{
    /// <summary>The default and recommended nonce length in bytes (SP 800-38D §8.2).</summary>
    public const int DefaultNonceSize = 12;

    /// <summary>The shortest tag accepted, in bytes.</summary>
    public const int MinimumTagSize = 12;

    /// <summary>The longest tag, in bytes.</summary>
    public const int MaximumTagSize = 16;

    /// <summary>The longest nonce accepted, in bytes (a bound of ours; SP 800-38D allows up to 2^64 bits).</summary>
    public const int MaximumNonceSize = 128;

    /// <summary>Whether <paramref name="length"/> bytes is a tag length accepted here (12 to 16).</summary>
    public static bool IsValidTagSize(int length) => length is >= MinimumTagSize and <= MaximumTagSize;

    /// <summary>Whether <paramref name="length"/> bytes is a nonce length accepted here (1 to 128).</summary>
    public static bool IsValidNonceSize(int length) => length is >= 1 and <= MaximumNonceSize;

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="ciphertext"/> (same length) and writes the tag.</summary>
    /// <param name="key">16, 24 or 32 bytes. Not retained.</param>
    /// <param name="nonce">The IV; must never repeat under one key.</param>
    /// <param name="plaintext">The data.</param>
    /// <param name="ciphertext">Receives the ciphertext; as long as <paramref name="plaintext"/>.</param>
    /// <param name="tag">Receives the tag; its length (12–16) is the tag length.</param>
    /// <param name="associatedData">Authenticated, not encrypted; may be empty.</param>
    /// <exception cref="ArgumentException">A length is invalid.</exception>
    public static void Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        Check(key, nonce, tag.Length);
        if (ciphertext.Length != plaintext.Length)
        {
            throw new ArgumentException("the ciphertext buffer must be as long as the plaintext", nameof(ciphertext));
        }

        if (nonce.Length == DefaultNonceSize)
        {
            using var gcm = new AesGcm(key, tag.Length);
            gcm.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
            return;
        }

        GcmBlockCipher cipher = CreateBouncyCastle(true, key, nonce, tag.Length, associatedData);
        byte[] output = new byte[plaintext.Length + tag.Length];
        try
        {
            int written = cipher.ProcessBytes(plaintext, output);
            cipher.DoFinal(output.AsSpan(written));
            output.AsSpan(0, plaintext.Length).CopyTo(ciphertext);
            output.AsSpan(plaintext.Length).CopyTo(tag);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(output);
        }
    }

    /// <summary>Decrypts and verifies; false when the tag does not match (nothing is written then).</summary>
    /// <param name="key">16, 24 or 32 bytes. Not retained.</param>
    /// <param name="nonce">The IV used to encrypt.</param>
    /// <param name="ciphertext">The ciphertext.</param>
    /// <param name="tag">The tag received (12–16 bytes).</param>
    /// <param name="plaintext">Receives the plaintext; as long as <paramref name="ciphertext"/>. Zeroed when the tag does not match.</param>
    /// <param name="associatedData">The associated data given to encrypt.</param>
    /// <exception cref="ArgumentException">A length is invalid.</exception>
    public static bool TryDecrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        Check(key, nonce, tag.Length);
        if (plaintext.Length != ciphertext.Length)
        {
            throw new ArgumentException("the plaintext buffer must be as long as the ciphertext", nameof(plaintext));
        }

        if (nonce.Length == DefaultNonceSize)
        {
            using var gcm = new AesGcm(key, tag.Length);
            try
            {
                gcm.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
                return true;
            }
            catch (AuthenticationTagMismatchException)
            {
                return false;
            }
        }

        GcmBlockCipher cipher = CreateBouncyCastle(false, key, nonce, tag.Length, associatedData);
        byte[] input = new byte[ciphertext.Length + tag.Length];
        byte[] output = new byte[ciphertext.Length];
        try
        {
            ciphertext.CopyTo(input);
            tag.CopyTo(input.AsSpan(ciphertext.Length));
            int written = cipher.ProcessBytes(input, output);
            cipher.DoFinal(output.AsSpan(written));
            output.CopyTo(plaintext);
            return true;
        }
        catch (InvalidCipherTextException)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(output);
        }
    }

    private static void Check(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, int tagLength)
    {
        AesKey.Check(key, nameof(key));
        if (!IsValidNonceSize(nonce.Length))
        {
            throw new ArgumentException($"a GCM nonce is 1 to {MaximumNonceSize} bytes, not {nonce.Length}", nameof(nonce));
        }

        if (!IsValidTagSize(tagLength))
        {
            throw new ArgumentException($"a GCM tag is {MinimumTagSize} to {MaximumTagSize} bytes, not {tagLength}", "tag");
        }
    }

    private static GcmBlockCipher CreateBouncyCastle(bool encrypt, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, int tagLength, ReadOnlySpan<byte> associatedData)
    {
        var cipher = new GcmBlockCipher(AesUtilities.CreateEngine());
        cipher.Init(encrypt, new AeadParameters(new KeyParameter(key), tagLength * 8, nonce.ToArray(), associatedData.ToArray()));
        return cipher;
    }
}
