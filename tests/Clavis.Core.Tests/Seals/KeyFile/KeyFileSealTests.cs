using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Clavis.Core.Ports;
using Clavis.Crypto.Secrets;
using Clavis.Seals.KeyFile;

namespace Clavis.Core.Tests.Seals.KeyFile;

// The file-mode checks are Unix's; the server runs on Linux.
[UnsupportedOSPlatform("windows")]
public sealed class KeyFileSealTests : IDisposable
{
    private static readonly byte[] s_dataKey = RandomNumberGenerator.GetBytes(32);
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string KeyFile => _directory.File("keys/master.key");

    [Fact]
    public async Task Development_mode_file_is_created_and_reopened_without_a_passphrase()
    {
        WrappedDataKey wrapped;
        using (KeyFileSeal seal = Open(passphrase: null))
        {
            Assert.True(seal.IsDevelopmentMode);
            Assert.Contains("DEVELOPMENT MODE", seal.Description, StringComparison.Ordinal);
            wrapped = await seal.WrapAsync(s_dataKey, CancellationToken.None);
        }

        using KeyFileSeal reopened = Open(passphrase: null);
        using SecretBytes unwrapped = await reopened.UnwrapAsync(wrapped, CancellationToken.None);
        Assert.True(unwrapped.FixedTimeEquals(s_dataKey));
    }

    [Fact]
    public async Task Passphrase_mode_file_is_reopened_with_the_passphrase()
    {
        WrappedDataKey wrapped;
        using (KeyFileSeal seal = Open("open sesame"))
        {
            Assert.False(seal.IsDevelopmentMode);
            wrapped = await seal.WrapAsync(s_dataKey, CancellationToken.None);
            Assert.Equal(seal.CurrentMasterKeyId, wrapped.MasterKeyId);
        }

        using KeyFileSeal reopened = Open("open sesame");
        using SecretBytes unwrapped = await reopened.UnwrapAsync(wrapped, CancellationToken.None);
        Assert.True(unwrapped.FixedTimeEquals(s_dataKey));
    }

    [Fact]
    public void Passphrase_mode_file_does_not_hold_the_master_key_in_the_clear()
    {
        using (Open("open sesame"))
        {
        }

        JsonNode document = JsonNode.Parse(File.ReadAllText(KeyFile))!;
        Assert.Equal("passphrase", (string?)document["protection"]);
        byte[] stored = Convert.FromBase64String((string)document["masterKeys"]![0]!["key"]!);
        Assert.Equal(12 + 32 + 16, stored.Length);
    }

    [Fact]
    public void Wrong_passphrase_fails_with_SealException()
    {
        using (Open("open sesame"))
        {
        }

        Assert.Throws<SealException>(() => Open("open barley"));
    }

    [Fact]
    public void Missing_passphrase_for_a_sealed_file_fails_with_SealException()
    {
        using (Open("open sesame"))
        {
        }

        Assert.Throws<SealException>(() => Open(passphrase: null));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("open sesame")]
    public void Key_file_is_readable_and_writable_by_its_owner_only(string? passphrase)
    {
        using (Open(passphrase))
        {
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
    }

    [Fact]
    public async Task Rotation_persists_and_earlier_master_keys_still_unwrap()
    {
        WrappedDataKey before;
        string rotated;
        using (KeyFileSeal seal = Open("open sesame"))
        {
            string first = seal.CurrentMasterKeyId;
            before = await seal.WrapAsync(s_dataKey, CancellationToken.None);
            rotated = await seal.RotateAsync(CancellationToken.None);
            Assert.NotEqual(first, rotated);
            Assert.Equal(rotated, (await seal.WrapAsync(s_dataKey, CancellationToken.None)).MasterKeyId);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        using KeyFileSeal reopened = Open("open sesame");
        Assert.Equal(rotated, reopened.CurrentMasterKeyId);
        using SecretBytes unwrapped = await reopened.UnwrapAsync(before, CancellationToken.None);
        Assert.True(unwrapped.FixedTimeEquals(s_dataKey));
    }

    [Fact]
    public async Task Tampered_wrapping_or_unknown_master_key_fails_with_SealException()
    {
        using KeyFileSeal seal = Open("open sesame");
        WrappedDataKey wrapped = await seal.WrapAsync(s_dataKey, CancellationToken.None);
        byte[] tampered = wrapped.Wrapped.ToArray();
        tampered[^1] ^= 1;

        await Assert.ThrowsAsync<SealException>(async () => await seal.UnwrapAsync(wrapped with { Wrapped = tampered }, CancellationToken.None));
        await Assert.ThrowsAsync<SealException>(async () => await seal.UnwrapAsync(wrapped with { MasterKeyId = "mk-unknown" }, CancellationToken.None));
    }

    [Theory]
    [InlineData("truncated json")]
    [InlineData("unknown format")]
    [InlineData("unknown protection")]
    [InlineData("salt not base64")]
    [InlineData("zero iterations")]
    [InlineData("master key not base64")]
    [InlineData("master key altered")]
    [InlineData("current key missing")]
    public void Damaged_file_fails_with_SealException(string damage)
    {
        using (Open("open sesame"))
        {
        }

        string text = File.ReadAllText(KeyFile);
        JsonNode document = JsonNode.Parse(text)!;
        JsonNode entry = document["masterKeys"]![0]!;
        switch (damage)
        {
            case "truncated json":
                File.WriteAllText(KeyFile, text[..(text.Length / 2)]);
                break;
            case "unknown format":
                document["format"] = "clavis-key-file-v9";
                break;
            case "unknown protection":
                document["protection"] = "rot13";
                break;
            case "salt not base64":
                document["kdf"]!["salt"] = "%%%";
                break;
            case "zero iterations":
                document["kdf"]!["iterations"] = 0;
                break;
            case "master key not base64":
                entry["key"] = "%%%";
                break;
            case "master key altered":
                byte[] key = Convert.FromBase64String((string)entry["key"]!);
                key[^1] ^= 1;
                entry["key"] = Convert.ToBase64String(key);
                break;
            default:
                document["current"] = "mk-missing";
                break;
        }

        if (damage != "truncated json")
        {
            File.WriteAllText(KeyFile, document.ToJsonString());
        }

        Assert.Throws<SealException>(() => Open("open sesame"));
    }

    private KeyFileSeal Open(string? passphrase) => KeyFileSeal.Open(new KeyFileSealOptions
    {
        Path = KeyFile,
        Passphrase = passphrase?.ToCharArray(),
        Iterations = 1000,
    });
}
