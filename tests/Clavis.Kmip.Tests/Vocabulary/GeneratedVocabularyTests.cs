using Clavis.Kmip.Generator;

namespace Clavis.Kmip.Tests.Vocabulary;

public class GeneratedVocabularyTests
{
    private const string Fix = "Run `dotnet run --project tools/Clavis.Kmip.Generator -- vocabulary` and commit the result.";

    [Fact]
    public void Checked_in_files_equal_what_the_generator_writes_from_spec()
    {
        var directory = Path.Combine(TestPaths.RepositoryRoot, "src", "Clavis.Kmip", "Vocabulary");
        var generated = VocabularyGenerator.Generate(TestPaths.Spec);
        Assert.True(generated.Count > 60, $"only {generated.Count} files generated");

        var stale = new List<string>();
        foreach (var (path, content) in generated)
        {
            var file = Path.Combine(directory, path);
            if (!File.Exists(file) || File.ReadAllText(file) != content)
            {
                stale.Add(path);
            }
        }
        Assert.True(stale.Count == 0, $"Stale or missing generated files: {string.Join(", ", stale)}. {Fix}");
    }

    [Fact]
    public void No_file_from_an_earlier_run_of_the_generator_is_left_over()
    {
        var directory = Path.Combine(TestPaths.RepositoryRoot, "src", "Clavis.Kmip", "Vocabulary");
        var expected = VocabularyGenerator.Generate(TestPaths.Spec).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var leftOver = Directory.GetFiles(directory, "*.g.cs")
            .Where(f => File.ReadAllText(f).Contains("(VocabularyGenerator)", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .Where(f => !expected.Contains(f!))
            .ToList();
        Assert.True(leftOver.Count == 0, $"Generated files the tables no longer produce: {string.Join(", ", leftOver)}. Delete them; {Fix}");
    }

    [Fact]
    public void Output_is_deterministic_and_uses_LF_line_endings()
    {
        var first = VocabularyGenerator.Generate(TestPaths.Spec);
        var second = VocabularyGenerator.Generate(TestPaths.Spec);
        Assert.Equal(first, second);
        Assert.All(first, f => Assert.DoesNotContain('\r', f.Content));
        Assert.Equal(first.Select(f => f.Path).Order(StringComparer.Ordinal), first.Select(f => f.Path));
    }
}
