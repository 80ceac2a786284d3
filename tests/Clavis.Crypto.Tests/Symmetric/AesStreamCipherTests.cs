using System.Security.Cryptography;
using Clavis.Crypto.Symmetric;

namespace Clavis.Crypto.Tests.Symmetric;

/// <summary>
/// NIST SP 800-38A Appendix F known answers for ECB (F.1), CBC (F.2) and CTR (F.5): the same four-block
/// plaintext under the document's AES-128 and AES-256 keys.
/// </summary>
public class AesStreamCipherTests
{
    private const string Plaintext =
        "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51 30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710";

    private const string Key128 = "2b7e151628aed2a6abf7158809cf4f3c";
    private const string Key256 = "603deb1015ca71be2b73aef0857d7781 1f352c073b6108d72d9810a30914dff4";
    private const string CbcIv = "000102030405060708090a0b0c0d0e0f";
    private const string CtrCounter = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

    [Theory]
    [InlineData("F.1.1 ECB-AES128", Key128, "3ad77bb40d7a3660a89ecaf32466ef97 f5d3d58503b9699de785895a96fdbaaf 43b1cd7f598ece23881b00e3ed030688 7b0c785e27e8ad3f8223207104725dd4")]
    [InlineData("F.1.5 ECB-AES256", Key256, "f3eed1bdb5d2a03c064b5a7e3db181f8 591ccb10d410ed26dc5ba74a31362870 b6ed21b99ca6f4f9f153e7b1beafed1d 23304b7a39f9f3ff067d8d8f9e24ecc7")]
    public void Ecb_matches_SP800_38A(string name, string key, string ciphertext)
    {
        Assert.NotEmpty(name);
        using SymmetricStreamCipher encrypt = AesStreamCipher.CreateEcb(Hex.Bytes(key), pkcs7Padding: false, encrypt: true);
        Assert.Equal(Hex.Normal(ciphertext), Hex.Of(encrypt.Final(Hex.Bytes(Plaintext))));
        using SymmetricStreamCipher decrypt = AesStreamCipher.CreateEcb(Hex.Bytes(key), pkcs7Padding: false, encrypt: false);
        Assert.Equal(Hex.Normal(Plaintext), Hex.Of(decrypt.Final(Hex.Bytes(ciphertext))));
    }

    [Theory]
    [InlineData("F.2.1 CBC-AES128", Key128, "7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2 73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7")]
    [InlineData("F.2.5 CBC-AES256", Key256, "f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d 39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b")]
    public void Cbc_matches_SP800_38A(string name, string key, string ciphertext)
    {
        Assert.NotEmpty(name);
        using SymmetricStreamCipher encrypt = AesStreamCipher.CreateCbc(Hex.Bytes(key), Hex.Bytes(CbcIv), pkcs7Padding: false, encrypt: true);
        Assert.Equal(Hex.Normal(ciphertext), Hex.Of(encrypt.Final(Hex.Bytes(Plaintext))));
        using SymmetricStreamCipher decrypt = AesStreamCipher.CreateCbc(Hex.Bytes(key), Hex.Bytes(CbcIv), pkcs7Padding: false, encrypt: false);
        Assert.Equal(Hex.Normal(Plaintext), Hex.Of(decrypt.Final(Hex.Bytes(ciphertext))));
    }

    [Theory]
    [InlineData("F.5.1 CTR-AES128", Key128, "874d6191b620e3261bef6864990db6ce 9806f66b7970fdff8617187bb9fffdff 5ae4df3edbd5d35e5b4f09020db03eab 1e031dda2fbe03d1792170a0f3009cee")]
    [InlineData("F.5.5 CTR-AES256", Key256, "601ec313775789a5b7a7f504bbf3d228 f443e3ca4d62b59aca84e990cacaf5c5 2b0930daa23de94ce87017ba2d84988d dfc9c58db67aada613c2dd08457941a6")]
    public void Ctr_matches_SP800_38A(string name, string key, string ciphertext)
    {
        Assert.NotEmpty(name);
        using SymmetricStreamCipher encrypt = AesStreamCipher.CreateCtr(Hex.Bytes(key), Hex.Bytes(CtrCounter));
        Assert.Equal(Hex.Normal(ciphertext), Hex.Of(encrypt.Final(Hex.Bytes(Plaintext))));
        using SymmetricStreamCipher decrypt = AesStreamCipher.CreateCtr(Hex.Bytes(key), Hex.Bytes(CtrCounter));
        Assert.Equal(Hex.Normal(Plaintext), Hex.Of(decrypt.Final(Hex.Bytes(ciphertext))));
    }

    [Theory]
    [InlineData(new[] { 1, 15, 16, 17, 15 })]
    [InlineData(new[] { 64 })]
    [InlineData(new[] { 0, 33, 0, 31 })]
    public void Parts_give_the_same_output_as_one_call_in_every_mode(int[] partLengths)
    {
        byte[] key = Hex.Bytes(Key256);
        byte[] data = Hex.Bytes(Plaintext);
        Func<SymmetricStreamCipher>[] makers =
        [
            () => AesStreamCipher.CreateEcb(key, false, true),
            () => AesStreamCipher.CreateCbc(key, Hex.Bytes(CbcIv), false, true),
            () => AesStreamCipher.CreateCtr(key, Hex.Bytes(CtrCounter)),
        ];
        foreach (Func<SymmetricStreamCipher> make in makers)
        {
            using SymmetricStreamCipher whole = make();
            byte[] expected = whole.Final(data);
            using SymmetricStreamCipher parts = make();
            var output = new List<byte>();
            int offset = 0;
            foreach (int length in partLengths)
            {
                output.AddRange(parts.Update(data.AsSpan(offset, length)));
                offset += length;
            }

            output.AddRange(parts.Final(data.AsSpan(offset)));
            Assert.Equal(Hex.Of(expected), Hex.Of(output.ToArray()));
        }
    }

    [Theory]
    [InlineData(0, "")]
    [InlineData(5, "0102030405")]
    [InlineData(16, "000102030405060708090a0b0c0d0e0f")]
    public void Cbc_with_padding_round_trips_and_pads_to_whole_blocks(int length, string plain)
    {
        Assert.Equal(length, Hex.Bytes(plain).Length);
        byte[] key = Hex.Bytes(Key128);
        using SymmetricStreamCipher encrypt = AesStreamCipher.CreateCbc(key, Hex.Bytes(CbcIv), pkcs7Padding: true, encrypt: true);
        byte[] ciphertext = encrypt.Final(Hex.Bytes(plain));
        Assert.Equal((length / 16 + 1) * 16, ciphertext.Length);
        using SymmetricStreamCipher decrypt = AesStreamCipher.CreateCbc(key, Hex.Bytes(CbcIv), pkcs7Padding: true, encrypt: false);
        Assert.Equal(Hex.Normal(plain), Hex.Of(decrypt.Final(ciphertext)));
    }

    [Fact]
    public void Cbc_without_padding_refuses_a_partial_block()
    {
        using SymmetricStreamCipher encrypt = AesStreamCipher.CreateCbc(Hex.Bytes(Key128), Hex.Bytes(CbcIv), pkcs7Padding: false, encrypt: true);
        Assert.Throws<CryptographicException>(() => encrypt.Final(new byte[17]));
    }

    [Fact]
    public void Cbc_decrypt_with_the_wrong_key_fails_the_padding_check()
    {
        using SymmetricStreamCipher encrypt = AesStreamCipher.CreateCbc(Hex.Bytes(Key128), Hex.Bytes(CbcIv), pkcs7Padding: true, encrypt: true);
        byte[] ciphertext = encrypt.Final("attack at dawn"u8);
        byte[] otherKey = Hex.Bytes(Key128);
        otherKey[0] ^= 1;
        using SymmetricStreamCipher decrypt = AesStreamCipher.CreateCbc(otherKey, Hex.Bytes(CbcIv), pkcs7Padding: true, encrypt: false);

        // A wrong key leaves valid-looking padding with probability about 1/256; this key and IV do not.
        Assert.ThrowsAny<CryptographicException>(() => decrypt.Final(ciphertext));
    }

    [Fact]
    public void Ctr_with_a_short_counter_refuses_to_wrap()
    {
        byte[] counter = Hex.Bytes("000000000000000000000000000000fe");
        using SymmetricStreamCipher ctr = AesStreamCipher.CreateCtr(Hex.Bytes(Key128), counter, counterBits: 8);
        Assert.Equal(32, ctr.Update(new byte[32]).Length);
        Assert.Throws<CryptographicException>(() => ctr.Final(new byte[1]));
    }

    [Fact]
    public void Ctr_increments_only_the_counter_field()
    {
        // With a 64-bit counter the carry out of the low 8 bytes must not reach the nonce: here the counter
        // starts two short of wrapping, so three blocks are refused and two are the next two counter values.
        byte[] key = Hex.Bytes(Key128);
        byte[] start = Hex.Bytes("0102030405060708 fffffffffffffffe");
        using SymmetricStreamCipher ctr = AesStreamCipher.CreateCtr(key, start, counterBits: 64);
        byte[] keystream = ctr.Final(new byte[32]);
        using SymmetricStreamCipher ecb = AesStreamCipher.CreateEcb(key, false, true);
        byte[] expected = ecb.Final(Hex.Bytes("0102030405060708fffffffffffffffe 0102030405060708ffffffffffffffff"));
        using SymmetricStreamCipher tooLong = AesStreamCipher.CreateCtr(key, start, counterBits: 64);
        Assert.Throws<CryptographicException>(() => tooLong.Final(new byte[33]));
        Assert.Equal(Hex.Of(expected), Hex.Of(keystream));
    }
}
