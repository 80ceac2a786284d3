using Clavis.Core.Ports;
using Microsoft.Data.Sqlite;

namespace Clavis.Storage.Sqlite;

/// <summary>
/// The embedded default <see cref="IObjectStore"/>: one SQLite database in WAL mode with
/// synchronous=FULL, so an acknowledged commit survives a crash or power loss.
/// </summary>
/// <remarks>
/// Group commit: a single writer thread owns the only write connection. It drains every change set
/// waiting in its queue into one transaction, so one fsync acknowledges many callers; each change set
/// runs under its own savepoint, so one that conflicts is rolled back alone. Reads use a small pool of
/// read-only connections that WAL lets proceed while the writer commits.
/// </remarks>
public sealed partial class SqliteObjectStore : IObjectStore
{
    private readonly SqliteStoreOptions _options;
    private readonly string _path;
    private readonly WriteQueue _queue = new();

    private readonly ReadConnectionPool _readers;
    private readonly ObjectCache _objectCache;
    private readonly TaskCompletionSource _writerStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _writerThread;
    private readonly AuditSpool? _spool;
    private readonly Thread? _moverThread;
    private readonly TaskCompletionSource _moverStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<StoredAuditRecord> _spooling = [];
    private SqliteConnection? _writer;
    private WriteCommands? _commands;
    private Exception? _stopFailure;
    private int _disposed;

    private SqliteObjectStore(SqliteStoreOptions options, string path, SqliteConnection writer, AuditSpool? spool, int recovered)
    {
        _options = options;
        _path = path;
        _writer = writer;
        _spool = spool;
        AuditRecordsRecoveredFromSpool = recovered;
        _commands = new WriteCommands(writer, spool);
        _readers = new ReadConnectionPool(path, options.ReadConnections, options.BusyTimeout);
        _objectCache = new ObjectCache(options.ObjectCacheCapacity);
        _writerThread = new Thread(RunWriter) { IsBackground = true, Name = "Clavis SQLite writer" };
        _moverThread = spool is null ? null : new Thread(RunMover) { IsBackground = true, Name = "Clavis audit mover" };
    }

    /// <summary>The database file.</summary>
    public string Path => _path;

    /// <summary>
    /// How many audit records the open found in the audit spool and moved into the database: records acknowledged
    /// before the store last stopped without moving them (a crash, or a failed stop).
    /// </summary>
    public int AuditRecordsRecoveredFromSpool { get; }

    /// <summary>
    /// Opens the database at <see cref="SqliteStoreOptions.Path"/>, creating it (and its directory) or
    /// migrating its schema as needed, and starts the writer.
    /// </summary>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    /// <exception cref="StoreUnavailableException">The database cannot be opened or was written by a newer Clavis.</exception>
    public static SqliteObjectStore Open(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Path);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReadConnections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.ObjectCacheCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BusyTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.AuditSpoolMoveRecords, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.AuditSpoolMaxAge, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.AuditSpoolRegionBytes, 4096);
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        string path = System.IO.Path.GetFullPath(options.Path);
        SqliteConnection writer;
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            writer = OpenWriter(path, options, create: true);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException($"cannot open SQLite database {path}", ex);
        }

        try
        {
            SqliteSchema.Migrate(writer);
        }
        catch (SqliteException ex)
        {
            writer.Dispose();
            throw new StoreUnavailableException($"cannot create or migrate the schema of SQLite database {path}", ex);
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        AuditSpool? spool = null;
        int recovered;
        try
        {
            (spool, recovered) = OpenSpool(path, options, writer);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            writer.Dispose();
            throw new StoreUnavailableException($"cannot recover the audit spool of SQLite database {path}", ex);
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        var store = new SqliteObjectStore(options, path, writer, spool, recovered);
        store._writerThread.Start();
        store._moverThread?.Start();
        return store;
    }

    /// <summary>
    /// Commits every audit record acknowledged so far to the database itself, moving what waits in the audit spool:
    /// for readers that read the database file and must see every record (verification, archiving, checkpoints).
    /// </summary>
    /// <exception cref="StoreUnavailableException">The database failed; the records stay in the spool.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public Task FlushAuditSpoolAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // A record counts as pending before its caller is acknowledged, so none acknowledged so far is missed here.
        return _spool is not { PendingCount: > 0 } ? Task.CompletedTask : Enqueue(new AuditSpoolMoveWrite(cancellationToken));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <paramref name="cancellationToken"/> is honoured until the writer takes the change set into a
    /// transaction; after that the task reports the commit's real outcome.
    /// </remarks>
    /// <exception cref="ArgumentException">An inserted object's version is not 0.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public Task CommitAsync(ObjectChangeSet changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        if (changes.IsEmpty)
        {
            return Task.CompletedTask;
        }

        foreach (Core.Objects.ManagedObject insert in changes.Inserts)
        {
            if (insert.Version != 0)
            {
                throw new ArgumentException($"inserted object {insert.Id} has version {insert.Version}, not 0", nameof(changes));
            }
        }

        return Enqueue(new ChangeSetWrite(changes, cancellationToken));
    }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public Task SaveDataKeysAsync(IReadOnlyList<DataKeyRecord> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();
        return keys.Count == 0 ? Task.CompletedTask : Enqueue(new DataKeysWrite(keys, cancellationToken));
    }

    /// <summary>Commits every change set already queued, stops the writer, and closes every connection.</summary>
    /// <exception cref="StoreUnavailableException">The database could not be closed cleanly.</exception>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // The mover first: the writer's last transaction then moves whatever the spool still holds.
        if (_moverThread is not null)
        {
            _spool!.Stop();
            await _moverStopped.Task.ConfigureAwait(false);
        }

        _queue.Complete();
        await _writerStopped.Task.ConfigureAwait(false);
        await _readers.CloseAsync().ConfigureAwait(false);
        _spool?.Dispose();
        if (CloseWriter() is { } failure)
        {
            throw new StoreUnavailableException($"closing SQLite database {_path} failed", failure);
        }

        if (_stopFailure is not null)
        {
            throw new StoreUnavailableException(
                $"audit records in {_spool!.Path} could not be moved into SQLite database {_path}; the next open moves them", _stopFailure);
        }
    }

    private Task Enqueue(PendingWrite write)
    {
        if (!_queue.TryAdd(write))
        {
            throw new ObjectDisposedException(nameof(SqliteObjectStore));
        }

        return write.Completion;
    }

    // Records a crash left in the spool go into the database before anything else is written, so the writer
    // starts from a database that holds the whole chain and a spool that holds nothing yet.
    private static (AuditSpool? Spool, int Recovered) OpenSpool(string path, SqliteStoreOptions options, SqliteConnection writer)
    {
        if (!options.AuditSpool && !File.Exists(path + AuditSpool.FileSuffix))
        {
            return (null, 0);
        }

        AuditSpool spool = AuditSpool.Open(path, options.AuditSpoolRegionBytes, options.AuditSpoolMoveRecords);
        try
        {
            int recovered;
            using (var commands = new WriteCommands(writer, spool: null))
            {
                List<StoredAuditRecord> records = spool.Recover(commands.ReadStoredAuditHead);
                recovered = records.Count;
                if (recovered > 0)
                {
                    commands.Begin();
                    try
                    {
                        commands.MoveToDatabase(records);
                        commands.Commit();
                    }
                    catch
                    {
                        commands.RollbackIfOpen();
                        throw;
                    }
                }
            }

            if (options.AuditSpool)
            {
                spool.PrepareForWriting();
                return (spool, recovered);
            }

            // Turned off: emptied into the database above, the file goes.
            spool.Dispose();
            File.Delete(spool.Path);
            return (null, recovered);
        }
        catch
        {
            spool.Dispose();
            throw;
        }
    }

    private static SqliteConnection OpenWriter(string path, SqliteStoreOptions options, bool create)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,

            // Only the first open may create the file: a database that vanished while the store ran
            // must fail loudly, not come back empty.
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString());
        try
        {
            connection.Open();
            using SqliteCommand pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode = WAL";
            string? mode = pragma.ExecuteScalar() as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new StoreUnavailableException($"SQLite database {path} refused WAL mode (journal_mode is {mode})");
            }

            // FULL: the WAL is fsynced at every commit, so an acknowledged commit survives power loss
            // (NORMAL would only survive a process crash).
            pragma.CommandText = $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {(int)options.BusyTimeout.TotalMilliseconds}";
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
