namespace Clavis.Audit;

/// <summary>The first broken link the verifier found in a node's chain.</summary>
/// <param name="Kind">What the break shows.</param>
/// <param name="NodeId">The chain.</param>
/// <param name="Sequence">Where it breaks.</param>
/// <param name="Message">A precise, operator-readable account.</param>
public sealed record AuditBreak(AuditBreakKind Kind, string NodeId, long Sequence, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"node {NodeId}, sequence {Sequence}: {Message}";
}
