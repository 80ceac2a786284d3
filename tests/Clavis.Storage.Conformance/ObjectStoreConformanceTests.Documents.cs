using Clavis.Core.Ports;

namespace Clavis.Storage.Conformance;

/// <summary>Configuration documents and policy counters: versioned, conditional, atomic with the rest of a change set.</summary>
public abstract partial class ObjectStoreConformanceTests
{
    private static readonly DateTimeOffset DocumentTime = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Documents_keep_every_version_and_list_the_newest_of_each()
    {
        await CommitAsync(c => c.Documents.Add(new DocumentChange("policy", "payments", 0, "{\"v\":1}", "alice", DocumentTime)));
        await CommitAsync(c => c.Documents.Add(new DocumentChange("policy", "payments", 1, "{\"v\":2}", "bob", DocumentTime.AddMinutes(1))));
        await CommitAsync(c => c.Documents.Add(new DocumentChange("policy", "archive", 0, "{\"a\":1}", "alice", DocumentTime)));
        await CommitAsync(c => c.Documents.Add(new DocumentChange("principal", "payments", 0, "{}", "alice", DocumentTime)));

        IReadOnlyList<StoredDocument> listed = await Store.ListDocumentsAsync("policy", CancellationToken.None);
        Assert.Equal(["archive", "payments"], listed.Select(d => d.Name));
        StoredDocument payments = listed[1];
        Assert.Equal((2, "{\"v\":2}", "bob", false), (payments.Version, payments.Body, payments.ChangedBy, payments.IsDeleted));
        Assert.Equal(DocumentTime.AddMinutes(1), payments.ChangedAt);

        StoredDocument? first = await Store.GetDocumentAsync("policy", "payments", 1, CancellationToken.None);
        Assert.Equal("{\"v\":1}", first?.Body);
        Assert.Null(await Store.GetDocumentAsync("policy", "payments", 3, CancellationToken.None));
        Assert.Null(await Store.GetDocumentAsync("policy", "nothing", null, CancellationToken.None));

        IReadOnlyList<StoredDocument> versions = await Store.ListDocumentVersionsAsync("policy", "payments", CancellationToken.None);
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.All(versions, v => Assert.Null(v.Body));
    }

    [Fact]
    public async Task A_document_written_from_a_stale_version_conflicts_and_the_whole_change_set_is_dropped()
    {
        await CommitAsync(c => c.Documents.Add(new DocumentChange("policy", "p", 0, "{\"v\":1}", "alice", DocumentTime)));
        Clavis.Core.Objects.ManagedObject key = TestObjects.Key();

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => CommitAsync(c =>
        {
            c.Inserts.Add(key);
            c.Documents.Add(new DocumentChange("policy", "p", 0, "{\"v\":\"lost\"}", "bob", DocumentTime));
        }));

        Assert.Null(await Store.GetAsync(key.Id, CancellationToken.None));
        Assert.Equal("{\"v\":1}", (await Store.GetDocumentAsync("policy", "p", null, CancellationToken.None))?.Body);
    }

    [Fact]
    public async Task A_deleted_document_leaves_its_history_and_can_be_written_again()
    {
        await CommitAsync(c => c.Documents.Add(new DocumentChange("policy", "p", 0, "{}", "alice", DocumentTime)));
        long before = await Store.GetDocumentsRevisionAsync(CancellationToken.None);
        await CommitAsync(c => c.Documents.Add(new DocumentChange("policy", "p", 1, null, "alice", DocumentTime)));
        Assert.True(await Store.GetDocumentsRevisionAsync(CancellationToken.None) > before);

        Assert.Empty(await Store.ListDocumentsAsync("policy", CancellationToken.None));
        StoredDocument? newest = await Store.GetDocumentAsync("policy", "p", null, CancellationToken.None);
        Assert.True(newest is { Version: 2, IsDeleted: true, Body: null });

        await CommitAsync(c => c.Documents.Add(new DocumentChange("policy", "p", 2, "{\"again\":true}", "bob", DocumentTime)));
        IReadOnlyList<StoredDocument> versions = await Store.ListDocumentVersionsAsync("policy", "p", CancellationToken.None);
        Assert.Equal([(1, false), (2, true), (3, false)], versions.Select(v => (v.Version, v.IsDeleted)));
    }

    [Fact]
    public async Task Counters_start_at_zero_and_move_only_from_the_value_read()
    {
        IReadOnlyDictionary<string, long> fresh = await Store.GetCountersAsync(["a", "b"], CancellationToken.None);
        Assert.Equal(0, fresh["a"]);
        Assert.Equal(0, fresh["b"]);

        await CommitAsync(c => c.Counters.Add(new CounterChange("a", 0, 1)));
        await CommitAsync(c => c.Counters.Add(new CounterChange("a", 1, 2)));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => CommitAsync(c => c.Counters.Add(new CounterChange("a", 1, 2))));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => CommitAsync(c => c.Counters.Add(new CounterChange("a", 0, 1))));

        await ReopenAsync();
        Assert.Equal(2, (await Store.GetCountersAsync(["a"], CancellationToken.None))["a"]);
    }

    [Fact]
    public async Task A_counter_conflict_drops_the_objects_and_records_of_its_change_set()
    {
        await CommitAsync(c => c.Counters.Add(new CounterChange("uses", 0, 3)));
        Clavis.Core.Objects.ManagedObject key = TestObjects.Key();

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => CommitAsync(c =>
        {
            c.Inserts.Add(key);
            c.Counters.Add(new CounterChange("uses", 2, 3));
        }));

        Assert.Null(await Store.GetAsync(key.Id, CancellationToken.None));
        Assert.Equal(3, (await Store.GetCountersAsync(["uses"], CancellationToken.None))["uses"]);
    }
}
