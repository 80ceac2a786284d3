namespace Clavis.Audit;

/// <summary>What <see cref="AuditVerifier"/> found.</summary>
public sealed class AuditVerification
{
    /// <summary>Records whose hash and links were checked.</summary>
    public long RecordsChecked { get; internal set; }

    /// <summary>Checkpoints whose signatures were checked.</summary>
    public int CheckpointsChecked { get; internal set; }

    /// <summary>Checkpoints kept outside the store (<see cref="AuditVerifierOptions.CheckpointCopies"/>) that were compared.</summary>
    public int CheckpointCopiesChecked { get; internal set; }

    /// <summary>How long the verification took.</summary>
    public TimeSpan Elapsed { get; internal set; }

    /// <summary>The chains examined, with their last sequence.</summary>
    public List<(string NodeId, long LastSequence, long? LastSignedSequence)> Chains { get; } = [];

    /// <summary>The first broken link of each broken chain; empty when every chain is intact.</summary>
    public List<AuditBreak> Breaks { get; } = [];

    /// <summary>Things an operator should know that are not breaks (an unsigned tail, no trust anchor).</summary>
    public List<string> Notes { get; } = [];

    /// <summary>True when no chain is broken.</summary>
    public bool IsIntact => Breaks.Count == 0;
}
