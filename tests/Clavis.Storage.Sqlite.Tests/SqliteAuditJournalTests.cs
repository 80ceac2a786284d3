using Clavis.Core.Audit;
using Clavis.Core.Objects;
using Clavis.Core.Ports;
using Clavis.Storage.Conformance;
using Microsoft.Data.Sqlite;

namespace Clavis.Storage.Sqlite.Tests;

public sealed class SqliteAuditJournalTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_version_1_database_gains_the_journal_and_keeps_its_objects()
    {
        ManagedObject key = TestObjects.Key();
        await using (SqliteObjectStore store = Open())
        {
            var insert = new ObjectChangeSet();
            insert.Inserts.Add(key);
            await store.CommitAsync(insert, CancellationToken.None);
        }

        using (var connection = new SqliteConnection($"Data Source={_directory.DatabasePath};Pooling=False"))
        {
            // Back to what Clavis wrote before the journal existed.
            connection.Open();
            using SqliteCommand downgrade = connection.CreateCommand();
            downgrade.CommandText = "DROP TABLE audit_archives; DROP TABLE audit_key_handovers; DROP TABLE audit_records; DROP TABLE audit_checkpoints; DROP TABLE audit_signing_keys; DROP TABLE documents; DROP TABLE counters; UPDATE schema_version SET version = 1";
            downgrade.ExecuteNonQuery();
        }

        await using (SqliteObjectStore store = Open())
        {
            Assert.NotNull(await store.GetAsync(key.Id, CancellationToken.None));
            await store.AppendAsync([Record("n", "Get")], CancellationToken.None);
            Assert.Equal(1, (await store.GetHeadAsync("n", CancellationToken.None))!.Sequence);
        }
    }

    [Fact]
    public async Task A_version_3_journal_reads_without_archives_offline_and_gains_them_when_a_store_opens_it()
    {
        await using (SqliteObjectStore store = Open())
        {
            await store.AppendAsync([Record("n", "Get"), Record("n", "Get")], CancellationToken.None);
        }

        using (var connection = new SqliteConnection($"Data Source={_directory.DatabasePath};Pooling=False"))
        {
            // Back to what Clavis wrote before retention.
            connection.Open();
            using SqliteCommand downgrade = connection.CreateCommand();
            downgrade.CommandText = "DROP TABLE audit_archives; DROP TABLE audit_key_handovers; UPDATE schema_version SET version = 3";
            downgrade.ExecuteNonQuery();
        }

        using (SqliteAuditReader offline = SqliteAuditReader.Open(_directory.DatabasePath))
        {
            Assert.Empty(offline.ReadArchives("n"));
            Assert.Equal(2, offline.ReadRecords("n", 1, null).Count());
        }

        await using (SqliteObjectStore store = Open())
        {
            Assert.Empty(await store.GetArchivesAsync("n", CancellationToken.None));
            await store.AppendAsync([Record("n", "Get")], CancellationToken.None);
            Assert.Equal(3, (await store.GetHeadAsync("n", CancellationToken.None))!.Sequence);
        }
    }

    [Fact]
    public async Task Removal_of_archived_records_never_passes_the_newest_anchor()
    {
        await using SqliteObjectStore store = Open();
        await store.AppendAsync([.. Enumerable.Range(0, 30).Select(_ => Record("n", "Get"))], CancellationToken.None);
        int unanchored = await store.RemoveArchivedRecordsAsync("n", long.MaxValue, 100, CancellationToken.None);
        await store.SaveArchiveAsync(new AuditArchiveAnchor("n", 1, 10, new byte[32], "a.jsonl", new byte[32], DateTimeOffset.UtcNow), [Record("n", "ArchiveAudit")], CancellationToken.None);

        int first = await store.RemoveArchivedRecordsAsync("n", long.MaxValue, 4, CancellationToken.None);
        int rest = await store.RemoveArchivedRecordsAsync("n", long.MaxValue, 100, CancellationToken.None);
        int none = await store.RemoveArchivedRecordsAsync("n", long.MaxValue, 100, CancellationToken.None);

        Assert.Equal((0, 4, 6, 0), (unanchored, first, rest, none));
        Assert.Equal(31, (await store.GetHeadAsync("n", CancellationToken.None))!.Sequence);
        Assert.Single(await store.GetArchivesAsync("n", CancellationToken.None));
    }

    private SqliteObjectStore Open() => SqliteObjectStore.Open(new SqliteStoreOptions { Path = _directory.DatabasePath });

    private static AuditRecord Record(string node, string operation) => new()
    {
        Time = DateTimeOffset.UnixEpoch.AddYears(56),
        NodeId = node,
        Source = AuditSource.KmipRequest,
        Operation = operation,
        Principal = "alice",
        ResultStatus = "Success",
    };
}
