using Clavis.Core.Ports;

namespace Clavis.Audit;

/// <summary>What <see cref="AuditAdministration"/> works on: one node's journal and the files beside it.</summary>
public sealed record AuditAdministrationOptions
{
    /// <summary>The node whose journal this is, and which records the administrators' actions.</summary>
    public required string NodeId { get; init; }

    /// <summary>Where the actions' records are appended.</summary>
    public required IAuditJournal Journal { get; init; }

    /// <summary>The clock for the records.</summary>
    public required IClock Clock { get; init; }

    /// <summary>
    /// Opens a read-only reader of the journal as stored; each verification opens its own, so it reads a snapshot
    /// and never blocks the writer. The caller disposes it.
    /// </summary>
    public required Func<IAuditReader> OpenReader { get; init; }

    /// <summary>
    /// Makes every record acknowledged so far readable through <see cref="OpenReader"/> (a store that holds some
    /// records elsewhere first, such as SQLite's audit spool, moves them); awaited before each verification and archive.
    /// </summary>
    public Func<CancellationToken, Task>? FlushJournal { get; init; }

    /// <summary>The folder of trusted checkpoint public keys (<c>DATA/audit-keys</c>).</summary>
    public required string TrustedKeysFolder { get; init; }

    /// <summary>The checkpoint copy kept outside the database, compared when it exists.</summary>
    public required string CheckpointCopyPath { get; init; }

    /// <summary>Where archived ranges are anchored and removed from (the same store <see cref="OpenReader"/> reads).</summary>
    public required IAuditArchiveStore ArchiveStore { get; init; }

    /// <summary>The folder archive files are written to.</summary>
    public required string ArchiveFolder { get; init; }

    /// <summary>The node's checkpoint signer, whose key a rotation replaces.</summary>
    public required AuditCheckpointSigner Signer { get; init; }

    /// <summary>Where a rotation stores the new key, its hand-over and its record.</summary>
    public required IAuditSigningKeyStore SigningKeyStore { get; init; }
}
