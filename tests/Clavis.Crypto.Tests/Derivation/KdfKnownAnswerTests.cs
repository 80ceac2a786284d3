using System.Security.Cryptography;
using System.Text;
using Clavis.Crypto.Derivation;

namespace Clavis.Crypto.Tests.Derivation;

public sealed class KdfKnownAnswerTests
{
    // RFC 5869 Appendix A, test cases 1, 3 (SHA-256) and 4 (SHA-1) (see PROVENANCE.md).
    public static TheoryData<string, string, string, string, string> HkdfVectors() => new()
    {
        { "SHA256", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9", "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865" },
        { "SHA256", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "", "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8" },
        { "SHA1", "0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9", "085a01ea1b10f36933068b56efa5ad81a4f14b822f5b091568a9cdd4f155fda2c22e422478d305f3f896" },
    };

    // RFC 6070 §2 (PBKDF2-HMAC-SHA1) and RFC 7914 §11 (PBKDF2-HMAC-SHA256) (see PROVENANCE.md).
    public static TheoryData<string, string, string, int, string> Pbkdf2Vectors() => new()
    {
        { "SHA1", "password", "salt", 1, "0c60c80f961f0e71f3a9b524af6012062fe037a6" },
        { "SHA1", "password", "salt", 2, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957" },
        { "SHA1", "password", "salt", 4096, "4b007901b765489abead49d926f721d065a429c1" },
        { "SHA1", "passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038" },
        { "SHA1", "pass\0word", "sa\0lt", 4096, "56fa6aa75548099dcc37d7f03425e0c3" },
        { "SHA256", "passwd", "salt", 1, "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783" },
    };

    // NIST CAVP KBKDF, KDFCTR_gen.txt (CAVS 14.4), [CTRLOCATION=BEFORE_FIXED] [RLEN=32_BITS] (see PROVENANCE.md).
    public static TheoryData<string, string, string, string> CounterModeVectors() => new()
    {
        { "SHA256", "dd1d91b7d90b2bd3138533ce92b272fbf8a369316aefe242e659cc0ae238afe0", "01322b96b30acd197979444e468e1c5c6859bf1b1cf951b7e725303e237e46b864a145fab25e517b08f8683d0315bb2911d80a0e8aba17f3b413faac", "10621342bfb0fd40046c0e29f2cfdbf0" },
        { "SHA256", "e204d6d466aad507ffaf6d6dab0a5b26152c9e21e764370464e360c8fbc765c6", "7b03b98d9f94b899e591f3ef264b71b193fba7043c7e953cde23bc5384bc1a6293580115fae3495fd845dadbd02bd6455cf48d0f62b33e62364a3a80", "770dfab6a6a4a4bee0257ff335213f78d8287b4fd537d5c1fffa956910e7c779" },
        { "SHA256", "c4bedbddb66493e7c7259a3bbbc25f8c7e0ca7fe284d92d431d9cd99a0d214ac", "1c69c54766791e315c2cc5c47ecd3ffab87d0d273dd920e70955814c220eacace6a5946542da3dfe24ff626b4897898cafb7db83bdff3c14fa46fd4b", "1da47638d6c9c4d04d74d4640bbd42ab814d9e8cc22f4326695239f96b0693f12d0dd1152cf44430" },
        { "SHA384", "582f968a54b8797b9ea8c655b42e397adb73d773b1984b1e1c429cd597b8015d2f91d59e4136a9d523bf6491a4733c7a", "e6d3c193eff34e34f8b7b00e66565aeb01f63206bb27e27aa281592afc06ae1ec5b7eb97a39684ce773d7c3528f2667c1f5d428406e78ce4cf39f652", "691726c111e5030b5f9657069107861ecc18bc5835a814c3d2e5092c901cb1fb6c1a7cd3eb0be2a7" },
        { "SHA512", "a9f4a2c5af839867f5db5a1e520ab3cca72a166ca60de512fd7fe7e64cf94f92cf1d8b636175f293e003275e021018c3f0ede495997a505ec9a2afeb0495be57", "8e9db3335779db688bcfe096668d9c3bc64e193e3529c430e68d09d56c837dd6c0f94678f121a68ee1feea4735da85a49d34a5290aa39f7b40de435f", "6db880daac98b078ee389a2164252ded61322d661e2b49247ea921e544675d8f17af2bf66dd40d81" },
    };

    [Theory]
    [MemberData(nameof(HkdfVectors))]
    public void Hkdf_gives_the_RFC_5869_answers(string hash, string ikm, string salt, string info, string okm)
    {
        byte[] output = new byte[okm.Length / 2];

        Hkdf.DeriveBytes(new HashAlgorithmName(hash), Convert.FromHexString(ikm), Convert.FromHexString(salt), Convert.FromHexString(info), output);

        Assert.Equal(okm, Convert.ToHexString(output), ignoreCase: true);
    }

    [Theory]
    [MemberData(nameof(Pbkdf2Vectors))]
    public void Pbkdf2_gives_the_RFC_answers(string hash, string password, string salt, int iterations, string derived)
    {
        byte[] output = new byte[derived.Length / 2];

        Pbkdf2.DeriveBytes(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(salt), iterations, new HashAlgorithmName(hash), output);

        Assert.Equal(derived, Convert.ToHexString(output), ignoreCase: true);
    }

    [Theory]
    [MemberData(nameof(CounterModeVectors))]
    public void Counter_mode_gives_the_NIST_CAVP_answers(string hash, string ki, string fixedInput, string ko)
    {
        byte[] output = new byte[ko.Length / 2];

        CounterModeKdf.DeriveBytes(Convert.FromHexString(ki), new HashAlgorithmName(hash), Convert.FromHexString(fixedInput), output);

        Assert.Equal(ko, Convert.ToHexString(output), ignoreCase: true);
    }

    [Fact]
    public void Counter_mode_with_the_SP_800_108_fixed_input_equals_the_BCL_counter_KDF()
    {
        byte[] key = RandomNumberGenerator.GetBytes(32);
        byte[] label = Encoding.ASCII.GetBytes("label");
        byte[] context = Encoding.ASCII.GetBytes("context");
        byte[] fixedInput = [.. label, 0, .. context, 0, 0, 0x01, 0x80];
        byte[] ours = new byte[48];

        CounterModeKdf.DeriveBytes(key, HashAlgorithmName.SHA256, fixedInput, ours);

        Assert.Equal(SP800108HmacCounterKdf.DeriveBytes(key, HashAlgorithmName.SHA256, label, context, 48), ours);
    }

    [Fact]
    public void Hmac_kdf_is_the_leftmost_bytes_of_the_HMAC_and_refuses_more()
    {
        byte[] key = RandomNumberGenerator.GetBytes(16);
        byte[] output = new byte[16];

        HmacKdf.DeriveBytes(key, HashAlgorithmName.SHA256, [1, 2], output);

        Assert.Equal(HMACSHA256.HashData(key, new byte[] { 1, 2 })[..16], output);
        Assert.Throws<ArgumentException>(() => HmacKdf.DeriveBytes(key, HashAlgorithmName.SHA256, [1, 2], new byte[33]));
    }

    [Fact]
    public void Encryption_kdf_encrypts_the_data_with_ECB_or_CBC()
    {
        // FIPS-197 Appendix C.1: AES-128 of 00112233…ff under 000102…0f is 69c4e0d86a7b0430d8cdb78070b4c55a.
        byte[] key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
        byte[] data = Convert.FromHexString("00112233445566778899aabbccddeeff");
        byte[] ecb = new byte[16];
        byte[] cbc = new byte[16];

        EncryptionKdf.DeriveBytes(key, CipherMode.ECB, [], data, ecb);
        EncryptionKdf.DeriveBytes(key, CipherMode.CBC, new byte[16], data, cbc);

        Assert.Equal("69c4e0d86a7b0430d8cdb78070b4c55a", Convert.ToHexString(ecb), ignoreCase: true);
        Assert.Equal(ecb, cbc);
        Assert.Throws<ArgumentException>(() => EncryptionKdf.DeriveBytes(key, CipherMode.ECB, [], new byte[15], new byte[15]));
        Assert.Throws<ArgumentException>(() => EncryptionKdf.DeriveBytes(key, CipherMode.CBC, new byte[8], data, cbc));
    }
}
