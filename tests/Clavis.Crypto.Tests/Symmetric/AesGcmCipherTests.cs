using Clavis.Crypto.Symmetric;

namespace Clavis.Crypto.Tests.Symmetric;

/// <summary>
/// GCM known answers from McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)", test cases 1–5
/// (AES-128) and 16 (AES-256), the vectors NIST's CAVP gcmEncryptExtIV files also cover. Case 5 has a
/// 64-bit IV, which takes the non-96-bit path (GHASH of the IV).
/// </summary>
public class AesGcmCipherTests
{
    private const string Key = "feffe9928665731c6d6a8f9467308308";
    private const string Iv = "cafebabefacedbaddecaf888";
    private const string LongPlain =
        "d9313225f88406e5a55909c5aff5269a 86a7a9531534f7da2e4c303d8a318a72 1c3c0c95956809532fcf0e2449a6b525 b16aedf5aa0de657ba637b391aafd255";
    private const string ShortPlain =
        "d9313225f88406e5a55909c5aff5269a 86a7a9531534f7da2e4c303d8a318a72 1c3c0c95956809532fcf0e2449a6b525 b16aedf5aa0de657ba637b39";
    private const string Aad = "feedfacedeadbeeffeedfacedeadbeef abaddad2";

    public static TheoryData<string, string, string, string, string, string, string> Vectors => new()
    {
        { "case 1", "00000000000000000000000000000000", "000000000000000000000000", "", "", "", "58e2fccefa7e3061367f1d57a4e7455a" },
        { "case 2", "00000000000000000000000000000000", "000000000000000000000000", "00000000000000000000000000000000", "", "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf" },
        {
            "case 3", Key, Iv, LongPlain, "",
            "42831ec2217774244b7221b784d0d49c e3aa212f2c02a4e035c17e2329aca12e 21d514b25466931c7d8f6a5aac84aa05 1ba30b396a0aac973d58e091473f5985",
            "4d5c2af327cd64a62cf35abd2ba6fab4"
        },
        {
            "case 4", Key, Iv, ShortPlain, Aad,
            "42831ec2217774244b7221b784d0d49c e3aa212f2c02a4e035c17e2329aca12e 21d514b25466931c7d8f6a5aac84aa05 1ba30b396a0aac973d58e091",
            "5bc94fbc3221a5db94fae95ae7121a47"
        },
        {
            "case 5 (64-bit IV)", Key, "cafebabefacedbad", ShortPlain, Aad,
            "61353b4c2806934a777ff51fa22a4755 699b2a714fcdc6f83766e5f97b6c7423 73806900e49f24b22b097544d4896b42 4989b5e1ebac0f07c23f4598",
            "3612d2e79e3b0785561be14aaca2fccb"
        },
        {
            "case 16 (AES-256)", Key + Key, Iv, ShortPlain, Aad,
            "522dc1f099567d07f47f37a32a84427d 643a8cdcbfe5c0c97598a2bd2555d1aa 8cb08e48590dbb3da7b08b1056828838 c5f61e6393ba7a0abcc9f662",
            "76fc6ece0f4e1768cddf8853bb2d551b"
        },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Encrypt_matches_the_GCM_paper(string name, string key, string iv, string plain, string aad, string cipher, string tag)
    {
        Assert.NotEmpty(name);
        byte[] plaintext = Hex.Bytes(plain);
        byte[] ciphertext = new byte[plaintext.Length];
        byte[] computedTag = new byte[16];
        AesGcmCipher.Encrypt(Hex.Bytes(key), Hex.Bytes(iv), plaintext, ciphertext, computedTag, Hex.Bytes(aad));
        Assert.Equal(Hex.Normal(cipher), Hex.Of(ciphertext));
        Assert.Equal(Hex.Normal(tag), Hex.Of(computedTag));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Decrypt_matches_the_GCM_paper_and_refuses_a_changed_tag(string name, string key, string iv, string plain, string aad, string cipher, string tag)
    {
        Assert.NotEmpty(name);
        byte[] ciphertext = Hex.Bytes(cipher);
        byte[] plaintext = new byte[ciphertext.Length];
        Assert.True(AesGcmCipher.TryDecrypt(Hex.Bytes(key), Hex.Bytes(iv), ciphertext, Hex.Bytes(tag), plaintext, Hex.Bytes(aad)));
        Assert.Equal(Hex.Normal(plain), Hex.Of(plaintext));

        byte[] badTag = Hex.Bytes(tag);
        badTag[^1] ^= 1;
        Assert.False(AesGcmCipher.TryDecrypt(Hex.Bytes(key), Hex.Bytes(iv), ciphertext, badTag, plaintext, Hex.Bytes(aad)));
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(16)]
    public void A_truncated_tag_is_the_prefix_of_the_full_tag(int tagLength)
    {
        byte[] plaintext = Hex.Bytes(ShortPlain);
        byte[] ciphertext = new byte[plaintext.Length];
        byte[] tag = new byte[tagLength];
        AesGcmCipher.Encrypt(Hex.Bytes(Key), Hex.Bytes(Iv), plaintext, ciphertext, tag, Hex.Bytes(Aad));

        // SP 800-38D §5.2.1.2: a t-bit tag is the leftmost t bits of the full tag (case 4).
        Assert.Equal("5bc94fbc3221a5db94fae95ae7121a47"[..(tagLength * 2)], Hex.Of(tag));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(17)]
    public void Tags_outside_12_to_16_bytes_are_refused(int tagLength)
    {
        Assert.Throws<ArgumentException>(() =>
            AesGcmCipher.Encrypt(Hex.Bytes(Key), Hex.Bytes(Iv), [], [], new byte[tagLength], []));
    }
}
