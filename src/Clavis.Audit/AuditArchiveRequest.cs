namespace Clavis.Audit;

/// <summary>Which range of a chain to archive, and where to (<see cref="AuditArchiver"/>).</summary>
public sealed record AuditArchiveRequest
{
    /// <summary>The chain.</summary>
    public required string NodeId { get; init; }

    /// <summary>
    /// Archive up to the last checkpoint at or before this sequence. Exactly one of this and <see cref="Before"/> is set.
    /// </summary>
    public long? ThroughSequence { get; init; }

    /// <summary>
    /// Archive up to the last checkpoint signed before this time (every record it covers was written before it).
    /// </summary>
    public DateTimeOffset? Before { get; init; }

    /// <summary>
    /// The archive file to create; it must not exist. Written beside it as <c>FILE.partial</c>, then renamed. Exactly
    /// one of this and <see cref="OutputFolder"/> is set.
    /// </summary>
    public string? OutputPath { get; init; }

    /// <summary>A folder to create the archive in, named for its range (<see cref="AuditArchiver.FileNameFor"/>).</summary>
    public string? OutputFolder { get; init; }

    /// <summary>Keys the range's checkpoints must be signed with; the written file is verified with them before anything is removed.</summary>
    public IReadOnlyList<byte[]> TrustedPublicKeys { get; init; } = [];
}
