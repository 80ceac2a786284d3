using Clavis.Core.Ports;
using Microsoft.Data.Sqlite;

namespace Clavis.Storage.Sqlite;

public sealed partial class SqliteObjectStore
{
    // How far the mover may fall behind before the writer moves the spool itself, with the batch that finds it so.
    private int SpoolBacklogLimit => 8 * _options.AuditSpoolMoveRecords;

    // The mover offers its core to runnable threads after this many rows (~0.2 ms of work). A move of 512 rows is a
    // burst of ~5 ms of CPU on one of two cores, and requests woken meanwhile waited for it: Get at 16 connections had
    // p99 4.7-4.8 ms against 2.6-4.4 ms with no spool, and 2.5-2.9 ms with this yield (bench/RESULTS.md). A lower
    // priority does not do it: nice 10 changed nothing, and SCHED_IDLE would let a starved mover hold the write lock.
    private const int MoverYieldEveryRows = 16;

    /// <summary>
    /// The mover thread: moves the audit spool's records into the database on a connection of its own, when enough
    /// wait or the oldest is old enough, so the writer never stops spooling for a move (a move of 2048 rows on the
    /// writer held every use request behind it for ~10 ms).
    /// </summary>
    private void RunMover()
    {
        AuditSpool spool = _spool!;
        SqliteConnection? connection = null;
        WriteCommands? commands = null;
        try
        {
            while (spool.WaitForMove(_options.AuditSpoolMaxAge))
            {
                StoredAuditRecord[] records = spool.BeginMove(AuditSpool.Mover.Background);
                if (records.Length == 0)
                {
                    continue;
                }

                try
                {
                    if (commands is null)
                    {
                        connection = OpenWriter(_path, _options, create: false);
                        commands = new WriteCommands(connection, spool: null);
                    }

                    commands.Begin();
                    commands.MoveToDatabase(records, MoverYieldEveryRows);
                    commands.Commit();
                    spool.EndMove(records.Length);
                }
                catch (Exception ex)
                {
                    Exception cause = RollBackAfter(commands, ex, "move");

                    // Not trusted again after a failure, as the writer's: the next move opens a new one.
                    Close(ref connection, ref commands);
                    spool.AbortMove();
                    _options.AuditSpoolFailed?.Invoke(new StoreUnavailableException(
                        $"moving {records.Length} audit records from {spool.Path} into SQLite database {_path} failed; they stay in the spool, and the writer's next transaction takes them", cause));
                    spool.Pause(TimeSpan.FromSeconds(1));
                }
            }
        }
        finally
        {
            Close(ref connection, ref commands);
            _moverStopped.TrySetResult();
        }
    }

    private static void Close(ref SqliteConnection? connection, ref WriteCommands? commands)
    {
        try
        {
            commands?.Dispose();
            connection?.Dispose();
        }
        catch (SqliteException)
        {
            // Closing a connection that already failed: the failure was reported, and the next move opens a new one.
        }

        commands = null;
        connection = null;
    }
}
