using System.Globalization;
using Clavis.Core.Ports;
using Microsoft.Data.Sqlite;

namespace Clavis.Storage.Sqlite;

public sealed partial class SqliteObjectStore
{
    /// <inheritdoc/>
    /// <exception cref="StoreUnavailableException">The database failed.</exception>
    public Task<IReadOnlyList<StoredDocument>> ListDocumentsAsync(string kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return ReadAsync(
            connection =>
            {
                using SqliteCommand command = connection.CreateCommand();
                command.CommandText =
                    """
                    SELECT d.kind, d.name, d.version, d.body, d.changed_at, d.changed_by FROM documents d
                    WHERE d.kind = $kind AND d.body IS NOT NULL
                      AND d.version = (SELECT max(version) FROM documents n WHERE n.kind = d.kind AND n.name = d.name)
                    ORDER BY d.name
                    """;
                command.Parameters.AddWithValue("$kind", kind);
                return (IReadOnlyList<StoredDocument>)ReadDocuments(command, withBody: true);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="StoreUnavailableException">The database failed.</exception>
    public Task<StoredDocument?> GetDocumentAsync(string kind, string name, int? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(name);
        return ReadAsync(
            connection =>
            {
                using SqliteCommand command = connection.CreateCommand();
                command.CommandText = version is null
                    ? "SELECT kind, name, version, body, changed_at, changed_by FROM documents WHERE kind = $kind AND name = $name ORDER BY version DESC LIMIT 1"
                    : "SELECT kind, name, version, body, changed_at, changed_by FROM documents WHERE kind = $kind AND name = $name AND version = $version";
                command.Parameters.AddWithValue("$kind", kind);
                command.Parameters.AddWithValue("$name", name);
                if (version is int wanted)
                {
                    command.Parameters.AddWithValue("$version", wanted);
                }

                List<StoredDocument> found = ReadDocuments(command, withBody: true);
                return found.Count == 0 ? null : found[0];
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="StoreUnavailableException">The database failed.</exception>
    public Task<IReadOnlyList<StoredDocument>> ListDocumentVersionsAsync(string kind, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(name);
        return ReadAsync(
            connection =>
            {
                using SqliteCommand command = connection.CreateCommand();
                command.CommandText =
                    "SELECT kind, name, version, body IS NULL, changed_at, changed_by FROM documents WHERE kind = $kind AND name = $name ORDER BY version";
                command.Parameters.AddWithValue("$kind", kind);
                command.Parameters.AddWithValue("$name", name);
                return (IReadOnlyList<StoredDocument>)ReadDocuments(command, withBody: false);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="StoreUnavailableException">The database failed.</exception>
    public Task<long> GetDocumentsRevisionAsync(CancellationToken cancellationToken) => ReadAsync(
        connection =>
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT coalesce(max(revision), 0) FROM documents";
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        },
        cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="StoreUnavailableException">The database failed.</exception>
    public Task<IReadOnlyDictionary<string, long>> GetCountersAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return ReadAsync(
            connection =>
            {
                var values = new Dictionary<string, long>(keys.Count, StringComparer.Ordinal);
                using SqliteCommand command = connection.CreateCommand();
                command.CommandText = "SELECT value FROM counters WHERE key = $key";
                SqliteParameter key = command.Parameters.Add("$key", SqliteType.Text);
                foreach (string wanted in keys)
                {
                    key.Value = wanted;
                    values[wanted] = command.ExecuteScalar() is long value ? value : 0;
                }

                return (IReadOnlyDictionary<string, long>)values;
            },
            cancellationToken);
    }

    // Column 3 is the body, or (withBody false) whether the version is a deletion.
    private static List<StoredDocument> ReadDocuments(SqliteCommand command, bool withBody)
    {
        using SqliteDataReader reader = command.ExecuteReader();
        var documents = new List<StoredDocument>();
        while (reader.Read())
        {
            string? body = withBody && !reader.IsDBNull(3) ? reader.GetString(3) : null;
            bool deleted = withBody ? reader.IsDBNull(3) : reader.GetInt64(3) != 0;
            documents.Add(new StoredDocument(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt32(2),
                body,
                StoredTime.FromMicroseconds(reader.GetInt64(4)),
                reader.GetString(5),
                deleted));
        }

        return documents;
    }
}
