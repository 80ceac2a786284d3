using Clavis.Core.Audit;
using Clavis.Core.Objects;
using Clavis.Core.Ports;
using Clavis.Storage.Conformance;
using Microsoft.Data.Sqlite;

namespace Clavis.Storage.Sqlite.Tests;

/// <summary>
/// The audit spool: records committed alone are fsynced to a file beside the database and moved into it later.
/// A "crash image" here is a copy of the database, its WAL and the spool taken while the store is open and idle
/// (the writer has nothing in flight): what a SIGKILL at that moment would leave on disk.
/// </summary>
public sealed class SqliteAuditSpoolTests : IDisposable
{
    private const string Node = "node-1";
    private readonly TemporaryDirectory _directory = new();
    private readonly TemporaryDirectory _image = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
        _image.Dispose();
    }

    [Fact]
    public async Task Records_alone_wait_in_the_spool_and_a_flush_moves_them_into_the_database_in_chain_order()
    {
        await using SqliteObjectStore store = Open();
        await AppendAsync(store, 0, 10);

        Assert.True(File.Exists(SpoolPath(_directory)));
        Assert.Empty(ReadChain(_directory.DatabasePath));

        await store.FlushAuditSpoolAsync(CancellationToken.None);
        AssertChain(ReadChain(_directory.DatabasePath), 10);
    }

    [Fact]
    public async Task A_change_set_after_spooled_records_takes_them_into_its_transaction_and_links_after_them()
    {
        await using SqliteObjectStore store = Open();
        await AppendAsync(store, 0, 5);
        ManagedObject key = TestObjects.Key();
        var changes = new ObjectChangeSet();
        changes.Inserts.Add(key);
        changes.AuditRecords.Add(Record("create"));
        await store.CommitAsync(changes, CancellationToken.None);

        List<AuditEntry> chain = ReadChain(_directory.DatabasePath);
        AssertChain(chain, 6);
        Assert.Equal("create", chain[^1].Record.Message);
    }

    [Fact]
    public async Task The_head_is_the_newest_record_acknowledged_even_while_it_is_spooled()
    {
        await using SqliteObjectStore store = Open();
        await AppendAsync(store, 0, 7);

        AuditChainHead head = (await store.GetHeadAsync(Node, CancellationToken.None))!;

        Assert.Equal(7, head.Sequence);
        Assert.Equal(7, ReadChain(_directory.DatabasePath).Count);
    }

    [Fact]
    public async Task A_stopped_store_leaves_the_whole_journal_in_the_database()
    {
        await using (SqliteObjectStore store = Open())
        {
            await AppendAsync(store, 0, 12);
        }

        AssertChain(ReadChain(_directory.DatabasePath), 12);
    }

    [Fact]
    public async Task Records_acknowledged_before_a_crash_are_moved_into_the_database_at_the_next_open()
    {
        await using (SqliteObjectStore store = Open())
        {
            await AppendAsync(store, 0, 3);
            await store.FlushAuditSpoolAsync(CancellationToken.None);
            await AppendAsync(store, 3, 9);
            TakeCrashImage();
        }

        Assert.Equal(3, ReadChain(_image.DatabasePath).Count);
        await using (SqliteObjectStore recovered = Open(_image))
        {
            Assert.Equal(9, recovered.AuditRecordsRecoveredFromSpool);
            await AppendAsync(recovered, 12, 1);
        }

        AssertChain(ReadChain(_image.DatabasePath), 13);
    }

    [Fact]
    public async Task A_torn_last_frame_is_dropped_and_everything_before_it_recovered()
    {
        await using (SqliteObjectStore store = Open())
        {
            await AppendAsync(store, 0, 6);
            TakeCrashImage();
        }

        // The last frame's final bytes are what was there before (the last bytes of a record are often zeros, so
        // something else): what a crash in the middle of its write leaves.
        string spool = SpoolPath(_image);
        long end = SpoolEnd(spool);
        using (var file = new FileStream(spool, FileMode.Open, FileAccess.Write))
        {
            file.Position = end - 10;
            file.Write(Enumerable.Repeat((byte)0xA5, 10).ToArray());
        }

        await using (SqliteObjectStore recovered = Open(_image))
        {
            Assert.Equal(5, recovered.AuditRecordsRecoveredFromSpool);
        }

        AssertChain(ReadChain(_image.DatabasePath), 5);
    }

    [Fact]
    public async Task A_spool_that_went_round_its_regions_recovers_only_what_came_after_and_steps_over_the_older_frames()
    {
        // Regions of 4 KiB: a few flushes go round the file several times.
        await using (SqliteObjectStore store = Open(regionBytes: 4096))
        {
            for (int round = 0; round < 6; round++)
            {
                await AppendAsync(store, round * 8, 8);
                await store.FlushAuditSpoolAsync(CancellationToken.None);
            }

            await AppendAsync(store, 48, 2);
            TakeCrashImage();
        }

        await using (SqliteObjectStore recovered = Open(_image))
        {
            Assert.Equal(2, recovered.AuditRecordsRecoveredFromSpool);
        }

        List<AuditEntry> chain = ReadChain(_image.DatabasePath);
        AssertChain(chain, 50);
        Assert.Equal(["record 48", "record 49"], chain[^2..].Select(e => e.Record.Message));
    }

    [Fact]
    public async Task Records_waiting_in_both_regions_are_recovered_in_chain_order_the_older_region_first()
    {
        int perRegion;
        await using (SqliteObjectStore store = Open(regionBytes: 4096))
        {
            perRegion = await RecordsPerRegionAsync(store, 4096);
            await AppendOneByOneAsync(store, 1, perRegion - 1);

            // The first region full and moved; the second fills and waits; three more go round to the first again.
            await store.FlushAuditSpoolAsync(CancellationToken.None);
            await AppendOneByOneAsync(store, perRegion, perRegion + 3);

            TakeCrashImage();
        }

        Assert.Equal(perRegion, ReadChain(_image.DatabasePath).Count);
        await using (SqliteObjectStore recovered = Open(_image, regionBytes: 4096))
        {
            Assert.Equal(perRegion + 3, recovered.AuditRecordsRecoveredFromSpool);
        }

        List<AuditEntry> chain = ReadChain(_image.DatabasePath);
        AssertChain(chain, 2 * perRegion + 3);
        Assert.Equal(Enumerable.Range(0, 2 * perRegion + 3).Select(i => $"record {i}"), chain.Select(e => e.Record.Message));
    }

    [Fact]
    public async Task A_spool_left_with_another_region_size_is_read_as_it_was_written_and_then_resized()
    {
        int perRegion;
        await using (SqliteObjectStore store = Open(regionBytes: 8192))
        {
            // The first region full, three more in the second (at 8 KiB), none moved.
            perRegion = await RecordsPerRegionAsync(store, 8192);
            await AppendOneByOneAsync(store, 1, perRegion + 2);

            TakeCrashImage();
        }

        // Reopened with regions of 4 KiB: the second region is still read where it was written, before the file shrinks.
        await using (SqliteObjectStore recovered = Open(_image, regionBytes: 4096))
        {
            Assert.Equal(perRegion + 3, recovered.AuditRecordsRecoveredFromSpool);
            Assert.Equal(2 * 4096, new FileInfo(SpoolPath(_image)).Length);
            await AppendAsync(recovered, perRegion + 3, 1);
        }

        AssertChain(ReadChain(_image.DatabasePath), perRegion + 4);
    }

    [Fact]
    public async Task Under_steady_load_the_file_stays_two_regions_long_and_no_record_is_lost()
    {
        // The mover never runs here, so records always wait: the writer must go round the two regions, and when the
        // one it needs still waits, put a group and the spool's backlog into the database.
        await using (SqliteObjectStore store = Open(regionBytes: 4096))
        {
            for (int round = 0; round < 40; round++)
            {
                await AppendAsync(store, round * 8, 8);
                Assert.Equal(2 * 4096, new FileInfo(SpoolPath(_directory)).Length);
            }

            Assert.NotEmpty(ReadChain(_directory.DatabasePath));

            // Where the last groups went depends on how callers formed them. After a flush nothing waits, so the next
            // three are surely in the spool, wherever the writer is in the file, when the crash image is taken.
            await store.FlushAuditSpoolAsync(CancellationToken.None);
            await AppendAsync(store, 320, 3);
            TakeCrashImage();
        }

        await using (SqliteObjectStore recovered = Open(_image, regionBytes: 4096))
        {
            Assert.Equal(3, recovered.AuditRecordsRecoveredFromSpool);
        }

        AssertChain(ReadChain(_image.DatabasePath), 323);
    }

    [Fact]
    public async Task A_removed_spool_fails_over_to_the_database_without_losing_an_acknowledged_record()
    {
        var failures = new List<Exception>();
        await using (SqliteObjectStore store = Open(failed: failures.Add))
        {
            await AppendAsync(store, 0, 4);
            File.Delete(SpoolPath(_directory));

            // Committed to the database directly, after the four the spool held.
            await AppendAsync(store, 4, 3);
            AssertChain(ReadChain(_directory.DatabasePath), 7);

            await AppendAsync(store, 7, 2);
            AssertChain(ReadChain(_directory.DatabasePath), 9);
        }

        Exception failure = Assert.Single(failures);
        Assert.IsType<StoreUnavailableException>(failure);
        Assert.Contains("removed", failure.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turned_off_a_spool_left_by_a_crash_is_still_moved_in_and_then_removed()
    {
        await using (SqliteObjectStore store = Open())
        {
            await AppendAsync(store, 0, 4);
            TakeCrashImage();
        }

        await using (SqliteObjectStore recovered = Open(_image, spool: false))
        {
            Assert.Equal(4, recovered.AuditRecordsRecoveredFromSpool);
            await AppendAsync(recovered, 4, 1);
            AssertChain(ReadChain(_image.DatabasePath), 5);
        }

        Assert.False(File.Exists(SpoolPath(_image)));
    }

    [Fact]
    public async Task Enough_records_wake_the_mover_which_moves_them_into_the_database_on_its_own()
    {
        // 40: more than the mover moves between offering its core to other threads.
        await using SqliteObjectStore store = Open(moveRecords: 40);
        await AppendAsync(store, 0, 40);

        await WaitForChainAsync(_directory.DatabasePath, 40);
        await AppendAsync(store, 40, 1);
        await store.FlushAuditSpoolAsync(CancellationToken.None);
        AssertChain(ReadChain(_directory.DatabasePath), 41);
    }

    [Fact]
    public async Task The_mover_moves_a_record_once_it_is_old_enough_however_few_wait()
    {
        await using SqliteObjectStore store = Open(maxAge: TimeSpan.FromMilliseconds(50));
        await AppendAsync(store, 0, 2);

        await WaitForChainAsync(_directory.DatabasePath, 2);
    }

    [Fact]
    public async Task When_the_mover_cannot_move_it_says_so_and_the_writer_takes_the_backlog_with_a_later_batch()
    {
        // Told on the mover's thread, read here while it runs.
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        await using SqliteObjectStore store = Open(moveRecords: 2, failed: failures.Enqueue, busyTimeout: TimeSpan.FromMilliseconds(100));
        using (var blocker = new SqliteConnection($"Data Source={_directory.DatabasePath};Pooling=False"))
        {
            // Another process holds the write lock: the mover's transaction cannot start.
            blocker.Open();
            using SqliteCommand begin = blocker.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();

            // Spooling needs no lock, so callers are still answered.
            await AppendAsync(store, 0, 16);
            for (int wait = 0; wait < 500 && failures.IsEmpty; wait++)
            {
                await Task.Delay(10);
            }

            using SqliteCommand rollback = blocker.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        // Once, or again if the mover retried (a second later) before the lock went.
        Assert.NotEmpty(failures);
        Assert.All(failures, failure => Assert.Contains("they stay in the spool", failure.Message, StringComparison.Ordinal));

        // 16 waiting is 8 times the mover's 2: the next batch goes into the database with all of them, at once.
        await AppendAsync(store, 16, 1);
        AssertChain(ReadChain(_directory.DatabasePath), 17);
    }

    private static async Task WaitForChainAsync(string database, int count)
    {
        for (int wait = 0; wait < 500 && ReadChain(database).Count < count; wait++)
        {
            await Task.Delay(10);
        }

        AssertChain(ReadChain(database), count);
    }

    private static string SpoolPath(TemporaryDirectory directory) => directory.DatabasePath + "-audit-spool";

    // Where the frames end: after it the file is zeros (it is filled with them when created).
    private static long SpoolEnd(string spool)
    {
        byte[] bytes = File.ReadAllBytes(spool);
        long end = 0;
        while (end + 36 <= bytes.Length && BitConverter.ToInt32(bytes, (int)end) is int length and > 0)
        {
            end += 36 + length;
        }

        return end;
    }

    private static async Task AppendAsync(SqliteObjectStore store, int first, int count)
    {
        // Concurrent callers, so that several records share a group (one write and one fsync).
        await Task.WhenAll(Enumerable.Range(first, count).Select(i => store.AppendAsync([Record($"record {i}")], CancellationToken.None)));
    }

    // One record per group, so every frame is about the same size: appends record 0 and says how many such frames a
    // region holds.
    private async Task<int> RecordsPerRegionAsync(SqliteObjectStore store, long regionBytes)
    {
        await AppendAsync(store, 0, 1);
        return (int)(regionBytes / SpoolEnd(SpoolPath(_directory)));
    }

    private static async Task AppendOneByOneAsync(SqliteObjectStore store, int first, int count)
    {
        for (int i = first; i < first + count; i++)
        {
            await AppendAsync(store, i, 1);
        }
    }

    private static AuditRecord Record(string message) => new()
    {
        Time = DateTimeOffset.UnixEpoch.AddYears(56),
        NodeId = Node,
        Source = AuditSource.KmipRequest,
        Operation = "Get",
        Principal = "alice",
        ResultStatus = "Success",
        Message = message,
    };

    private static List<AuditEntry> ReadChain(string database)
    {
        using SqliteAuditReader reader = SqliteAuditReader.Open(database);
        var chain = new List<AuditEntry>();
        byte[] previous = AuditRecordCodec.GenesisHash.ToArray();
        foreach (StoredAuditRecord stored in reader.ReadRecords(Node, 1, null))
        {
            Assert.Equal(AuditRecordCodec.Hash(stored.Encoded), stored.Hash);
            AuditEntry entry = AuditRecordCodec.Decode(stored.Encoded);
            Assert.Equal(chain.Count + 1, entry.Sequence);
            Assert.Equal(previous, entry.PreviousHash);
            previous = stored.Hash;
            chain.Add(entry);
        }

        return chain;
    }

    private static void AssertChain(List<AuditEntry> chain, int count)
    {
        Assert.Equal(count, chain.Count);
        Assert.Equal(count, chain.Select(e => e.Record.Message).Distinct().Count());
    }

    private void TakeCrashImage()
    {
        foreach (string file in Directory.GetFiles(_directory.Path))
        {
            if (!file.EndsWith("-shm", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(_image.Path, Path.GetFileName(file)));
            }
        }
    }

    private SqliteObjectStore Open(
        TemporaryDirectory? directory = null,
        bool spool = true,
        long regionBytes = 4 * 1024 * 1024,
        int moveRecords = 2048,
        TimeSpan? maxAge = null,
        Action<Exception>? failed = null,
        TimeSpan? busyTimeout = null) => SqliteObjectStore.Open(new SqliteStoreOptions
        {
            Path = (directory ?? _directory).DatabasePath,
            AuditSpool = spool,
            AuditSpoolRegionBytes = regionBytes,
            AuditSpoolMoveRecords = moveRecords,

            // Long enough that no test sees the mover move the spool unless it asks for it.
            AuditSpoolMaxAge = maxAge ?? TimeSpan.FromMinutes(10),
            AuditSpoolFailed = failed,
            BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(5),
        });
}
