using Clavis.Core.Audit;
using Clavis.Core.Barrier;
using Clavis.Core.Ports;
using Microsoft.Data.Sqlite;

namespace Clavis.Storage.Sqlite;

public sealed partial class SqliteObjectStore : IAuditSigningKeyStore
{
    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        cancellationToken.ThrowIfCancellationRequested();
        if (records.Count == 0)
        {
            return Task.CompletedTask;
        }

        var changes = new ObjectChangeSet();
        changes.AuditRecords.AddRange(records);
        return Enqueue(new ChangeSetWrite(changes, cancellationToken));
    }

    /// <inheritdoc/>
    /// <exception cref="StoreUnavailableException">The database failed.</exception>
    /// <remarks>The audit spool is moved into the database first, so the head is the newest record acknowledged.</remarks>
    public async Task<AuditChainHead?> GetHeadAsync(string nodeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        await FlushAuditSpoolAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(
            connection =>
            {
                using SqliteCommand command = connection.CreateCommand();
                command.CommandText = AuditChainHeads.ReadHeadSql;
                command.Parameters.AddWithValue("$node_id", nodeId);
                using SqliteDataReader reader = command.ExecuteReader();
                return reader.Read() ? new AuditChainHead(nodeId, reader.GetInt64(0), (byte[])reader.GetValue(1)) : null;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="StoreUnavailableException">The database failed.</exception>
    public Task<AuditCheckpoint?> GetLastCheckpointAsync(string nodeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        return ReadAsync(
            connection =>
            {
                using SqliteCommand command = connection.CreateCommand();
                command.CommandText = SqliteAuditReader.CheckpointColumns + " WHERE node_id = $node_id ORDER BY id DESC LIMIT 1";
                command.Parameters.AddWithValue("$node_id", nodeId);
                using SqliteDataReader reader = command.ExecuteReader();
                return reader.Read() ? SqliteAuditReader.ReadCheckpoint(reader) : null;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public Task SaveCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        cancellationToken.ThrowIfCancellationRequested();
        return Enqueue(new AuditWrite(checkpoint, cancellationToken));
    }

    /// <inheritdoc/>
    /// <exception cref="StoreUnavailableException">The database failed.</exception>
    public Task<AuditSigningKeyRecord?> GetSigningKeyAsync(string nodeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        return ReadAsync(
            connection =>
            {
                using SqliteCommand command = connection.CreateCommand();
                command.CommandText =
                    """
                    SELECT id, created_at, public_key, private_data_key_id, private_nonce, private_ciphertext
                    FROM audit_signing_keys WHERE node_id = $node_id ORDER BY created_at DESC, id DESC LIMIT 1
                    """;
                command.Parameters.AddWithValue("$node_id", nodeId);
                using SqliteDataReader reader = command.ExecuteReader();
                return reader.Read()
                    ? new AuditSigningKeyRecord(
                        reader.GetString(0),
                        nodeId,
                        StoredTime.FromMicroseconds(reader.GetInt64(1)),
                        (byte[])reader.GetValue(2),
                        new SealedMaterial(reader.GetString(3), (byte[])reader.GetValue(4), (byte[])reader.GetValue(5)))
                    : null;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public Task SaveSigningKeyAsync(AuditSigningKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        return Enqueue(new AuditWrite(key, cancellationToken));
    }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public Task RotateSigningKeyAsync(AuditSigningKeyRecord newKey, AuditKeyHandover handover, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newKey);
        ArgumentNullException.ThrowIfNull(handover);
        ArgumentNullException.ThrowIfNull(records);
        cancellationToken.ThrowIfCancellationRequested();
        return Enqueue(new AuditKeyRotationWrite(newKey, handover, [.. records.Select(AuditRow.From)], cancellationToken));
    }
}
