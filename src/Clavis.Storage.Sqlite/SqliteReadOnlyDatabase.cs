using Clavis.Core.Ports;
using Microsoft.Data.Sqlite;

namespace Clavis.Storage.Sqlite;

/// <summary>
/// How the offline readers (audit verify/query/export, inventory) open a Clavis database: read-only, beside a
/// server that may be writing, and only if it holds the tables they need.
/// </summary>
internal static class SqliteReadOnlyDatabase
{
    /// <summary>
    /// Opens <paramref name="path"/> read-only and returns the connection with the names of the
    /// <paramref name="wanted"/> tables it holds; the caller decides which are required.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The file is missing or cannot be read as SQLite.</exception>
    public static (SqliteConnection Connection, string FullPath, HashSet<string> Tables) Open(string path, params string[] wanted)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new StoreUnavailableException($"no Clavis database at {full}");
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            using (SqliteCommand wait = connection.CreateCommand())
            {
                // A running server's checkpoint can hold the lock for a moment; wait rather than fail.
                wait.CommandText = "PRAGMA busy_timeout = 5000";
                wait.ExecuteNonQuery();
            }

            // Its own command: PRAGMA busy_timeout answers with a row (5000), which a check in the same command
            // would read as its answer, so a database without the tables would pass.
            using SqliteCommand check = connection.CreateCommand();
            check.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            var tables = new HashSet<string>(StringComparer.Ordinal);
            using (SqliteDataReader reader = check.ExecuteReader())
            {
                while (reader.Read())
                {
                    string name = reader.GetString(0);
                    if (wanted.Contains(name, StringComparer.Ordinal))
                    {
                        tables.Add(name);
                    }
                }
            }

            return (connection, full, tables);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new StoreUnavailableException($"cannot read SQLite database {full}", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
