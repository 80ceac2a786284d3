namespace Clavis.Policy.Tests.Support;

/// <summary>Files of the repository the tests read (the documentation whose examples they check).</summary>
internal static class RepositoryFiles
{
    public static string Read(params string[] relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Clavis.slnx")))
            {
                return File.ReadAllText(Path.Combine([directory.FullName, .. relativePath]));
            }
        }

        throw new InvalidOperationException("Clavis.slnx not found above " + AppContext.BaseDirectory);
    }
}
