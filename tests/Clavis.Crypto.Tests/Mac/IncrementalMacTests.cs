using System.Text;
using Clavis.Crypto.Mac;

namespace Clavis.Crypto.Tests.Mac;

/// <summary>
/// Known answers: HMAC from RFC 4231 test cases 1, 2 and 6 (SHA-224 to SHA-512) and RFC 2202 case 1
/// (SHA-1); AES-CMAC from RFC 4493 §4 examples 1–4 (which are NIST SP 800-38B's AES-128 examples).
/// </summary>
public class IncrementalMacTests
{
    private const string CmacKey = "2b7e151628aed2a6abf7158809cf4f3c";
    private const string CmacMessage =
        "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51 30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710";

    [Theory]
    [InlineData(MacAlgorithm.HmacSha1, "rfc2202 case 1", "b617318655057264e28bc0b6fb378c8ef146be00")]
    [InlineData(MacAlgorithm.HmacSha224, "rfc4231 case 1", "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22")]
    [InlineData(MacAlgorithm.HmacSha256, "rfc4231 case 1", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")]
    [InlineData(MacAlgorithm.HmacSha384, "rfc4231 case 1", "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6")]
    [InlineData(MacAlgorithm.HmacSha512, "rfc4231 case 1", "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854")]
    public void Hmac_case_1_key_0b_times_20_Hi_There(MacAlgorithm algorithm, string source, string mac)
    {
        Assert.NotEmpty(source);
        byte[] key = Enumerable.Repeat((byte)0x0b, 20).ToArray();
        Assert.Equal(mac, Hex.Of(IncrementalMac.Compute(algorithm, key, "Hi There"u8)));
    }

    [Theory]
    [InlineData(MacAlgorithm.HmacSha224, "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44")]
    [InlineData(MacAlgorithm.HmacSha256, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    [InlineData(MacAlgorithm.HmacSha384, "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649")]
    [InlineData(MacAlgorithm.HmacSha512, "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737")]
    public void Hmac_rfc4231_case_2_short_key(MacAlgorithm algorithm, string mac) =>
        Assert.Equal(mac, Hex.Of(IncrementalMac.Compute(algorithm, "Jefe"u8, "what do ya want for nothing?"u8)));

    [Theory]
    [InlineData(MacAlgorithm.HmacSha224, "95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e")]
    [InlineData(MacAlgorithm.HmacSha256, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")]
    public void Hmac_rfc4231_case_6_key_longer_than_the_block_is_hashed_first(MacAlgorithm algorithm, string mac)
    {
        byte[] key = Enumerable.Repeat((byte)0xaa, 131).ToArray();
        byte[] data = Encoding.ASCII.GetBytes("Test Using Larger Than Block-Size Key - Hash Key First");
        Assert.Equal(mac, Hex.Of(IncrementalMac.Compute(algorithm, key, data)));
    }

    [Theory]
    [InlineData(0, "bb1d6929e95937287fa37d129b756746")]
    [InlineData(16, "070a16b46b4d4144f79bdd9dd04a287c")]
    [InlineData(40, "dfa66747de9ae63030ca32611497c827")]
    [InlineData(64, "51f0bebf7e3b9d92fc49741779363cfe")]
    public void Cmac_matches_rfc4493(int length, string mac)
    {
        byte[] message = Hex.Bytes(CmacMessage)[..length];
        Assert.Equal(mac, Hex.Of(IncrementalMac.Compute(MacAlgorithm.AesCmac, Hex.Bytes(CmacKey), message)));
    }

    [Theory]
    [InlineData(MacAlgorithm.AesCmac)]
    [InlineData(MacAlgorithm.HmacSha224)]
    [InlineData(MacAlgorithm.HmacSha256)]
    public void Parts_give_the_same_mac_as_one_call(MacAlgorithm algorithm)
    {
        byte[] key = Hex.Bytes(CmacKey);
        byte[] message = Hex.Bytes(CmacMessage);
        byte[] whole = IncrementalMac.Compute(algorithm, key, message);
        foreach (int split in new[] { 0, 1, 15, 16, 17, 32, 63, 64 })
        {
            using IncrementalMac mac = IncrementalMac.Create(algorithm, key);
            mac.Append(message.AsSpan(0, split));
            mac.Append(message.AsSpan(split));
            Assert.Equal(Hex.Of(whole), Hex.Of(mac.Finish()));
        }
    }

    [Fact]
    public void Cmac_refuses_a_key_that_is_not_an_AES_key() =>
        Assert.Throws<ArgumentException>(() => IncrementalMac.Create(MacAlgorithm.AesCmac, new byte[20]));
}
