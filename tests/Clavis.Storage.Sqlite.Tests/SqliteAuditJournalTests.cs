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
    public async Task Records_get_contiguous_sequences_per_node_each_linked_to_the_one_before()
    {
        await using (SqliteObjectStore store = Open())
        {
            await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => store.AppendAsync([Record(i % 2 == 0 ? "a" : "b", $"op-{i}")], CancellationToken.None))));
            Assert.Equal(100, (await store.GetHeadAsync("a", CancellationToken.None))!.Sequence);
        }

        using SqliteAuditReader reader = SqliteAuditReader.Open(_directory.DatabasePath);
        Assert.Equal(["a", "b"], reader.ReadNodes());
        foreach (string node in new[] { "a", "b" })
        {
            byte[] previous = AuditRecordCodec.GenesisHash.ToArray();
            long expected = 1;
            foreach (StoredAuditRecord row in reader.ReadRecords(node, 1, null))
            {
                AuditEntry entry = AuditRecordCodec.Decode(row.Encoded);
                Assert.Equal((node, expected), (entry.NodeId, entry.Sequence));
                Assert.Equal(previous, entry.PreviousHash);
                Assert.Equal(AuditRecordCodec.Hash(row.Encoded), row.Hash);
                previous = row.Hash;
                expected++;
            }

            Assert.Equal(101, expected);
        }
    }

    [Fact]
    public async Task A_conflicting_change_set_writes_none_of_its_records_and_leaves_no_hole_in_the_chain()
    {
        await using (SqliteObjectStore store = Open())
        {
            ManagedObject key = TestObjects.Key();
            var insert = new ObjectChangeSet();
            insert.Inserts.Add(key);
            insert.AuditRecords.Add(Record("n", "Create"));
            await store.CommitAsync(insert, CancellationToken.None);

            ManagedObject stale = key.Clone();
            stale.Version = 0;
            var conflicting = new ObjectChangeSet();
            conflicting.Updates.Add(stale);
            conflicting.AuditRecords.Add(Record("n", "Activate"));
            Task conflict = store.CommitAsync(conflicting, CancellationToken.None);
            Task after = store.AppendAsync([Record("n", "Get")], CancellationToken.None);

            await Assert.ThrowsAsync<ConcurrencyConflictException>(() => conflict);
            await after;
        }

        using SqliteAuditReader reader = SqliteAuditReader.Open(_directory.DatabasePath);
        Assert.Equal(["Create", "Get"], reader.ReadRecords("n", 1, null).Select(r => r.Operation));
        Assert.Equal([1L, 2L], reader.ReadRecords("n", 1, null).Select(r => r.Sequence));
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
            downgrade.CommandText = "DROP TABLE audit_records; DROP TABLE audit_checkpoints; DROP TABLE audit_signing_keys; UPDATE schema_version SET version = 1";
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
    public async Task Checkpoints_and_signing_keys_round_trip_and_a_duplicate_key_conflicts()
    {
        await using SqliteObjectStore store = Open();
        var key = new AuditSigningKeyRecord("k1", "n", DateTimeOffset.UnixEpoch.AddDays(1), [1, 2, 3], new Core.Barrier.SealedMaterial("dk", new byte[12], [9, 9]));
        await store.SaveSigningKeyAsync(key, CancellationToken.None);
        var checkpoint = new AuditCheckpoint("n", 7, new byte[32], DateTimeOffset.UnixEpoch.AddDays(2), "k1", [5, 6]);
        await store.SaveCheckpointAsync(checkpoint, CancellationToken.None);

        AuditSigningKeyRecord stored = (await store.GetSigningKeyAsync("n", CancellationToken.None))!;
        AuditCheckpoint last = (await store.GetLastCheckpointAsync("n", CancellationToken.None))!;

        Assert.Equal((key.KeyId, key.CreatedAt, key.SealedPrivateKey.DataKeyId), (stored.KeyId, stored.CreatedAt, stored.SealedPrivateKey.DataKeyId));
        Assert.Equal(key.PublicKey, stored.PublicKey);
        Assert.Equal((checkpoint.Sequence, checkpoint.Time, checkpoint.KeyId), (last.Sequence, last.Time, last.KeyId));
        Assert.Equal(checkpoint.Signature, last.Signature);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveSigningKeyAsync(key, CancellationToken.None));
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
