namespace Clavis.Kmip.Tests.Vocabulary;

/// <summary>Where the copied spec tables and vectors are, and where the repository is.</summary>
internal static class TestPaths
{
    public static string Spec => Path.Combine(AppContext.BaseDirectory, "spec");

    public static string Vectors => Path.Combine(AppContext.BaseDirectory, "vectors");

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Clavis.slnx")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("Clavis.slnx not found above " + AppContext.BaseDirectory);
        }
    }
}
