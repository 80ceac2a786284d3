using Clavis.Kmip.Generator;

// Usage: dotnet run --project tools/Clavis.Kmip.Generator -- [generator ...] [--spec DIR] [--out DIR]
// With no generator named, every generator runs. --out applies to each selected generator.
var generators = new (string Name, string DefaultOutput, Func<string, IReadOnlyList<(string Path, string Content)>> Generate)[]
{
    (VocabularyGenerator.Name, "src/Clavis.Kmip/Vocabulary", VocabularyGenerator.Generate),
    (PayloadGenerator.Name, "src/Clavis.Kmip", PayloadGenerator.Generate),
};

var names = new List<string>();
string? spec = null;
string? output = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--spec" when i + 1 < args.Length:
            spec = args[++i];
            break;
        case "--out" when i + 1 < args.Length:
            output = args[++i];
            break;
        default:
            if (args[i].StartsWith('-') || !generators.Any(g => g.Name == args[i]))
            {
                Console.Error.WriteLine($"Unknown argument '{args[i]}'. Generators: {string.Join(", ", generators.Select(g => g.Name))}.");
                return 2;
            }
            names.Add(args[i]);
            break;
    }
}

var root = FindRepositoryRoot();
spec ??= Path.Combine(root, "spec");
foreach (var generator in generators.Where(g => names.Count == 0 || names.Contains(g.Name)))
{
    var directory = output ?? Path.Combine(root, generator.DefaultOutput);
    Directory.CreateDirectory(directory);
    var files = generator.Generate(spec);
    foreach (var (path, content) in files)
    {
        File.WriteAllText(Path.Combine(directory, path), content);
    }
    Console.WriteLine($"{generator.Name}: wrote {files.Count} files to {directory}");
}
return 0;

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Clavis.slnx")))
        {
            return dir.FullName;
        }
    }
    throw new InvalidOperationException("Clavis.slnx not found above the current directory; pass --spec and --out.");
}
