namespace Clavis.Crypto.Symmetric;

/// <summary>
/// The AES modes that can run in parts: ECB and CBC (NIST SP 800-38A §6.1–6.2, optionally with PKCS#7
/// padding, which is PKCS#5's for 16-byte blocks) and CTR (§6.5). For one-shot use call
/// <see cref="SymmetricStreamCipher.Final"/> once.
/// </summary>
public static class AesStreamCipher
{
    /// <summary>AES-ECB. Each block is enciphered alone, so equal blocks show; use only when a client names it.</summary>
    /// <param name="key">16, 24 or 32 bytes. Not retained.</param>
    /// <param name="pkcs7Padding">Whether to pad (encrypt) or remove and check padding (decrypt).</param>
    /// <param name="encrypt">Encrypt or decrypt.</param>
    /// <exception cref="ArgumentException">The key length is invalid.</exception>
    public static SymmetricStreamCipher CreateEcb(ReadOnlySpan<byte> key, bool pkcs7Padding, bool encrypt) =>
        new AesChainedBlockCipher(key, [], pkcs7Padding, encrypt);

    /// <summary>AES-CBC.</summary>
    /// <param name="key">16, 24 or 32 bytes. Not retained.</param>
    /// <param name="iv">16 bytes; unpredictable for encryption (SP 800-38A Appendix C).</param>
    /// <param name="pkcs7Padding">Whether to pad (encrypt) or remove and check padding (decrypt).</param>
    /// <param name="encrypt">Encrypt or decrypt.</param>
    /// <exception cref="ArgumentException">The key or IV length is invalid.</exception>
    public static SymmetricStreamCipher CreateCbc(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, bool pkcs7Padding, bool encrypt)
    {
        if (iv.Length != AesKey.BlockSize)
        {
            throw new ArgumentException($"a CBC IV is {AesKey.BlockSize} bytes, not {iv.Length}", nameof(iv));
        }

        return new AesChainedBlockCipher(key, iv, pkcs7Padding, encrypt);
    }

    /// <summary>AES-CTR; encryption and decryption are the same operation.</summary>
    /// <param name="key">16, 24 or 32 bytes. Not retained.</param>
    /// <param name="initialCounterBlock">The first counter block, 16 bytes.</param>
    /// <param name="counterBits">
    /// How many low-order bits of the block are the counter that is incremented (8 to 128, a multiple of 8);
    /// the rest is a fixed nonce. Running out of counter values is an error, never a wrap (SP 800-38A Appendix B).
    /// </param>
    /// <exception cref="ArgumentException">A length is invalid.</exception>
    public static SymmetricStreamCipher CreateCtr(ReadOnlySpan<byte> key, ReadOnlySpan<byte> initialCounterBlock, int counterBits = 128) =>
        new AesCounterCipher(key, initialCounterBlock, counterBits);
}
