using System.Security.Cryptography;
using Clavis.Crypto.Wrapping;

namespace Clavis.Crypto.Tests.Wrapping;

public sealed class OtherKeyWrapTests
{
    [Fact]
    public void AesGcm_wrap_is_ciphertext_then_tag_and_opens_with_the_BCL()
    {
        byte[] kek = RandomNumberGenerator.GetBytes(32);
        byte[] nonce = RandomNumberGenerator.GetBytes(AesGcmKeyWrap.NonceLength);
        byte[] key = RandomNumberGenerator.GetBytes(32);

        byte[] wrapped = AesGcmKeyWrap.Wrap(kek, nonce, key);
        using var gcm = new AesGcm(kek, 16);
        byte[] opened = new byte[32];
        gcm.Decrypt(nonce, wrapped.AsSpan(0, 32), wrapped.AsSpan(32), opened);

        Assert.Equal(48, wrapped.Length);
        Assert.Equal(key, opened);
        Assert.Equal(key, AesGcmKeyWrap.Unwrap(kek, nonce, wrapped));
    }

    [Fact]
    public void AesGcm_unwrap_refuses_a_tampered_input()
    {
        byte[] kek = RandomNumberGenerator.GetBytes(16);
        byte[] nonce = RandomNumberGenerator.GetBytes(AesGcmKeyWrap.NonceLength);
        byte[] wrapped = AesGcmKeyWrap.Wrap(kek, nonce, new byte[16]);
        wrapped[3] ^= 0x80;

        Assert.ThrowsAny<CryptographicException>(() => AesGcmKeyWrap.Unwrap(kek, nonce, wrapped));
    }

    [Theory]
    [InlineData("SHA1", false)]
    [InlineData("SHA256", false)]
    [InlineData("SHA256", true)]
    public void RsaOaep_wrap_opens_with_the_private_key(string hash, bool pkcs1)
    {
        using RSA rsa = RSA.Create(2048);
        byte[] publicKey = pkcs1 ? rsa.ExportRSAPublicKey() : rsa.ExportSubjectPublicKeyInfo();
        byte[] key = RandomNumberGenerator.GetBytes(32);
        var name = new HashAlgorithmName(hash);

        byte[] wrapped = RsaOaepKeyWrap.Wrap(publicKey, name, key);

        Assert.Equal(256, wrapped.Length);
        Assert.Equal(key, rsa.Decrypt(wrapped, RSAEncryptionPadding.CreateOaep(name)));
    }

    [Fact]
    public void RsaOaep_refuses_bytes_that_are_no_public_key()
    {
        Assert.ThrowsAny<CryptographicException>(() => RsaOaepKeyWrap.Wrap([0x30, 0x03, 0x02, 0x01, 0x01], HashAlgorithmName.SHA256, new byte[16]));
    }
}
