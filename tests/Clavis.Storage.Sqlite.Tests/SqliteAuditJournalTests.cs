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
            downgrade.CommandText = "DROP TABLE audit_records; DROP TABLE audit_checkpoints; DROP TABLE audit_signing_keys; DROP TABLE documents; DROP TABLE counters; UPDATE schema_version SET version = 1";
            downgrade.ExecuteNonQuery();
        }

        await using (SqliteObjectStore store = Open())
        {
            Assert.NotNull(await store.GetAsync(key.Id, CancellationToken.None));
            await store.AppendAsync([Record("n", "Get")], CancellationToken.None);
            Assert.Equal(1, (await store.GetHeadAsync("n", CancellationToken.None))!.Sequence);
        }
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
