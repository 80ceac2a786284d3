using System.Globalization;
using Clavis.Core.Inventory;
using Clavis.Core.Objects;
using Clavis.Core.Ports;
using Clavis.Kmip;
using Clavis.Kmip.Ttlv;
using Microsoft.Data.Sqlite;

namespace Clavis.Storage.Sqlite;

/// <summary>
/// Reads a Clavis SQLite database directly, read-only, for <c>clavis inventory</c>: every object's identity,
/// type, state, owner and attributes (never its material), and the audit journal summarized per object.
/// Rows are streamed, one at a time, so a million objects never sit in memory together; WAL gives a
/// consistent snapshot while a server writes.
/// </summary>
public sealed class SqliteInventoryReader : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly string _path;

    private SqliteInventoryReader(SqliteConnection connection, string path, bool hasAuditJournal)
    {
        _connection = connection;
        _path = path;
        HasAuditJournal = hasAuditJournal;
    }

    /// <summary>Whether the database holds an audit journal (schema version 2 and later).</summary>
    public bool HasAuditJournal { get; }

    /// <summary>Opens the database at <paramref name="path"/> read-only.</summary>
    /// <exception cref="StoreUnavailableException">The file is missing, unreadable, or not a Clavis database.</exception>
    public static SqliteInventoryReader Open(string path)
    {
        (SqliteConnection connection, string full, HashSet<string> tables) = SqliteReadOnlyDatabase.Open(path, "objects", "audit_records");
        if (!tables.Contains("objects"))
        {
            connection.Dispose();
            throw new StoreUnavailableException($"{full} is not a Clavis database (it has no objects table)");
        }

        return new SqliteInventoryReader(connection, full, tables.Contains("audit_records"));
    }

    /// <summary>
    /// Every object, in storage order, with its attributes decoded and without its material. Each object is
    /// built as it is read and is not kept: the caller decides what to remember.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The database cannot be read or a row is damaged.</exception>
    public IEnumerable<ManagedObject> ReadObjects()
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT id, object_type, state, owner, attributes FROM objects";
        SqliteDataReader reader = Execute(command);
        using (reader)
        {
            while (true)
            {
                ManagedObject managedObject;
                try
                {
                    if (!reader.Read())
                    {
                        yield break;
                    }

                    string id = reader.GetString(0);
                    managedObject = new ManagedObject(id, (ObjectType)reader.GetInt64(1), (State)reader.GetInt64(2), Decode(id, reader))
                    {
                        Owner = reader.GetString(3),
                    };
                }
                catch (Exception ex) when (ex is SqliteException or InvalidCastException)
                {
                    throw new StoreUnavailableException($"reading the objects of {_path} failed", ex);
                }

                yield return managedObject;
            }
        }
    }

    /// <summary>
    /// The audit journal counted by first named object, operation and Result Status (records that name no
    /// object are left out). Empty when the database has no journal.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The database cannot be read.</exception>
    public IEnumerable<ObjectAuditTally> ReadObjectAuditTallies()
    {
        if (!HasAuditJournal)
        {
            yield break;
        }

        using SqliteCommand command = _connection.CreateCommand();
        // The object column is the record's first object id, copied out of the hashed bytes for queries;
        // decoding every record to see the others would cost a full read of the journal's bytes.
        command.CommandText =
            """
            SELECT object_id, operation, result_status, count(*), max(time) FROM audit_records
            WHERE object_id IS NOT NULL
            GROUP BY object_id, operation, result_status
            """;
        SqliteDataReader reader = Execute(command);
        using (reader)
        {
            while (true)
            {
                ObjectAuditTally tally;
                try
                {
                    if (!reader.Read())
                    {
                        yield break;
                    }

                    tally = new ObjectAuditTally(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), StoredTime.FromMicroseconds(reader.GetInt64(4)));
                }
                catch (Exception ex) when (ex is SqliteException or InvalidCastException)
                {
                    throw new StoreUnavailableException($"reading the audit journal of {_path} failed", ex);
                }

                yield return tally;
            }
        }
    }

    /// <summary>
    /// For each object that refused requests were recorded against: how many of those the access policy denied
    /// (records of format 2 with a <c>Deny</c> decision). Only refused records are decoded, not the whole journal.
    /// Empty when the database has no journal.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The database cannot be read, or a refused record cannot be decoded.</exception>
    public IReadOnlyDictionary<string, long> ReadPolicyDenials()
    {
        var denials = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!HasAuditJournal)
        {
            return denials;
        }

        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT object_id, record FROM audit_records WHERE object_id IS NOT NULL AND result_status = 'OperationFailed'";
        try
        {
            using SqliteDataReader reader = Execute(command);
            while (reader.Read())
            {
                if (Clavis.Core.Audit.AuditRecordCodec.Decode((byte[])reader.GetValue(1)).Record.PolicyDecision == "Deny")
                {
                    string id = reader.GetString(0);
                    denials[id] = denials.GetValueOrDefault(id) + 1;
                }
            }
        }
        catch (Exception ex) when (ex is SqliteException or InvalidCastException or FormatException)
        {
            throw new StoreUnavailableException($"reading the refused records of the audit journal of {_path} failed", ex);
        }

        return denials;
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _connection.Dispose();

    private AttributeSet Decode(string id, SqliteDataReader reader)
    {
        try
        {
            return AttributeSetCodec.Decode((byte[])reader.GetValue(4));
        }
        catch (TtlvFormatException ex)
        {
            throw new StoreUnavailableException(string.Create(CultureInfo.InvariantCulture, $"the stored attributes of object {id} in {_path} are damaged"), ex);
        }
    }

    private SqliteDataReader Execute(SqliteCommand command)
    {
        try
        {
            return command.ExecuteReader();
        }
        catch (SqliteException ex)
        {
            throw new StoreUnavailableException($"reading {_path} failed", ex);
        }
    }
}
