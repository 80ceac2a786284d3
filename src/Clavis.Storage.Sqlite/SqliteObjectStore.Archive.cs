using Clavis.Core.Audit;
using Clavis.Core.Ports;

namespace Clavis.Storage.Sqlite;

public sealed partial class SqliteObjectStore : IAuditArchiveStore
{
    /// <inheritdoc/>
    /// <exception cref="StoreUnavailableException">The database failed.</exception>
    public Task<IReadOnlyList<AuditArchiveAnchor>> GetArchivesAsync(string nodeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        return ReadAsync(connection => SqliteAuditReader.ReadArchives(connection, nodeId), cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public Task SaveArchiveAsync(AuditArchiveAnchor anchor, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        ArgumentNullException.ThrowIfNull(records);
        cancellationToken.ThrowIfCancellationRequested();
        return Enqueue(new AuditArchiveWrite(anchor, [.. records.Select(AuditRow.From)], cancellationToken));
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public async Task<int> RemoveArchivedRecordsAsync(string nodeId, long throughSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        var step = new AuditPruneWrite(nodeId, throughSequence, limit, cancellationToken);
        await Enqueue(step).ConfigureAwait(false);
        return step.Removed;
    }
}
