using Clavis.Server.Hosting;

namespace Clavis.Integration.Tests;

/// <summary>The principal settings are checked when loaded, so a bad value stops the server before it starts.</summary>
public sealed class PrincipalSettingsTests
{
    [Theory]
    [InlineData("PasswordHashMemoryKib", "4", "Argon2id memory (m) must be 8 to 262144 KiB, not 4")]
    [InlineData("PasswordHashIterations", "0", "Argon2id iterations (t) must be 1 to 16, not 0")]
    [InlineData("PasswordHashParallelism", "17", "Argon2id parallelism (p) must be 1 to 16, not 17")]
    [InlineData("PrincipalRefreshMilliseconds", "0", "PrincipalRefreshMilliseconds must be at least 10")]
    [InlineData("CredentialCacheSize", "1", "CredentialCacheSize must be at least 2")]
    public void A_bad_principal_setting_is_refused_naming_it(string setting, string value, string expected)
    {
        using var data = new Support.TemporaryDirectory();
        FormatException error = Assert.Throws<FormatException>(() =>
            ClavisSettings.Load(null, new Dictionary<string, string>(), new Dictionary<string, string> { ["Data"] = data.Path, [setting] = value }));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_the_documented_ones()
    {
        using var data = new Support.TemporaryDirectory();
        ClavisSettings settings = ClavisSettings.Load(null, new Dictionary<string, string>(), new Dictionary<string, string> { ["Data"] = data.Path });
        Assert.Equal(new Clavis.Crypto.Passwords.Argon2idCost(19456, 2, 1), settings.PasswordHashCost);
        Assert.Equal((1000, 10_000), (settings.PrincipalRefreshMilliseconds, settings.CredentialCacheSize));
    }
}
