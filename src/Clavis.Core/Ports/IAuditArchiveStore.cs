using Clavis.Core.Audit;

namespace Clavis.Core.Ports;

/// <summary>
/// Retention of the audit journal: a range that was written to an archive file is anchored, then removed from
/// the store. The anchor and the record of the archiving commit together; removal follows in small steps, so
/// the writer is never held up long, and a crash in between leaves archived rows behind, never loses one.
/// </summary>
public interface IAuditArchiveStore
{
    /// <summary>The anchors of <paramref name="nodeId"/>'s archived ranges, oldest first.</summary>
    /// <exception cref="StoreUnavailableException">The store failed.</exception>
    Task<IReadOnlyList<AuditArchiveAnchor>> GetArchivesAsync(string nodeId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="anchor"/> and appends <paramref name="records"/> (the archiving's own record) in one
    /// durable transaction. From then on the node's chain head is never read as before the anchor.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The store failed; nothing was stored.</exception>
    Task SaveArchiveAsync(AuditArchiveAnchor anchor, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);

    /// <summary>
    /// Removes at most <paramref name="limit"/> records of <paramref name="nodeId"/> with sequence up to
    /// <paramref name="throughSequence"/>, and never one past the node's newest anchor.
    /// </summary>
    /// <returns>How many were removed; 0 when none is left.</returns>
    /// <exception cref="StoreUnavailableException">The store failed; nothing of this step was removed.</exception>
    Task<int> RemoveArchivedRecordsAsync(string nodeId, long throughSequence, int limit, CancellationToken cancellationToken);
}
