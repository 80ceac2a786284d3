using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Clavis.Core.Barrier;
using Clavis.Core.Objects;
using Clavis.Core.Ports;
using Clavis.Kmip;
using Clavis.Kmip.Ttlv;
using Microsoft.Data.Sqlite;

namespace Clavis.Storage.Sqlite;

public sealed partial class SqliteObjectStore
{
    // Get is the hot read: each read connection keeps one prepared command for it, so SQLite does not parse
    // and plan the statement on every call (a connection serves one reader at a time, so its command does too).
    // The table holds the command only as long as its connection lives; closing the connection disposes it.
    private readonly ConditionalWeakTable<SqliteConnection, SqliteCommand> _getCommands = new();

    /// <inheritdoc/>
    /// <exception cref="StoreUnavailableException">The database failed, or the stored row is damaged.</exception>
    /// <remarks>
    /// A hot object comes from <see cref="ObjectCache"/> without a query; the caller always gets its own copy. The cache
    /// trusts that this store's writer is the only one of its database (a node holds its data folder's lock).
    /// </remarks>
    public Task<ManagedObject?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_objectCache.TryGet(id, out ManagedObject? cached))
        {
            return Task.FromResult<ManagedObject?>(cached!.Clone());
        }

        long stamp = _objectCache.Stamp(id);
        return ReadAsync(
            connection =>
            {
                SqliteCommand command = _getCommands.GetValue(connection, CreateGetCommand);
                command.Parameters[0].Value = id;
                using SqliteDataReader reader = command.ExecuteReader();
                if (!reader.Read())
                {
                    return null;
                }

                ManagedObject managedObject = ReadObject(id, reader);
                if (!_objectCache.IsDisabled)
                {
                    _objectCache.Add(managedObject.Clone(), stamp);
                }

                return managedObject;
            },
            cancellationToken);
    }

    private static SqliteCommand CreateGetCommand(SqliteConnection connection)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT object_type, state, version, owner, attributes, material_data_key_id, material_nonce, material_ciphertext
            FROM objects WHERE id = $id
            """;
        command.Parameters.Add("$id", SqliteType.Text);
        command.Prepare();
        return command;
    }

    /// <inheritdoc/>
    /// <exception cref="StoreUnavailableException">The database failed.</exception>
    public Task<IReadOnlyList<string>> LocateAsync(ObjectQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, "Limit must not be negative");
        }

        if (query.Limit == 0 || query.States is { Count: 0 })
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        return ReadAsync(
            connection =>
            {
                using SqliteCommand command = connection.CreateCommand();
                command.CommandText = BuildLocate(query, command.Parameters);
                return ReadIds(command);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="StoreUnavailableException">The database failed.</exception>
    public Task<IReadOnlyList<string>> FindDueTransitionsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadAsync(
            connection =>
            {
                using SqliteCommand command = connection.CreateCommand();
                command.CommandText =
                    """
                    SELECT id FROM objects WHERE next_transition_at IS NOT NULL AND next_transition_at <= $now
                    ORDER BY next_transition_at, id LIMIT $limit
                    """;
                command.Parameters.AddWithValue("$now", now.ToUnixTimeSeconds());
                command.Parameters.AddWithValue("$limit", limit);
                return ReadIds(command);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="StoreUnavailableException">The database failed.</exception>
    public Task<long> CountAsync(CancellationToken cancellationToken) => ReadAsync(
        connection =>
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM objects";
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        },
        cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="StoreUnavailableException">The database failed.</exception>
    public Task<IReadOnlyList<DataKeyRecord>> LoadDataKeysAsync(CancellationToken cancellationToken) => ReadAsync(
        connection =>
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT id, created_at, master_key_id, wrapped FROM data_keys ORDER BY created_at, id";
            using SqliteDataReader reader = command.ExecuteReader();
            var keys = new List<DataKeyRecord>();
            while (reader.Read())
            {
                keys.Add(new DataKeyRecord(
                    reader.GetString(0),
                    StoredTime.FromMicroseconds(reader.GetInt64(1)),
                    new WrappedDataKey(reader.GetString(2), (byte[])reader.GetValue(3))));
            }

            return (IReadOnlyList<DataKeyRecord>)keys;
        },
        cancellationToken);

    private async Task<T> ReadAsync<T>(Func<SqliteConnection, T> read, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        SqliteConnection connection;
        try
        {
            connection = await _readers.RentAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw new StoreUnavailableException($"cannot open a read connection to SQLite database {_path}", ex);
        }

        bool healthy = false;
        try
        {
            T result = read(connection);
            healthy = true;
            return result;
        }
        catch (SqliteException ex)
        {
            throw new StoreUnavailableException($"reading SQLite database {_path} failed", ex);
        }
        finally
        {
            _readers.Return(connection, healthy);
        }
    }

    private ManagedObject ReadObject(string id, SqliteDataReader reader)
    {
        AttributeSet attributes = DecodeAttributes(id, (byte[])reader.GetValue(4));
        var managedObject = new ManagedObject(id, (ObjectType)reader.GetInt64(0), (State)reader.GetInt64(1), attributes)
        {
            Version = reader.GetInt64(2),
            Owner = reader.GetString(3),
        };
        if (!reader.IsDBNull(5))
        {
            managedObject.Material = new SealedMaterial(reader.GetString(5), (byte[])reader.GetValue(6), (byte[])reader.GetValue(7));
        }

        return managedObject;
    }

    // Decoding the stored attribute blob into TTLV items was ~a third of a Get's KMIP work (profile of Get
    // with 16 connections). Decoded sets are kept per object together with the exact bytes they came from, and
    // reused only when the row just read holds those same bytes: every read still reads the row and sees every
    // committed change (from this node or another), so nothing can be stale. Attributes are metadata — key
    // material stays sealed in its own columns and is never cached. Callers get a copy; the kept set is only read.
    // With the object cache on, a hot object is not read at all and the cache holds its attributes already, so this
    // second copy is kept only for a store running without it (one that shares its database with another writer).
    private const int DecodedAttributesLimit = 4096;
    private readonly ConcurrentDictionary<string, (byte[] Stored, AttributeSet Attributes)> _decodedAttributes = new(StringComparer.Ordinal);

    private AttributeSet DecodeAttributes(string id, byte[] stored)
    {
        bool reuse = _objectCache.IsDisabled;
        if (reuse && _decodedAttributes.TryGetValue(id, out (byte[] Stored, AttributeSet Attributes) kept) && stored.AsSpan().SequenceEqual(kept.Stored))
        {
            return kept.Attributes.Clone();
        }

        AttributeSet attributes;
        try
        {
            attributes = AttributeSetCodec.Decode(stored);
        }
        catch (TtlvFormatException ex)
        {
            throw new StoreUnavailableException($"the stored attributes of object {id} are damaged", ex);
        }

        if (!reuse)
        {
            return attributes;
        }

        if (_decodedAttributes.Count >= DecodedAttributesLimit)
        {
            // Bounded without bookkeeping: start over when full (a miss only costs a decode).
            _decodedAttributes.Clear();
        }

        _decodedAttributes[id] = (stored, attributes.Clone());
        return attributes;
    }

    private static IReadOnlyList<string> ReadIds(SqliteCommand command)
    {
        using SqliteDataReader reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    // Only the conditions the query gives become SQL; every value is a parameter, never text in the statement.
    private static string BuildLocate(ObjectQuery query, SqliteParameterCollection parameters)
    {
        // With a name, the name index drives: CROSS JOIN makes SQLite read object_names (by value) first and
        // look each object up by id. Left to itself the planner picks an objects index (type and state match
        // nearly every row) and tests the name per row, which scans the whole table: ~0.7 s per Locate at 1M objects.
        var sql = new StringBuilder(query.Name is null
            ? "SELECT o.id FROM objects o WHERE 1 = 1"
            : "SELECT o.id FROM object_names n CROSS JOIN objects o WHERE n.value = $name AND o.id = n.object_id");
        if (query.ObjectType is ObjectType objectType)
        {
            sql.Append(" AND o.object_type = $object_type");
            parameters.AddWithValue("$object_type", (long)objectType);
        }

        if (query.States is { } states)
        {
            sql.Append(" AND o.state IN (");
            for (int i = 0; i < states.Count; i++)
            {
                sql.Append(i == 0 ? "" : ", ").Append("$state").Append(i);
                parameters.AddWithValue("$state" + i.ToString(CultureInfo.InvariantCulture), (long)states[i]);
            }

            sql.Append(')');
        }

        if (query.Name is { } name)
        {
            parameters.AddWithValue("$name", name);
        }

        if (query.ObjectGroup is { } group)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM object_groups g WHERE g.value = $group AND g.object_id = o.id)");
            parameters.AddWithValue("$group", group);
        }

        if (query.CryptographicAlgorithm is uint algorithm)
        {
            sql.Append(" AND o.cryptographic_algorithm = $algorithm");
            parameters.AddWithValue("$algorithm", (long)algorithm);
        }

        if (query.CryptographicLength is int length)
        {
            sql.Append(" AND o.cryptographic_length = $length");
            parameters.AddWithValue("$length", (long)length);
        }

        if (query.Owner is { } owner)
        {
            sql.Append(" AND o.owner = $owner");
            parameters.AddWithValue("$owner", owner);
        }

        if (query.AfterId is { } afterId)
        {
            sql.Append(" AND o.id > $after_id");
            parameters.AddWithValue("$after_id", afterId);
        }

        sql.Append(" ORDER BY o.id");
        if (query.Limit is int limit)
        {
            sql.Append(" LIMIT $limit");
            parameters.AddWithValue("$limit", (long)limit);
        }

        return sql.ToString();
    }
}
