using Clavis.Core.Ports;
using Microsoft.Data.Sqlite;

namespace Clavis.Storage.Sqlite;

public sealed partial class SqliteObjectStore
{
    private void RunWriter()
    {
        var batch = new List<PendingWrite>(Math.Min(_options.MaxBatchSize, 1024));
        try
        {
            while (_queue.TakeBatch(batch, _options.MaxBatchSize))
            {
                // A caller that gave up before the writer took its write gets its cancellation, not a commit.
                batch.RemoveAll(static write =>
                {
                    if (!write.CancellationToken.IsCancellationRequested)
                    {
                        return false;
                    }

                    write.Cancel();
                    return true;
                });

                if (batch.Count > 0)
                {
                    CommitBatch(batch);
                    batch.Clear();
                }
            }

            // Stopping (the mover has stopped): a stopped store's database holds the whole journal. When this fails
            // the records stay in the spool file, moved at the next open, and DisposeAsync says so.
            if (_spool is { PendingCount: > 0 })
            {
                _stopFailure = CommitBatch(batch);
            }
        }
        finally
        {
            _writerStopped.TrySetResult();
        }
    }

    private Exception? CommitBatch(List<PendingWrite> batch)
    {
        if (TrySpool(batch))
        {
            return null;
        }

        WriteCommands? commands = null;
        StoredAuditRecord[]? spooled = null;
        try
        {
            // In WAL mode SQLite keeps writing to a database file that was deleted (or whose directory
            // was) while open, so every later "durable" commit would vanish at the next start. One stat
            // per batch, next to its fsync, turns that into a loud failure.
            if (!File.Exists(_path))
            {
                throw new FileNotFoundException($"SQLite database {_path} was removed while the store had it open", _path);
            }

            commands = EnsureWriter();

            // Spooled records come first in the chain, so they go first; the batch's records link after them. A move
            // of the mover's ends first: this transaction must hold everything before its own records.
            if (_spool is { PendingCount: > 0 } spool && spool.BeginMove(AuditSpool.Mover.Writer) is { Length: > 0 } taken)
            {
                spooled = taken;
            }

            commands.Begin();
            if (spooled is not null)
            {
                commands.MoveToDatabase(spooled);
            }

            long now = StoredTime.ToMicroseconds(_options.TimeProvider.GetUtcNow());
            foreach (PendingWrite write in batch)
            {
                bool savepoint = write.NeedsSavepoint;
                if (savepoint)
                {
                    commands.SaveChangeSet();
                }

                try
                {
                    write.Apply(commands, now);
                    write.Failure = null;
                }
                catch (ConcurrencyConflictException conflict)
                {
                    // Undo this change set's earlier parts; the rest of the batch goes on.
                    if (savepoint)
                    {
                        commands.UndoChangeSet();
                    }

                    write.Failure = conflict;
                }

                if (savepoint)
                {
                    commands.ReleaseChangeSet();
                }
            }

            commands.Commit();
        }
        catch (Exception ex)
        {
            Exception cause = RollBackAfter(commands, ex, "batch");

            // A connection that failed mid-transaction is not trusted again: the next batch reopens it (and reads the
            // chain heads again).
            Exception? closeFailure = CloseWriter();
            if (closeFailure is not null)
            {
                cause = new AggregateException("the batch failed, then closing its connection failed", cause, closeFailure);
            }

            if (spooled is not null)
            {
                _spool!.AbortMove();
            }

            // A failed COMMIT may still have reached the disk; what the batch touched is read again.
            DropChangedObjects(batch);
            var failure = new StoreUnavailableException($"SQLite database {_path} failed; nothing of this batch was committed", cause);
            foreach (PendingWrite write in batch)
            {
                write.Fail(failure);
            }

            return failure;
        }

        commands.CommitAuditHeads();
        if (spooled is not null)
        {
            _spool!.EndMove(spooled.Length);
        }

        // Before any caller learns of its commit, so that nobody who saw a change acknowledged reads the object as it was.
        DropChangedObjects(batch);
        foreach (PendingWrite write in batch)
        {
            if (write.Failure is { } conflict)
            {
                write.Fail(conflict);
            }
            else
            {
                write.OnCommitted();
            }
        }

        return null;
    }

    /// <summary>
    /// Commits <paramref name="batch"/> to the audit spool when it is audit records alone and the spool has room:
    /// the records are linked, written and fsynced there, and their callers complete. False leaves the batch to the
    /// database, which then takes the spool's records too.
    /// </summary>
    private bool TrySpool(List<PendingWrite> batch)
    {
        if (_spool is not { IsBroken: false } spool || batch.Count == 0)
        {
            return false;
        }

        int records = 0;
        foreach (PendingWrite write in batch)
        {
            if (write is not ChangeSetWrite { AuditRecordsAlone: { } rows })
            {
                return false;
            }

            records += rows.Length;
        }

        // The mover keeps the spool short. When it falls this far behind (the database is slow or failing), the batch
        // goes into the database with the spool, here, and its callers wait for that: the spool does not grow unbounded.
        if (spool.PendingCount + records > SpoolBacklogLimit)
        {
            return false;
        }

        WriteCommands commands;
        try
        {
            commands = EnsureWriter();
        }
        catch (Exception)
        {
            // The database path tries again and reports to the callers why it cannot open.
            return false;
        }

        _spooling.Clear();
        try
        {
            foreach (PendingWrite write in batch)
            {
                foreach (AuditRow row in ((ChangeSetWrite)write).AuditRecordsAlone!)
                {
                    _spooling.Add(commands.LinkAudit(row));
                }
            }

            if (!spool.Append(_spooling))
            {
                // No room while the other region waits for the mover: the database path takes the batch and the spool.
                commands.RollbackAuditHeads();
                return false;
            }
        }
        catch (Exception ex)
        {
            // Whatever failed (the spool's write or fsync, a chain head's read), the database path takes the batch and
            // answers its callers; the writer thread itself must never die of it.
            commands.RollbackAuditHeads();
            if (spool.IsBroken)
            {
                _options.AuditSpoolFailed?.Invoke(new StoreUnavailableException(
                    $"audit spool {spool.Path} failed; audit records go to the database directly until the store is opened again", ex));
            }

            return false;
        }

        commands.CommitAuditHeads();
        foreach (PendingWrite write in batch)
        {
            write.OnCommitted();
        }

        return true;
    }

    // A failed transaction is rolled back if SQLite left it open; a failure of the rollback joins the first failure.
    private static Exception RollBackAfter(WriteCommands? commands, Exception failure, string what)
    {
        try
        {
            commands?.RollbackIfOpen();
            return failure;
        }
        catch (Exception rollbackFailure)
        {
            return new AggregateException($"the {what} failed, then its rollback failed", failure, rollbackFailure);
        }
    }

    private void DropChangedObjects(List<PendingWrite> batch)
    {
        if (_objectCache.IsDisabled)
        {
            return;
        }

        foreach (PendingWrite write in batch)
        {
            _objectCache.Invalidate(write.ChangedObjectIds);
        }
    }

    private WriteCommands EnsureWriter()
    {
        if (_writer is null || _commands is null)
        {
            _writer = OpenWriter(_path, _options, create: false);
            _commands = new WriteCommands(_writer, _spool);
        }

        return _commands;
    }

    private Exception? CloseWriter()
    {
        try
        {
            _commands?.Dispose();
            _writer?.Dispose();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
        finally
        {
            _commands = null;
            _writer = null;
        }
    }
}
