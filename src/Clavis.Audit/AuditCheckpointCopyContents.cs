using Clavis.Core.Audit;

namespace Clavis.Audit;

/// <summary>What a checkpoint copy file holds (<see cref="AuditCheckpointCopy.Read"/>).</summary>
/// <param name="Checkpoints">The checkpoints, oldest first.</param>
/// <param name="Note">Why something was left out (a torn last line), or null.</param>
public sealed record AuditCheckpointCopyContents(IReadOnlyList<AuditCheckpoint> Checkpoints, string? Note);
