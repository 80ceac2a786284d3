using Clavis.Core.Objects;
using Clavis.Core.Ports;
using Clavis.Storage.Conformance;
using Microsoft.Data.Sqlite;

namespace Clavis.Storage.Sqlite.Tests;

public sealed class SqliteReadOnlyReaderTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_database_without_a_journal_is_refused_by_the_audit_reader_and_read_without_use_by_the_inventory_reader()
    {
        ManagedObject key = TestObjects.Key();
        await using (SqliteObjectStore store = SqliteObjectStore.Open(new SqliteStoreOptions { Path = _directory.DatabasePath }))
        {
            var insert = new ObjectChangeSet();
            insert.Inserts.Add(key);
            await store.CommitAsync(insert, CancellationToken.None);
        }

        Execute("DROP TABLE audit_records; DROP TABLE audit_checkpoints; DROP TABLE audit_signing_keys; UPDATE schema_version SET version = 1");

        StoreUnavailableException refused = Assert.Throws<StoreUnavailableException>(() => SqliteAuditReader.Open(_directory.DatabasePath));
        Assert.Contains("holds no audit journal", refused.Message, StringComparison.Ordinal);
        using SqliteInventoryReader inventory = SqliteInventoryReader.Open(_directory.DatabasePath);
        Assert.False(inventory.HasAuditJournal);
        Assert.Empty(inventory.ReadObjectAuditTallies());
        Assert.Equal([key.Id], inventory.ReadObjects().Select(o => o.Id));
    }

    [Fact]
    public void A_database_of_something_else_is_refused_by_the_inventory_reader()
    {
        Execute("CREATE TABLE unrelated (x INTEGER)");

        StoreUnavailableException refused = Assert.Throws<StoreUnavailableException>(() => SqliteInventoryReader.Open(_directory.DatabasePath));
        Assert.Contains("is not a Clavis database", refused.Message, StringComparison.Ordinal);
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_directory.DatabasePath};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
