using Clavis.Crypto.Symmetric;

namespace Clavis.Crypto.Tests.Symmetric;

/// <summary>
/// IEEE 1619-2007 Annex B known answers: vectors 2 and 3 (whole blocks, XTS-AES-128) and 15–18 (a final
/// partial block, ciphertext stealing). The data unit sequence number is encoded little-endian into the tweak.
/// </summary>
public class AesXtsCipherTests
{
    private const string StealingKey = "fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0 bfbebdbcbbbab9b8b7b6b5b4b3b2b1b0";
    private const string StealingTweak = "9a785634120000000000000000000000";

    [Theory]
    [InlineData("vector 2", "11111111111111111111111111111111 22222222222222222222222222222222", "33333333330000000000000000000000",
        "4444444444444444444444444444444444444444444444444444444444444444", "c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0")]
    [InlineData("vector 3", "fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0 22222222222222222222222222222222", "33333333330000000000000000000000",
        "4444444444444444444444444444444444444444444444444444444444444444", "af85336b597afc1a900b2eb21ec949d292df4c047e0b21532186a5971a227a89")]
    [InlineData("vector 15", StealingKey, StealingTweak, "000102030405060708090a0b0c0d0e0f10", "6c1625db4671522d3d7599601de7ca09ed")]
    [InlineData("vector 16", StealingKey, StealingTweak, "000102030405060708090a0b0c0d0e0f1011", "d069444b7a7e0cab09e24447d24deb1fedbf")]
    [InlineData("vector 17", StealingKey, StealingTweak, "000102030405060708090a0b0c0d0e0f101112", "e5df1351c0544ba1350b3363cd8ef4beedbf9d")]
    [InlineData("vector 18", StealingKey, StealingTweak, "000102030405060708090a0b0c0d0e0f10111213", "9d84c813f719aa2c7be3f66171c7c5c2edbf9dac")]
    public void Matches_IEEE_1619(string name, string key, string tweak, string plain, string cipher)
    {
        Assert.NotEmpty(name);
        Assert.Equal(Hex.Normal(cipher), Hex.Of(AesXtsCipher.Encrypt(Hex.Bytes(key), Hex.Bytes(tweak), Hex.Bytes(plain))));
        Assert.Equal(Hex.Normal(plain), Hex.Of(AesXtsCipher.Decrypt(Hex.Bytes(key), Hex.Bytes(tweak), Hex.Bytes(cipher))));
    }

    [Fact]
    public void Equal_key_halves_are_refused()
    {
        // IEEE 1619 vector 1 uses two all-zero keys; SP 800-38E deployments must refuse such a key.
        Assert.Throws<ArgumentException>(() => AesXtsCipher.Encrypt(new byte[32], new byte[16], new byte[32]));
    }

    [Fact]
    public void Data_shorter_than_a_block_is_refused()
    {
        Assert.Throws<ArgumentException>(() => AesXtsCipher.Encrypt(Hex.Bytes(StealingKey), Hex.Bytes(StealingTweak), new byte[15]));
    }
}
