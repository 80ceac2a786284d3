namespace Clavis.Seals.KeyFile;

/// <summary>Settings of the key-file seal.</summary>
public sealed record KeyFileSealOptions
{
    /// <summary>The key file's path; created on first use.</summary>
    public required string Path { get; init; }

    /// <summary>
    /// The passphrase that seals the file, or null for development mode (the master key kept on disk
    /// unprotected except by owner-only permissions). The caller should clear the array after opening.
    /// </summary>
    public char[]? Passphrase { get; init; }

    /// <summary>PBKDF2-SHA256 iterations for a new file (existing files keep theirs).</summary>
    public int Iterations { get; init; } = 600_000;
}
