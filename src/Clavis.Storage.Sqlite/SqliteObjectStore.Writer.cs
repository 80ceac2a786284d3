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
        }
        finally
        {
            _writerStopped.TrySetResult();
        }
    }

    private void CommitBatch(List<PendingWrite> batch)
    {
        WriteCommands? commands = null;
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
            commands.Begin();
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
            Exception cause = ex;
            try
            {
                commands?.RollbackIfOpen();
            }
            catch (Exception rollbackFailure)
            {
                cause = new AggregateException("the batch failed, then its rollback failed", ex, rollbackFailure);
            }

            // A connection that failed mid-transaction is not trusted again: the next batch reopens it.
            Exception? closeFailure = CloseWriter();
            if (closeFailure is not null)
            {
                cause = new AggregateException("the batch failed, then closing its connection failed", cause, closeFailure);
            }

            // A failed COMMIT may still have reached the disk; what the batch touched is read again.
            DropChangedObjects(batch);
            var failure = new StoreUnavailableException($"SQLite database {_path} failed; nothing of this batch was committed", cause);
            foreach (PendingWrite write in batch)
            {
                write.Fail(failure);
            }

            return;
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
            _commands = new WriteCommands(_writer);
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
