using System.Text.RegularExpressions;

namespace Clavis.Client.Tests.Samples;

/// <summary>docs/sdk.md quotes the sample regions verbatim: a sample that changes without its doc fails here.</summary>
public sealed partial class SdkDocumentationTests
{
    [Theory]
    [InlineData("GettingStarted")]
    [InlineData("Credentials")]
    [InlineData("Errors")]
    [InlineData("Batch")]
    [InlineData("Asynchronous")]
    [InlineData("ManyServers")]
    [InlineData("DnsSrv")]
    public void The_doc_quotes_the_sample_region(string snippet)
    {
        string root = RepositoryRoot();
        string sample = File.ReadAllText(Path.Combine(root, "tests/Clavis.Client.Tests/Samples/GettingStartedSample.cs"));
        string doc = File.ReadAllText(Path.Combine(root, "docs/sdk.md"));

        Match region = Regex.Match(sample, $@"#region Snippet:{snippet}\n(.*?)\n\s*#endregion", RegexOptions.Singleline);
        Match quoted = Regex.Match(doc, $@"<!-- snippet: {snippet} -->\n```csharp\n(.*?)\n```", RegexOptions.Singleline);

        Assert.True(region.Success, $"no region {snippet} in the sample");
        Assert.True(quoted.Success, $"docs/sdk.md does not quote {snippet}");
        Assert.Equal(Dedent(region.Groups[1].Value), quoted.Groups[1].Value);
    }

    private static string Dedent(string text)
    {
        string[] lines = text.Split('\n');
        int indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Clavis.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("no Clavis.slnx above " + AppContext.BaseDirectory);
    }
}
