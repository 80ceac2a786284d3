namespace Clavis.Audit;

/// <summary>What <see cref="AuditVerifier"/> checks.</summary>
public sealed record AuditVerifierOptions
{
    /// <summary>Only this node's chain; every node's when null.</summary>
    public string? NodeId { get; init; }

    /// <summary>First sequence to check (1: from the start). Records before it are trusted as the anchor.</summary>
    public long FromSequence { get; init; } = 1;

    /// <summary>Last sequence to check; the end when null.</summary>
    public long? ToSequence { get; init; }

    /// <summary>
    /// Public keys (DER SubjectPublicKeyInfo) checkpoints must be signed with. Empty: the keys stored in the journal
    /// are used, which proves the signatures consistent but not who made them.
    /// </summary>
    public IReadOnlyList<byte[]> TrustedPublicKeys { get; init; } = [];

    /// <summary>
    /// Checkpoints kept outside the store (<see cref="AuditCheckpointCopy"/>). Each must still be in the store, and
    /// the records it signs too: a copy catches the newest records removed together with the store's checkpoints.
    /// </summary>
    public IReadOnlyList<Core.Audit.AuditCheckpoint> CheckpointCopies { get; init; } = [];

    /// <summary>
    /// When a chain starts after an archive anchor and is walked to its end, require the ArchiveAudit record
    /// committed with the anchor (true). An archive file turns it off: that record follows the archived range.
    /// </summary>
    public bool ConfirmArchiveAnchors { get; init; } = true;
}
