using System.Security.Cryptography;
using System.Text.Json;
using Clavis.Crypto.Asymmetric;
using Clavis.Crypto.Formats;
using Clavis.Crypto.Tests.Support;

namespace Clavis.Crypto.Tests.Asymmetric;

/// <summary>RSAES-OAEP and RSAES-PKCS1-v1_5 decryption against Wycheproof; encryption round trips.</summary>
public sealed class RsaEncryptionTests
{
    [Theory]
    [InlineData("rsa_oaep_2048_sha1_mgf1sha1_test", "SHA1")]
    [InlineData("rsa_oaep_2048_sha256_mgf1sha256_test", "SHA256")]
    [InlineData("rsa_pkcs1_2048_test", null)]
    public void Decryption_agrees_with_the_known_answers(string file, string? oaepHash)
    {
        RSAEncryptionPadding padding = oaepHash is null ? RSAEncryptionPadding.Pkcs1 : RSAEncryptionPadding.CreateOaep(new HashAlgorithmName(oaepHash));
        using JsonDocument vectors = TestVectors.Wycheproof(file);
        int valid = 0, invalid = 0;
        foreach ((JsonElement group, JsonElement test) in TestVectors.Cases(vectors))
        {
            if (test.TryGetProperty("label", out JsonElement label) && label.GetString() is { Length: > 0 })
            {
                continue; // A label is KMIP's P Source, not offered.
            }

            using AsymmetricPrivateKey key = AsymmetricPrivateKey.Import(PrivateKeyFormat.Pkcs8, group.Hex("privateKeyPkcs8"));
            if (test.Text("result") == "valid")
            {
                Assert.Equal(test.Hex("msg"), RsaEncryption.Decrypt(key, padding, test.Hex("ct")));
                valid++;
            }
            else
            {
                byte[] ciphertext = test.Hex("ct");
                Exception? refused = Record.Exception(() => RsaEncryption.Decrypt(key, padding, ciphertext));
                Assert.True(refused is CryptographicException or CryptographicParametersException, $"tcId {test.GetProperty("tcId")} ({test.Text("comment")}) should not decrypt");
                invalid++;
            }
        }

        Assert.True(valid > 5 && invalid > 5, $"{valid} valid, {invalid} invalid");
    }

    [Fact]
    public void Every_padding_round_trips_and_decrypts_with_the_BCL()
    {
        using AsymmetricKeyPair pair = KeyPairGenerator.Generate(KeyPairSpec.Rsa(2048));
        byte[] message = "a data key"u8.ToArray();
        foreach (RSAEncryptionPadding padding in RsaEncryption.Paddings)
        {
            byte[] ciphertext = RsaEncryption.Encrypt(pair.PublicKey, padding, message);
            Assert.Equal(message, RsaEncryption.Decrypt(pair.PrivateKey, padding, ciphertext));
            using RSA rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(pair.PrivateKey.Pkcs8, out _);
            Assert.Equal(message, rsa.Decrypt(ciphertext, padding));
        }
    }

    [Fact]
    public void A_message_longer_than_one_block_is_refused_with_the_limit()
    {
        using AsymmetricKeyPair pair = KeyPairGenerator.Generate(KeyPairSpec.Rsa(2048));
        CryptographicParametersException refused = Assert.Throws<CryptographicParametersException>(
            () => RsaEncryption.Encrypt(pair.PublicKey, RSAEncryptionPadding.OaepSHA256, new byte[191]));
        Assert.Contains("at most 190 bytes", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oaep_with_sha3_is_not_offered()
    {
        using AsymmetricKeyPair pair = KeyPairGenerator.Generate(KeyPairSpec.Rsa(2048));
        Assert.Throws<CryptographicParametersException>(() => RsaEncryption.Encrypt(pair.PublicKey, RSAEncryptionPadding.OaepSHA3_256, [1]));
    }
}
