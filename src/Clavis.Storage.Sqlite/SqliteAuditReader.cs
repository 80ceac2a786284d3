using Clavis.Core.Audit;
using Clavis.Core.Ports;
using Microsoft.Data.Sqlite;

namespace Clavis.Storage.Sqlite;

/// <summary>
/// Reads the audit journal of a Clavis SQLite database directly, read-only, for <c>clavis audit verify</c>,
/// <c>query</c> and <c>export</c>. WAL lets it read a consistent snapshot while a server writes; it never
/// creates, migrates or locks the database for writing.
/// </summary>
public sealed class SqliteAuditReader : IAuditReader
{
    internal const string CheckpointColumns = "SELECT node_id, sequence, head_hash, created_at, key_id, signature FROM audit_checkpoints";

    private const string RecordColumns = "SELECT node_id, sequence, hash, record, time, principal, operation, object_id, result_status FROM audit_records";

    private readonly SqliteConnection _connection;
    private readonly string _path;
    private readonly bool _hasArchives;
    private readonly bool _hasHandovers;

    private SqliteAuditReader(SqliteConnection connection, string path, HashSet<string> tables)
    {
        _connection = connection;
        _path = path;
        _hasArchives = tables.Contains("audit_archives");
        _hasHandovers = tables.Contains("audit_key_handovers");
    }

    /// <summary>Opens the database at <paramref name="path"/> read-only.</summary>
    /// <exception cref="StoreUnavailableException">The file is missing, unreadable, or holds no audit journal (a schema older than version 2).</exception>
    public static SqliteAuditReader Open(string path)
    {
        (SqliteConnection connection, string full, HashSet<string> tables) = SqliteReadOnlyDatabase.Open(path, "audit_records", "audit_archives", "audit_key_handovers");
        if (!tables.Contains("audit_records"))
        {
            connection.Dispose();
            throw new StoreUnavailableException($"{full} holds no audit journal (written by a Clavis before the journal, or not a Clavis database)");
        }

        // A database of schema version 2 or 3 (written before retention and rotation, read without migrating it) has
        // neither archives nor hand-overs.
        return new SqliteAuditReader(connection, full, tables);
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ReadNodes() => Guard(() =>
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText =
            """
            SELECT DISTINCT node_id FROM audit_records
            UNION SELECT node_id FROM audit_checkpoints
            UNION SELECT node_id FROM audit_signing_keys
            ORDER BY 1
            """;
        using SqliteDataReader reader = command.ExecuteReader();
        var nodes = new List<string>();
        while (reader.Read())
        {
            nodes.Add(reader.GetString(0));
        }

        return (IReadOnlyList<string>)nodes;
    });

    /// <inheritdoc/>
    public IEnumerable<StoredAuditRecord> ReadRecords(string nodeId, long fromSequence, long? toSequence)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = RecordColumns + " WHERE node_id = $node_id AND sequence >= $from AND sequence <= $to ORDER BY sequence";
        command.Parameters.AddWithValue("$node_id", nodeId);
        command.Parameters.AddWithValue("$from", fromSequence);
        command.Parameters.AddWithValue("$to", toSequence ?? long.MaxValue);
        foreach (StoredAuditRecord record in Stream(command))
        {
            yield return record;
        }
    }

    /// <summary>
    /// Records matching <paramref name="query"/>, newest first, at most <see cref="AuditQuery.Limit"/>. Filters on
    /// object, principal and time use indexes; operation and result narrow what those find.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The database failed.</exception>
    public IEnumerable<StoredAuditRecord> Query(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        using SqliteCommand command = _connection.CreateCommand();
        var conditions = new List<string>();
        void Add(string condition, string name, object value)
        {
            conditions.Add(condition);
            command.Parameters.AddWithValue(name, value);
        }

        if (query.ObjectId is not null)
        {
            Add("object_id = $object_id", "$object_id", query.ObjectId);
        }

        if (query.Principal is not null)
        {
            Add("principal = $principal", "$principal", query.Principal);
        }

        if (query.Operation is not null)
        {
            Add("operation = $operation", "$operation", query.Operation);
        }

        if (query.ResultStatus is not null)
        {
            Add("result_status = $result_status", "$result_status", query.ResultStatus);
        }

        if (query.NodeId is not null)
        {
            Add("node_id = $node_id", "$node_id", query.NodeId);
        }

        if (query.From is DateTimeOffset from)
        {
            Add("time >= $from", "$from", AuditRecordCodec.ToMicroseconds(from));
        }

        if (query.To is DateTimeOffset to)
        {
            Add("time < $to", "$to", AuditRecordCodec.ToMicroseconds(to));
        }

        command.CommandText = RecordColumns
            + (conditions.Count > 0 ? " WHERE " + string.Join(" AND ", conditions) : "")
            + (query.Ascending ? " ORDER BY time, node_id, sequence" : " ORDER BY time DESC, node_id DESC, sequence DESC")
            + " LIMIT $limit";
        command.Parameters.AddWithValue("$limit", query.Limit ?? -1);
        foreach (StoredAuditRecord record in Stream(command))
        {
            yield return record;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<AuditCheckpoint> ReadCheckpoints(string nodeId) => Guard(() =>
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = CheckpointColumns + " WHERE node_id = $node_id ORDER BY id";
        command.Parameters.AddWithValue("$node_id", nodeId);
        using SqliteDataReader reader = command.ExecuteReader();
        var checkpoints = new List<AuditCheckpoint>();
        while (reader.Read())
        {
            checkpoints.Add(ReadCheckpoint(reader));
        }

        return (IReadOnlyList<AuditCheckpoint>)checkpoints;
    });

    /// <inheritdoc/>
    public IReadOnlyList<AuditArchiveAnchor> ReadArchives(string nodeId)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        return _hasArchives ? Guard(() => ReadArchives(_connection, nodeId)) : [];
    }

    /// <inheritdoc/>
    public IReadOnlyList<AuditKeyHandover> ReadKeyHandovers(string nodeId)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        return _hasHandovers ? Guard(() =>
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = "SELECT old_key_id, new_key_id, new_public_key, created_at, signature FROM audit_key_handovers WHERE node_id = $node_id ORDER BY id";
            command.Parameters.AddWithValue("$node_id", nodeId);
            using SqliteDataReader reader = command.ExecuteReader();
            var handovers = new List<AuditKeyHandover>();
            while (reader.Read())
            {
                handovers.Add(new AuditKeyHandover(nodeId, reader.GetString(0), reader.GetString(1), (byte[])reader.GetValue(2), StoredTime.FromMicroseconds(reader.GetInt64(3)), (byte[])reader.GetValue(4)));
            }

            return (IReadOnlyList<AuditKeyHandover>)handovers;
        }) : [];
    }

    /// <inheritdoc/>
    public IReadOnlyList<AuditPublicKey> ReadPublicKeys() => Guard(() =>
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT id, node_id, created_at, public_key FROM audit_signing_keys ORDER BY created_at, id";
        using SqliteDataReader reader = command.ExecuteReader();
        var keys = new List<AuditPublicKey>();
        while (reader.Read())
        {
            keys.Add(new AuditPublicKey(reader.GetString(0), reader.GetString(1), StoredTime.FromMicroseconds(reader.GetInt64(2)), (byte[])reader.GetValue(3)));
        }

        return (IReadOnlyList<AuditPublicKey>)keys;
    });

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _connection.Dispose();

    /// <summary>
    /// How many records of each node wait in the audit spool beside the database, read now: acknowledged to their
    /// clients but not yet in the database this reader reads. A running node moves them in within about a second;
    /// a node that stopped without moving them (a crash) does so when it next starts.
    /// </summary>
    /// <exception cref="IOException">The spool exists but cannot be read.</exception>
    /// <exception cref="StoreUnavailableException">The database failed.</exception>
    public IReadOnlyDictionary<string, int> CountSpooledRecords()
    {
        string spool = _path + AuditSpool.FileSuffix;
        if (!File.Exists(spool))
        {
            return new Dictionary<string, int>();
        }

        using FileStream file = new(spool, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        List<StoredAuditRecord> waiting = Guard(() =>
        {
            using SqliteCommand head = _connection.CreateCommand();
            head.CommandText = _hasArchives
                ? AuditChainHeads.ReadHeadSql
                : "SELECT sequence, hash FROM audit_records WHERE node_id = $node_id ORDER BY sequence DESC LIMIT 1";
            head.Parameters.Add(new SqliteParameter { ParameterName = "$node_id" });
            return AuditSpool.ReadFrames(file.SafeFileHandle, node => AuditChainHeads.ReadStored(node, head));
        });
        return waiting.GroupBy(r => r.NodeId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    internal static IReadOnlyList<AuditArchiveAnchor> ReadArchives(SqliteConnection connection, string nodeId)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT first_sequence, last_sequence, last_hash, file_name, file_sha256, created_at
            FROM audit_archives WHERE node_id = $node_id ORDER BY last_sequence, id
            """;
        command.Parameters.AddWithValue("$node_id", nodeId);
        using SqliteDataReader reader = command.ExecuteReader();
        var anchors = new List<AuditArchiveAnchor>();
        while (reader.Read())
        {
            anchors.Add(new AuditArchiveAnchor(nodeId, reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(2), reader.GetString(3),
                (byte[])reader.GetValue(4), StoredTime.FromMicroseconds(reader.GetInt64(5))));
        }

        return anchors;
    }

    internal static AuditCheckpoint ReadCheckpoint(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1),
        (byte[])reader.GetValue(2),
        StoredTime.FromMicroseconds(reader.GetInt64(3)),
        reader.GetString(4),
        (byte[])reader.GetValue(5));

    private IEnumerable<StoredAuditRecord> Stream(SqliteCommand command)
    {
        SqliteDataReader reader;
        try
        {
            reader = command.ExecuteReader();
        }
        catch (SqliteException ex)
        {
            throw new StoreUnavailableException($"reading the audit journal of {_path} failed", ex);
        }

        using (reader)
        {
            while (true)
            {
                StoredAuditRecord record;
                try
                {
                    if (!reader.Read())
                    {
                        yield break;
                    }

                    record = new StoredAuditRecord(
                        reader.GetString(0),
                        reader.GetInt64(1),
                        (byte[])reader.GetValue(2),
                        (byte[])reader.GetValue(3),
                        reader.GetInt64(4),
                        reader.IsDBNull(5) ? null : reader.GetString(5),
                        reader.GetString(6),
                        reader.IsDBNull(7) ? null : reader.GetString(7),
                        reader.GetString(8));
                }
                catch (Exception ex) when (ex is SqliteException or InvalidCastException)
                {
                    throw new StoreUnavailableException($"reading the audit journal of {_path} failed", ex);
                }

                yield return record;
            }
        }
    }

    private T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (SqliteException ex)
        {
            throw new StoreUnavailableException($"reading the audit journal of {_path} failed", ex);
        }
    }
}
