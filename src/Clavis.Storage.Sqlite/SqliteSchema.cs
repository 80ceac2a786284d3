using Clavis.Core.Ports;
using Microsoft.Data.Sqlite;

namespace Clavis.Storage.Sqlite;

/// <summary>Creates the schema of a new database and migrates an older one, in one transaction.</summary>
/// <remarks>
/// STABLE FORMAT: the tables below are what every Clavis database on disk holds. Never change a
/// released version's statements; add a migration to <see cref="s_migrations"/> and bump the version.
/// Times are INTEGER Unix microseconds UTC (PostgreSQL's timestamptz resolution), except
/// next_transition_at, which is Unix seconds (KMIP Date-Time resolution). object_type and state are
/// the KMIP enumeration values. SqliteObjectStoreTests.Released_schema_statements_never_change pins the statements.
/// Version 2 adds the audit journal: audit_records holds each record's canonical bytes (record, hashed into
/// hash; Core.Audit.AuditRecordCodec) filed by node and sequence, with copies of a few fields as columns for
/// queries (time is Unix microseconds UTC); verifiers check those copies against the bytes.
/// Version 3 adds configuration documents (every version kept; body NULL marks a deletion) and the policy
/// counters (a counter never written has no row and counts 0).
/// Version 4 adds audit_archives: one row per range of a node's chain archived to a file and removed
/// (Core.Ports.IAuditArchiveStore); the chain continues after the newest row's last_sequence, linked to last_hash.
/// It also adds audit_key_handovers: one row per rotation of a node's checkpoint signing key, the old key's
/// signature over the new key (Core.Audit.AuditKeyHandover; created_at is the signed time).
/// </remarks>
internal static class SqliteSchema
{
    /// <summary>The version this code reads and writes.</summary>
    public const int CurrentVersion = 4;

    // Index i migrates from version i to i + 1.
    private static readonly string[] s_migrations =
    [
        """
        CREATE TABLE objects (
            id TEXT NOT NULL PRIMARY KEY,
            object_type INTEGER NOT NULL,
            state INTEGER NOT NULL,
            version INTEGER NOT NULL,
            owner TEXT NOT NULL,
            attributes BLOB NOT NULL,
            material_data_key_id TEXT,
            material_nonce BLOB,
            material_ciphertext BLOB,
            cryptographic_algorithm INTEGER,
            cryptographic_length INTEGER,
            next_transition_at INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX objects_type_state ON objects (object_type, state);
        CREATE INDEX objects_owner ON objects (owner);
        CREATE INDEX objects_algorithm_length ON objects (cryptographic_algorithm, cryptographic_length);
        CREATE INDEX objects_length ON objects (cryptographic_length);
        CREATE INDEX objects_next_transition ON objects (next_transition_at) WHERE next_transition_at IS NOT NULL;
        CREATE TABLE object_names (
            value TEXT NOT NULL,
            object_id TEXT NOT NULL,
            PRIMARY KEY (value, object_id)
        ) WITHOUT ROWID;
        CREATE INDEX object_names_object ON object_names (object_id);
        CREATE TABLE object_groups (
            value TEXT NOT NULL,
            object_id TEXT NOT NULL,
            PRIMARY KEY (value, object_id)
        ) WITHOUT ROWID;
        CREATE INDEX object_groups_object ON object_groups (object_id);
        CREATE TABLE data_keys (
            id TEXT NOT NULL PRIMARY KEY,
            created_at INTEGER NOT NULL,
            master_key_id TEXT NOT NULL,
            wrapped BLOB NOT NULL
        );
        """,
        """
        CREATE TABLE audit_records (
            node_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            hash BLOB NOT NULL,
            record BLOB NOT NULL,
            time INTEGER NOT NULL,
            principal TEXT,
            operation TEXT NOT NULL,
            object_id TEXT,
            result_status TEXT NOT NULL,
            PRIMARY KEY (node_id, sequence)
        );
        CREATE INDEX audit_records_time ON audit_records (time);
        CREATE INDEX audit_records_principal ON audit_records (principal, time);
        CREATE INDEX audit_records_object ON audit_records (object_id, time) WHERE object_id IS NOT NULL;
        CREATE TABLE audit_checkpoints (
            id INTEGER PRIMARY KEY,
            node_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            head_hash BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            key_id TEXT NOT NULL,
            signature BLOB NOT NULL
        );
        CREATE INDEX audit_checkpoints_node ON audit_checkpoints (node_id, id);
        CREATE TABLE audit_signing_keys (
            id TEXT NOT NULL PRIMARY KEY,
            node_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            public_key BLOB NOT NULL,
            private_data_key_id TEXT NOT NULL,
            private_nonce BLOB NOT NULL,
            private_ciphertext BLOB NOT NULL
        );
        """,
        """
        CREATE TABLE documents (
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            body TEXT,
            changed_at INTEGER NOT NULL,
            changed_by TEXT NOT NULL,
            revision INTEGER NOT NULL,
            PRIMARY KEY (kind, name, version)
        ) WITHOUT ROWID;
        CREATE INDEX documents_revision ON documents (revision);
        CREATE TABLE counters (
            key TEXT NOT NULL PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        """,
        """
        CREATE TABLE audit_archives (
            id INTEGER PRIMARY KEY,
            node_id TEXT NOT NULL,
            first_sequence INTEGER NOT NULL,
            last_sequence INTEGER NOT NULL,
            last_hash BLOB NOT NULL,
            file_name TEXT NOT NULL,
            file_sha256 BLOB NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX audit_archives_node ON audit_archives (node_id, last_sequence);
        CREATE TABLE audit_key_handovers (
            id INTEGER PRIMARY KEY,
            node_id TEXT NOT NULL,
            old_key_id TEXT NOT NULL,
            new_key_id TEXT NOT NULL,
            new_public_key BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            signature BLOB NOT NULL
        );
        CREATE INDEX audit_key_handovers_node ON audit_key_handovers (node_id, id);
        """,
    ];

    /// <summary>The statements of every migration, for the stability test.</summary>
    internal static IReadOnlyList<string> Migrations => s_migrations;

    /// <summary>Brings the database on <paramref name="connection"/> to <see cref="CurrentVersion"/>.</summary>
    /// <exception cref="StoreUnavailableException">The database was written by a newer Clavis.</exception>
    public static void Migrate(SqliteConnection connection)
    {
        using SqliteTransaction transaction = connection.BeginTransaction();
        Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        using (SqliteCommand read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT version FROM schema_version";
            object? stored = read.ExecuteScalar();
            int version = stored is null ? 0 : Convert.ToInt32(stored, System.Globalization.CultureInfo.InvariantCulture);
            if (version > CurrentVersion)
            {
                throw new StoreUnavailableException(
                    $"database {connection.DataSource} has schema version {version}; this Clavis reads up to {CurrentVersion}");
            }

            if (version == CurrentVersion)
            {
                transaction.Commit();
                return;
            }

            for (int from = version; from < CurrentVersion; from++)
            {
                Execute(connection, transaction, s_migrations[from]);
            }

            Execute(connection, transaction, "DELETE FROM schema_version");
            Execute(connection, transaction, $"INSERT INTO schema_version (version) VALUES ({CurrentVersion})");
        }

        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
