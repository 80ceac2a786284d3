namespace Clavis.Server.Hosting;

/// <summary>
/// An exclusive lock on a data folder (<c>DATA/clavis.lock</c>), held by a running node and by offline tools that
/// write its database (<c>clavis audit archive --data</c>). The node's single writer keeps state in memory (each
/// chain's head); a second process appending to the same chain would collide with it, so one of them must wait.
/// </summary>
/// <remarks>
/// The operating system's advisory lock on the open file (.NET's <see cref="FileShare.None"/>): it goes with the
/// process, so a node that crashed or was killed leaves no stale lock behind. Read-only tools (verify, query,
/// export, inventory) do not take it.
/// </remarks>
public sealed class DataFolderLock : IDisposable
{
    /// <summary>The lock file's name in a data folder.</summary>
    public const string FileName = "clavis.lock";

    private readonly FileStream _file;

    private DataFolderLock(FileStream file)
    {
        _file = file;
    }

    /// <summary>Takes the lock on <paramref name="folder"/> (which must exist), or fails at once.</summary>
    /// <exception cref="DataFolderInUseException">Another process holds it.</exception>
    /// <exception cref="UnauthorizedAccessException">The lock file cannot be created.</exception>
    public static DataFolderLock Acquire(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string path = Path.Combine(Path.GetFullPath(folder), FileName);
        try
        {
            return new DataFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new DataFolderInUseException($"{Path.GetFullPath(folder)} is in use by another Clavis process (a running server, or an archive): {path} is locked", ex);
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _file.Dispose();
}
