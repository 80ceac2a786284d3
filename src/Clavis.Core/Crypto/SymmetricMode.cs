namespace Clavis.Core.Crypto;

/// <summary>The AES modes the symmetric Encrypt and Decrypt serve.</summary>
internal enum SymmetricMode
{
    /// <summary>Electronic codebook: only when a client names it.</summary>
    Ecb,

    /// <summary>Cipher block chaining, with or without PKCS#5 padding.</summary>
    Cbc,

    /// <summary>Counter mode.</summary>
    Ctr,

    /// <summary>Galois/counter mode: authenticated, with a tag and additional data.</summary>
    Gcm,

    /// <summary>XTS (IEEE 1619) for storage: the key is two AES keys, the IV the 16-byte tweak.</summary>
    Xts,
}
