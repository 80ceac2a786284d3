using Clavis.Core.Identity.Registry;

namespace Clavis.Core.Tests.Identity;

public sealed class NamePatternTests
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("*", "anything", true)]
    [InlineData("CN=app?, *", "CN=app1, OU=apps", true)]
    [InlineData("CN=app?, *", "CN=app12, OU=apps", false)]
    [InlineData("*.example.com", "db.example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("a*b*c", "aXXbYYbZZc", true)]
    [InlineData("a*b*c", "aXXbYYbZZ", false)]
    [InlineData("svc-*", "svc-", true)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "exactly", false)]
    public void Globs_match_whole_names(string pattern, string value, bool expected) =>
        Assert.Equal(expected, new NamePattern(pattern, ignoreCase: false).IsMatch(value));

    [Fact]
    public void Case_is_ignored_only_when_asked()
    {
        Assert.True(new NamePattern("*.EXAMPLE.com", ignoreCase: true).IsMatch("db.example.COM"));
        Assert.False(new NamePattern("Alice", ignoreCase: false).IsMatch("alice"));
    }

    [Fact]
    public void A_pathological_pattern_finishes_quickly()
    {
        // Backtracking matchers go exponential on this; one backtrack point keeps it linear per star.
        var pattern = new NamePattern(string.Concat(Enumerable.Repeat("*a", 30)) + "b", ignoreCase: false);
        Assert.False(pattern.IsMatch(new string('a', 5000)));
    }
}
