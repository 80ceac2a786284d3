using Clavis.Policy.Evaluation;

namespace Clavis.Policy.Tests.Evaluation;

public class GlobPatternTests
{
    [Theory]
    [InlineData("payments-*", "payments-key", true)]
    [InlineData("payments-*", "payments-", true)]
    [InlineData("payments-*", "payments", false)]
    [InlineData("*-key", "payments-key", true)]
    [InlineData("*", "", true)]
    [InlineData("?", "", false)]
    [InlineData("?", "a", true)]
    [InlineData("??", "a", false)]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "aXcYb", false)]
    [InlineData("a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    [InlineData("*a", "bab", false)]
    [InlineData("**", "anything", true)]
    [InlineData("Key", "key", false)]
    [InlineData("k?y-*-?", "key-prod-1", true)]
    public void Glob_matches_star_and_question_mark(string pattern, string name, bool matches) =>
        Assert.Equal(matches, GlobPattern.Matches(pattern, name));
}
