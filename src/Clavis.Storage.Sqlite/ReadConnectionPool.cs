using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Clavis.Storage.Sqlite;

/// <summary>
/// A few read-only connections shared by every reader. In WAL mode each reads a consistent snapshot
/// while the writer commits, so reads never wait for the writer.
/// </summary>
internal sealed class ReadConnectionPool
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;
    private readonly int _size;
    private readonly SemaphoreSlim _permits;
    private readonly ConcurrentBag<SqliteConnection> _idle = [];

    public ReadConnectionPool(string path, int size, TimeSpan busyTimeout)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        }.ToString();
        _busyTimeoutMilliseconds = (int)busyTimeout.TotalMilliseconds;
        _size = size;
        _permits = new SemaphoreSlim(size, size);
    }

    /// <summary>Waits for a free connection, opening one when none is idle.</summary>
    /// <exception cref="SqliteException">A new connection cannot be opened.</exception>
    public async ValueTask<SqliteConnection> RentAsync(CancellationToken cancellationToken)
    {
        await _permits.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_idle.TryTake(out SqliteConnection? connection))
        {
            return connection;
        }

        try
        {
            return Open();
        }
        catch
        {
            _permits.Release();
            throw;
        }
    }

    /// <summary>Gives a connection back; one that failed is closed rather than reused.</summary>
    public void Return(SqliteConnection connection, bool healthy)
    {
        if (healthy)
        {
            _idle.Add(connection);
        }
        else
        {
            connection.Dispose();
        }

        _permits.Release();
    }

    /// <summary>Waits until no read is in flight, then closes every connection.</summary>
    public async ValueTask CloseAsync()
    {
        for (int i = 0; i < _size; i++)
        {
            await _permits.WaitAsync().ConfigureAwait(false);
        }

        while (_idle.TryTake(out SqliteConnection? connection))
        {
            connection.Dispose();
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using SqliteCommand pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA busy_timeout = {_busyTimeoutMilliseconds}";
            pragma.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
