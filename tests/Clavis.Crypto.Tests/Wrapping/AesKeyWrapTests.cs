using System.Security.Cryptography;
using Clavis.Crypto.Wrapping;

namespace Clavis.Crypto.Tests.Wrapping;

public sealed class AesKeyWrapTests
{
    private const string Kek128 = "000102030405060708090A0B0C0D0E0F";
    private const string Kek192 = "000102030405060708090A0B0C0D0E0F1011121314151617";
    private const string Kek256 = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";

    // RFC 3394 §4.1–4.6 (see PROVENANCE.md).
    public static TheoryData<string, string, string, string> Rfc3394Vectors() => new()
    {
        { "4.1 128-bit data, 128-bit KEK", Kek128, "00112233445566778899AABBCCDDEEFF", "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5" },
        { "4.2 128-bit data, 192-bit KEK", Kek192, "00112233445566778899AABBCCDDEEFF", "96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D" },
        { "4.3 128-bit data, 256-bit KEK", Kek256, "00112233445566778899AABBCCDDEEFF", "64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7" },
        { "4.4 192-bit data, 192-bit KEK", Kek192, "00112233445566778899AABBCCDDEEFF0001020304050607", "031D33264E15D33268F24EC260743EDCE1C6C7DDEE725A936BA814915C6762D2" },
        { "4.5 192-bit data, 256-bit KEK", Kek256, "00112233445566778899AABBCCDDEEFF0001020304050607", "A8F9BC1612C68B3FF6E6F4FBE30E71E4769C8B80A32CB8958CD5D17D6B254DA1" },
        { "4.6 256-bit data, 256-bit KEK", Kek256, "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F", "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21" },
    };

    // RFC 5649 §6 (see PROVENANCE.md).
    public static TheoryData<string, string, string, string> Rfc5649Vectors() => new()
    {
        { "20-octet key", "5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8", "c37b7e6492584340bed12207808941155068f738", "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a" },
        { "7-octet key (one semiblock)", "5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8", "466f7250617369", "afbeb0f07dfbf5419200f2ccb50bb24f" },
    };

    [Theory]
    [MemberData(nameof(Rfc3394Vectors))]
    public void Rfc3394_wrap_and_unwrap_give_the_RFC_answers(string name, string kek, string key, string wrapped)
    {
        using var wrap = new AesKeyWrap(Convert.FromHexString(kek));

        Assert.Equal(wrapped, Convert.ToHexString(wrap.Wrap(Convert.FromHexString(key))), ignoreCase: true);
        Assert.Equal(key, Convert.ToHexString(wrap.Unwrap(Convert.FromHexString(wrapped))), ignoreCase: true);
        Assert.NotNull(name);
    }

    [Theory]
    [MemberData(nameof(Rfc5649Vectors))]
    public void Rfc5649_wrap_and_unwrap_give_the_RFC_answers(string name, string kek, string key, string wrapped)
    {
        using var wrap = new AesKeyWrap(Convert.FromHexString(kek));

        Assert.Equal(wrapped, Convert.ToHexString(wrap.WrapPadded(Convert.FromHexString(key))), ignoreCase: true);
        Assert.Equal(key, Convert.ToHexString(wrap.UnwrapPadded(Convert.FromHexString(wrapped))), ignoreCase: true);
        Assert.NotNull(name);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(32)]
    [InlineData(65)]
    public void Rfc5649_agrees_with_the_BCL_one_shot_for_every_length_form(int length)
    {
        byte[] kek = RandomNumberGenerator.GetBytes(32);
        byte[] key = RandomNumberGenerator.GetBytes(length);
        using var aes = Aes.Create();
        aes.Key = kek;
        using var wrap = new AesKeyWrap(kek);

        Assert.Equal(aes.EncryptKeyWrapPadded(key), wrap.WrapPadded(key));
        Assert.Equal(key, wrap.UnwrapPadded(aes.EncryptKeyWrapPadded(key)));
    }

    [Fact]
    public void Rfc3394_unwrap_refuses_a_tampered_input()
    {
        using var wrap = new AesKeyWrap(Convert.FromHexString(Kek128));
        byte[] wrapped = Convert.FromHexString("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5");
        wrapped[^1] ^= 0x01;

        Assert.Throws<CryptographicException>(() => wrap.Unwrap(wrapped));
    }

    [Fact]
    public void Rfc3394_unwrap_refuses_the_wrong_key()
    {
        using var wrap = new AesKeyWrap(Convert.FromHexString(Kek256));

        Assert.Throws<CryptographicException>(() => wrap.Unwrap(Convert.FromHexString("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5")));
    }

    [Theory]
    [InlineData("138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6b")]
    [InlineData("afbeb0f07dfbf5419200f2ccb50bb24e")]
    [InlineData("afbeb0f07dfbf541")]
    public void Rfc5649_unwrap_refuses_a_tampered_or_short_input(string wrapped)
    {
        using var wrap = new AesKeyWrap(Convert.FromHexString("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8"));

        Assert.Throws<CryptographicException>(() => wrap.UnwrapPadded(Convert.FromHexString(wrapped)));
    }

    [Fact]
    public void Rfc3394_refuses_data_that_is_not_a_multiple_of_eight_bytes()
    {
        using var wrap = new AesKeyWrap(Convert.FromHexString(Kek128));

        Assert.Throws<ArgumentException>(() => wrap.Wrap(new byte[20]));
        Assert.Throws<ArgumentException>(() => wrap.Wrap(new byte[8]));
    }

    [Fact]
    public void One_instance_wraps_many_keys_with_the_same_answers()
    {
        using var wrap = new AesKeyWrap(Convert.FromHexString(Kek128));
        byte[] key = Convert.FromHexString("00112233445566778899AABBCCDDEEFF");

        byte[] first = wrap.Wrap(key);
        byte[] unwrapped = wrap.Unwrap(first);
        byte[] second = wrap.Wrap(key);

        Assert.Equal(first, second);
        Assert.Equal(key, unwrapped);
    }
}
