using Clavis.Core.Audit;
using Clavis.Core.Barrier;
using Clavis.Core.Objects;
using Clavis.Core.Ports;

namespace Clavis.Storage.Conformance;

// The audit journal part of the contract (docs/audit.md): chains per node in commit order, records atomic
// with their change set, checkpoints and signing keys kept as given.
public abstract partial class ObjectStoreConformanceTests
{
    /// <summary>A reader of the journal at this test's location, usable while the store is open.</summary>
    protected abstract IAuditReader OpenAuditReader();

    [Fact]
    public async Task Audit_records_get_contiguous_sequences_per_node_each_linked_to_the_one_before()
    {
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => Store.AppendAsync([AuditRecordFor(i % 2 == 0 ? "a" : "b", $"op-{i}")], CancellationToken.None))));

        Assert.Equal(100, (await Store.GetHeadAsync("a", CancellationToken.None))!.Sequence);
        using IAuditReader reader = OpenAuditReader();
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
    public async Task A_conflicting_change_set_commits_none_of_its_audit_records_and_leaves_no_hole()
    {
        ManagedObject key = TestObjects.Key();
        var insert = new ObjectChangeSet();
        insert.Inserts.Add(key);
        insert.AuditRecords.Add(AuditRecordFor("n", "Create"));
        await Store.CommitAsync(insert, CancellationToken.None);
        ManagedObject stale = key.Clone();
        stale.Version = 0;
        var conflicting = new ObjectChangeSet();
        conflicting.Updates.Add(stale);
        conflicting.AuditRecords.Add(AuditRecordFor("n", "Activate"));

        Task conflict = Store.CommitAsync(conflicting, CancellationToken.None);
        Task after = Store.AppendAsync([AuditRecordFor("n", "Get")], CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => conflict);
        await after;
        using IAuditReader reader = OpenAuditReader();
        Assert.Equal(["Create", "Get"], reader.ReadRecords("n", 1, null).Select(r => r.Operation));
        Assert.Equal([1L, 2L], reader.ReadRecords("n", 1, null).Select(r => r.Sequence));
    }

    [Fact]
    public async Task Audit_checkpoints_and_signing_keys_round_trip_and_a_duplicate_key_conflicts()
    {
        var key = new AuditSigningKeyRecord("k1", "n", DateTimeOffset.UnixEpoch.AddDays(1), [1, 2, 3], new SealedMaterial("dk", new byte[12], [9, 9]));
        await Store.SaveSigningKeyAsync(key, CancellationToken.None);
        var checkpoint = new AuditCheckpoint("n", 7, new byte[32], DateTimeOffset.UnixEpoch.AddDays(2), "k1", [5, 6]);
        await Store.SaveCheckpointAsync(checkpoint, CancellationToken.None);

        AuditSigningKeyRecord stored = (await Store.GetSigningKeyAsync("n", CancellationToken.None))!;
        AuditCheckpoint last = (await Store.GetLastCheckpointAsync("n", CancellationToken.None))!;

        Assert.Equal((key.KeyId, key.CreatedAt, key.SealedPrivateKey.DataKeyId), (stored.KeyId, stored.CreatedAt, stored.SealedPrivateKey.DataKeyId));
        Assert.Equal(key.PublicKey, stored.PublicKey);
        Assert.Equal(key.SealedPrivateKey.Ciphertext, stored.SealedPrivateKey.Ciphertext);
        Assert.Equal((checkpoint.Sequence, checkpoint.Time, checkpoint.KeyId), (last.Sequence, last.Time, last.KeyId));
        Assert.Equal(checkpoint.Signature, last.Signature);
        using IAuditReader reader = OpenAuditReader();
        Assert.Equal(key.PublicKey, Assert.Single(reader.ReadPublicKeys()).PublicKey);
        Assert.Equal(checkpoint.HeadHash, Assert.Single(reader.ReadCheckpoints("n")).HeadHash);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.SaveSigningKeyAsync(key, CancellationToken.None));
    }

    private static AuditRecord AuditRecordFor(string node, string operation) => new()
    {
        Time = DateTimeOffset.UnixEpoch.AddYears(56),
        NodeId = node,
        Source = AuditSource.KmipRequest,
        Operation = operation,
        Principal = "alice",
        ResultStatus = "Success",
    };
}
