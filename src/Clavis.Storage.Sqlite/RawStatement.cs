using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Clavis.Storage.Sqlite;

/// <summary>
/// A statement prepared once on the writer connection and driven through SQLitePCL directly: parameters are
/// bound by position and the statement is stepped without a data reader.
/// </summary>
/// <remarks>
/// For the statements that run once per audited use or once per batch (the audit insert, BEGIN, COMMIT, the
/// change sets' savepoints). Through <see cref="SqliteCommand"/> each execution
/// looked every parameter up by name (UTF-8 encoding the name, a string search in SQLite), built and disposed
/// a data reader, and took a handle reference per call; that was a visible share of the writer thread. It runs
/// on the same connection, so it belongs to whatever transaction the writer has open.
/// </remarks>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        int rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text(_statement, index, value));

    // SQLite copies the bytes (SQLITE_TRANSIENT), so the caller may reuse its buffer at once.
    public void Bind(int index, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Runs the statement, which returns no rows, and resets it for the next use.</summary>
    /// <exception cref="SqliteException">SQLite failed.</exception>
    public void Execute()
    {
        int rc = raw.sqlite3_step(_statement);

        // Reset at once, success or not: a statement left mid-step would hold its transaction's locks.
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
            throw new SqliteException($"SQLite returned {rc} for a statement that returns no rows", rc);
        }
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _db);
}
