using Clavis.Core.Barrier;
using Clavis.Core.Objects;
using Clavis.Core.Ports;
using Clavis.Kmip;
using Clavis.Kmip.Ttlv;

namespace Clavis.Storage.Conformance;

/// <summary>
/// What every <see cref="IObjectStore"/> must do. A store's test project derives a class that says how
/// to open the store at one fresh location per test; every test here then runs against that store.
/// </summary>
public abstract partial class ObjectStoreConformanceTests : IAsyncLifetime
{
    private IObjectStore? _store;

    /// <summary>The store under test, open at this test's location.</summary>
    protected IObjectStore Store => _store ?? throw new InvalidOperationException("the store is not open");

    /// <summary>Opens the store at this test's location (the same location every time it is called).</summary>
    protected abstract Task<IObjectStore> OpenStoreAsync();

    /// <summary>Removes everything the store left at this test's location (the store is closed by then).</summary>
    protected abstract Task RemoveStoreDataAsync();

    /// <inheritdoc/>
    public async Task InitializeAsync() => _store = await OpenStoreAsync();

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        try
        {
            if (_store is not null)
            {
                await _store.DisposeAsync();
                _store = null;
            }
        }
        finally
        {
            await RemoveStoreDataAsync();
        }
    }

    /// <summary>Closes the store and opens it again at the same location.</summary>
    protected async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        _store = null;
        _store = await OpenStoreAsync();
    }

    /// <summary>Commits one change set.</summary>
    protected Task CommitAsync(Action<ObjectChangeSet> build)
    {
        var changes = new ObjectChangeSet();
        build(changes);
        return Store.CommitAsync(changes, CancellationToken.None);
    }

    /// <summary>Inserts objects in one change set.</summary>
    protected Task InsertAsync(params ManagedObject[] objects) => CommitAsync(c => c.Inserts.AddRange(objects));

    private Task<ManagedObject?> GetAsync(string id) => Store.GetAsync(id, CancellationToken.None);

    private Task<IReadOnlyList<string>> LocateAsync(ObjectQuery query) => Store.LocateAsync(query, CancellationToken.None);

    [Fact]
    public async Task Inserted_object_reads_back_with_every_field()
    {
        ManagedObject key = TestObjects.Key(name: "payroll", group: "finance", owner: "bob", state: State.PreActive);
        key.Attributes.SetDateTime(Tag.ActivationDate, DateTimeOffset.FromUnixTimeSeconds(1_900_000_000));
        key.Attributes.Add(AttributeKey.Vendor("x", "Department"), TtlvNode.TextString(Tag.AttributeValue, "HR"));

        await InsertAsync(key);

        Assert.Equal(1, key.Version);
        ManagedObject stored = Assert.IsType<ManagedObject>(await GetAsync(key.Id));
        Assert.Equal(key.Id, stored.Id);
        Assert.Equal(ObjectType.SymmetricKey, stored.ObjectType);
        Assert.Equal(State.PreActive, stored.State);
        Assert.Equal("bob", stored.Owner);
        Assert.Equal(1, stored.Version);
        Assert.Equal(AttributeSetCodec.Encode(key.Attributes), AttributeSetCodec.Encode(stored.Attributes));
        SealedMaterial material = Assert.IsType<SealedMaterial>(stored.Material);
        Assert.Equal(key.Material!.DataKeyId, material.DataKeyId);
        Assert.Equal(key.Material.Nonce, material.Nonce);
        Assert.Equal(key.Material.Ciphertext, material.Ciphertext);
    }

    [Fact]
    public async Task Object_without_material_reads_back_without_material()
    {
        ManagedObject key = TestObjects.Key();
        key.Material = null;

        await InsertAsync(key);

        ManagedObject stored = Assert.IsType<ManagedObject>(await GetAsync(key.Id));
        Assert.Null(stored.Material);
    }

    [Fact]
    public async Task Get_returns_null_for_an_unknown_id()
    {
        Assert.Null(await GetAsync(TestObjects.NewId()));
    }

    [Fact]
    public async Task Update_at_the_read_version_stores_the_change_and_increments_the_version()
    {
        ManagedObject key = TestObjects.Key(name: "before");
        await InsertAsync(key);
        ManagedObject read = (await GetAsync(key.Id))!;
        read.State = State.Deactivated;
        read.Owner = "carol";
        read.Attributes.Remove(Tag.Name);
        read.Attributes.Add(Tag.Name, TestObjects.NameNode("after"));
        read.Material = null;

        await CommitAsync(c => c.Updates.Add(read));

        Assert.Equal(2, read.Version);
        ManagedObject stored = (await GetAsync(key.Id))!;
        Assert.Equal(2, stored.Version);
        Assert.Equal(State.Deactivated, stored.State);
        Assert.Equal("carol", stored.Owner);
        Assert.Null(stored.Material);
        Assert.Equal(AttributeSetCodec.Encode(read.Attributes), AttributeSetCodec.Encode(stored.Attributes));
        Assert.Empty(await LocateAsync(new ObjectQuery { Name = "before" }));
        Assert.Equal([key.Id], await LocateAsync(new ObjectQuery { Name = "after" }));
    }

    [Fact]
    public async Task Update_at_a_stale_version_conflicts_and_changes_nothing()
    {
        ManagedObject key = TestObjects.Key(name: "first");
        await InsertAsync(key);
        ManagedObject winner = (await GetAsync(key.Id))!;
        ManagedObject loser = (await GetAsync(key.Id))!;
        winner.State = State.Deactivated;
        await CommitAsync(c => c.Updates.Add(winner));
        loser.State = State.Compromised;
        loser.Attributes.Add(Tag.Name, TestObjects.NameNode("loser"));

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => CommitAsync(c => c.Updates.Add(loser)));

        Assert.Equal(key.Id, conflict.ObjectId);
        Assert.Equal(1, loser.Version);
        ManagedObject stored = (await GetAsync(key.Id))!;
        Assert.Equal(2, stored.Version);
        Assert.Equal(State.Deactivated, stored.State);
        Assert.Empty(await LocateAsync(new ObjectQuery { Name = "loser" }));
    }

    [Fact]
    public async Task Update_of_a_missing_object_conflicts()
    {
        ManagedObject ghost = TestObjects.Key();
        ghost.Version = 1;

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => CommitAsync(c => c.Updates.Add(ghost)));

        Assert.Null(await GetAsync(ghost.Id));
    }

    [Fact]
    public async Task Inserting_an_existing_id_conflicts_and_keeps_the_first_object()
    {
        ManagedObject first = TestObjects.Key(owner: "alice");
        await InsertAsync(first);
        ManagedObject second = TestObjects.Key(owner: "mallory", id: first.Id);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => InsertAsync(second));

        Assert.Equal(0, second.Version);
        ManagedObject stored = (await GetAsync(first.Id))!;
        Assert.Equal("alice", stored.Owner);
        Assert.Equal(first.Material!.Ciphertext, stored.Material!.Ciphertext);
    }

    [Fact]
    public async Task Delete_removes_the_object_and_its_index_entries()
    {
        ManagedObject key = TestObjects.Key(name: "gone", group: "g-gone");
        ManagedObject other = TestObjects.Key(name: "kept");
        await InsertAsync(key, other);

        await CommitAsync(c => c.Deletes.Add(key));

        Assert.Null(await GetAsync(key.Id));
        Assert.NotNull(await GetAsync(other.Id));
        Assert.Empty(await LocateAsync(new ObjectQuery { Name = "gone" }));
        Assert.Empty(await LocateAsync(new ObjectQuery { ObjectGroup = "g-gone" }));
        Assert.Equal(1, await Store.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Delete_at_a_stale_version_conflicts_and_keeps_the_object()
    {
        ManagedObject key = TestObjects.Key();
        await InsertAsync(key);
        ManagedObject stale = (await GetAsync(key.Id))!;
        ManagedObject current = (await GetAsync(key.Id))!;
        await CommitAsync(c => c.Updates.Add(current));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => CommitAsync(c => c.Deletes.Add(stale)));

        Assert.Equal(2, (await GetAsync(key.Id))!.Version);
    }

    [Fact]
    public async Task Change_set_with_one_stale_update_commits_none_of_its_parts()
    {
        ManagedObject good = TestObjects.Key();
        ManagedObject contested = TestObjects.Key();
        ManagedObject doomed = TestObjects.Key();
        await InsertAsync(good, contested, doomed);
        ManagedObject staleContested = (await GetAsync(contested.Id))!;
        ManagedObject currentContested = (await GetAsync(contested.Id))!;
        await CommitAsync(c => c.Updates.Add(currentContested));
        ManagedObject goodRead = (await GetAsync(good.Id))!;
        goodRead.State = State.Deactivated;
        ManagedObject fresh = TestObjects.Key(name: "never");

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => CommitAsync(c =>
        {
            c.Inserts.Add(fresh);
            c.Updates.Add(goodRead);
            c.Updates.Add(staleContested);
            c.Deletes.Add(doomed);
        }));

        Assert.Null(await GetAsync(fresh.Id));
        Assert.Empty(await LocateAsync(new ObjectQuery { Name = "never" }));
        ManagedObject goodStored = (await GetAsync(good.Id))!;
        Assert.Equal(1, goodStored.Version);
        Assert.Equal(State.Active, goodStored.State);
        Assert.NotNull(await GetAsync(doomed.Id));
        Assert.Equal(0, fresh.Version);
        Assert.Equal(1, goodRead.Version);
    }

    [Fact]
    public async Task Conflicting_change_sets_fail_alone_among_concurrent_commits()
    {
        ManagedObject existing = TestObjects.Key();
        await InsertAsync(existing);
        var fresh = new List<ManagedObject>();
        var commits = new List<Task>();
        var duplicates = new List<Task>();
        for (int i = 0; i < 64; i++)
        {
            ManagedObject key = TestObjects.Key();
            fresh.Add(key);
            commits.Add(Task.Run(() => InsertAsync(key)));
            duplicates.Add(Task.Run(() => InsertAsync(TestObjects.Key(id: existing.Id))));
        }

        await Task.WhenAll(commits);
        foreach (Task duplicate in duplicates)
        {
            await Assert.ThrowsAsync<ConcurrencyConflictException>(() => duplicate);
        }

        foreach (ManagedObject key in fresh)
        {
            Assert.Equal(1, (await GetAsync(key.Id))!.Version);
        }

        Assert.Equal(65, await Store.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Many_concurrent_committers_all_commit_with_the_right_versions()
    {
        const int Committers = 16;
        const int ChangeSetsEach = 200;
        var counters = new ManagedObject[Committers];
        var inserted = new List<string>[Committers];
        var tasks = new Task[Committers];
        for (int t = 0; t < Committers; t++)
        {
            int committer = t;
            counters[committer] = TestObjects.Key(name: "counter-" + committer);
            inserted[committer] = [];
            tasks[committer] = Task.Run(async () =>
            {
                await InsertAsync(counters[committer]);
                for (int i = 0; i < ChangeSetsEach; i++)
                {
                    ManagedObject key = TestObjects.Key(group: "committer-" + committer);
                    await CommitAsync(c =>
                    {
                        c.Inserts.Add(key);
                        c.Updates.Add(counters[committer]);
                    });
                    inserted[committer].Add(key.Id);
                }
            });
        }

        await Task.WhenAll(tasks);

        Assert.Equal(Committers * (ChangeSetsEach + 1), await Store.CountAsync(CancellationToken.None));
        for (int t = 0; t < Committers; t++)
        {
            Assert.Equal(ChangeSetsEach + 1, counters[t].Version);
            Assert.Equal(ChangeSetsEach + 1, (await GetAsync(counters[t].Id))!.Version);
            Assert.Equal(inserted[t].Order(StringComparer.Ordinal), await LocateAsync(new ObjectQuery { ObjectGroup = "committer-" + t }));
        }
    }

    [Fact]
    public async Task Locate_answers_each_condition_and_their_combinations()
    {
        ManagedObject aes = TestObjects.Key(name: "n-aes", group: "g1", length: 128, owner: "alice", state: State.Active);
        ManagedObject aes256 = TestObjects.Key(name: "n-aes256", group: "g1", length: 256, owner: "bob", state: State.PreActive);
        ManagedObject rsa = TestObjects.Key(name: "n-rsa", group: "g2", algorithm: CryptographicAlgorithm.RSA, length: 2048, owner: "alice", state: State.Deactivated);
        var secret = new ManagedObject(TestObjects.NewId(), ObjectType.SecretData, State.Active, new AttributeSet()) { Owner = "bob" };
        secret.Attributes.Add(Tag.Name, TestObjects.NameNode("n-aes"));
        await InsertAsync(aes, aes256, rsa, secret);
        string[] all = [aes.Id, aes256.Id, rsa.Id, secret.Id];

        Assert.Equal(all, await LocateAsync(new ObjectQuery()));
        Assert.Equal([aes.Id, aes256.Id, rsa.Id], await LocateAsync(new ObjectQuery { ObjectType = ObjectType.SymmetricKey }));
        Assert.Equal([secret.Id], await LocateAsync(new ObjectQuery { ObjectType = ObjectType.SecretData }));
        Assert.Equal([aes.Id, secret.Id], await LocateAsync(new ObjectQuery { States = [State.Active] }));
        Assert.Equal([aes256.Id, rsa.Id], await LocateAsync(new ObjectQuery { States = [State.PreActive, State.Deactivated] }));
        Assert.Empty(await LocateAsync(new ObjectQuery { States = [] }));
        Assert.Equal([aes.Id, secret.Id], await LocateAsync(new ObjectQuery { Name = "n-aes" }));
        Assert.Empty(await LocateAsync(new ObjectQuery { Name = "N-AES" }));
        Assert.Equal([aes.Id, aes256.Id], await LocateAsync(new ObjectQuery { ObjectGroup = "g1" }));
        Assert.Equal([rsa.Id], await LocateAsync(new ObjectQuery { CryptographicAlgorithm = (uint)CryptographicAlgorithm.RSA }));
        Assert.Equal([aes256.Id], await LocateAsync(new ObjectQuery { CryptographicLength = 256 }));
        Assert.Equal([aes.Id, rsa.Id], await LocateAsync(new ObjectQuery { Owner = "alice" }));
        Assert.Equal([aes.Id], await LocateAsync(new ObjectQuery { Name = "n-aes", ObjectType = ObjectType.SymmetricKey }));
        Assert.Equal([aes.Id], await LocateAsync(new ObjectQuery { ObjectGroup = "g1", Owner = "alice" }));
        Assert.Equal([aes.Id], await LocateAsync(new ObjectQuery
        {
            ObjectType = ObjectType.SymmetricKey,
            States = [State.Active],
            Name = "n-aes",
            ObjectGroup = "g1",
            CryptographicAlgorithm = (uint)CryptographicAlgorithm.AES,
            CryptographicLength = 128,
            Owner = "alice",
        }));
        Assert.Empty(await LocateAsync(new ObjectQuery { ObjectGroup = "g1", CryptographicAlgorithm = (uint)CryptographicAlgorithm.RSA }));
        Assert.Empty(await LocateAsync(new ObjectQuery { Name = "n-rsa", States = [State.Active] }));
    }

    [Fact]
    public async Task Locate_pages_in_creation_order_with_AfterId_and_Limit()
    {
        var ids = new List<string>();
        for (int i = 0; i < 25; i++)
        {
            ManagedObject key = TestObjects.Key(group: "paged");
            ids.Add(key.Id);
            await InsertAsync(key);
        }

        await InsertAsync(TestObjects.Key(group: "other"));
        var pages = new List<IReadOnlyList<string>>();
        string? after = null;
        while (true)
        {
            IReadOnlyList<string> page = await LocateAsync(new ObjectQuery { ObjectGroup = "paged", AfterId = after, Limit = 10 });
            if (page.Count == 0)
            {
                break;
            }

            pages.Add(page);
            after = page[^1];
        }

        Assert.Equal([10, 10, 5], pages.Select(p => p.Count));
        Assert.Equal(ids, pages.SelectMany(p => p));
        Assert.Empty(await LocateAsync(new ObjectQuery { Limit = 0 }));
    }

    [Fact]
    public async Task Due_transitions_are_the_objects_whose_next_transition_has_passed()
    {
        DateTimeOffset now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        ManagedObject activatesSoon = TestObjects.Key(state: State.PreActive);
        activatesSoon.Attributes.SetDateTime(Tag.ActivationDate, now.AddSeconds(-10));
        ManagedObject activatesLater = TestObjects.Key(state: State.PreActive);
        activatesLater.Attributes.SetDateTime(Tag.ActivationDate, now.AddDays(1));
        ManagedObject deactivates = TestObjects.Key(state: State.Active);
        deactivates.Attributes.SetDateTime(Tag.DeactivationDate, now);
        ManagedObject alreadyDeactivated = TestObjects.Key(state: State.Deactivated);
        alreadyDeactivated.Attributes.SetDateTime(Tag.DeactivationDate, now.AddDays(-1));
        ManagedObject noDates = TestObjects.Key(state: State.Active);
        await InsertAsync(activatesSoon, activatesLater, deactivates, alreadyDeactivated, noDates);

        IReadOnlyList<string> due = await Store.FindDueTransitionsAsync(now, 100, CancellationToken.None);

        Assert.Equal([activatesSoon.Id, deactivates.Id], due.Order(StringComparer.Ordinal));
        Assert.Single(await Store.FindDueTransitionsAsync(now, 1, CancellationToken.None));
        Assert.Empty(await Store.FindDueTransitionsAsync(now.AddSeconds(-11), 100, CancellationToken.None));

        ManagedObject activated = (await GetAsync(activatesSoon.Id))!;
        activated.State = State.Active;
        await CommitAsync(c => c.Updates.Add(activated));
        Assert.Equal([deactivates.Id], await Store.FindDueTransitionsAsync(now, 100, CancellationToken.None));
    }

    [Fact]
    public async Task Data_keys_are_saved_loaded_oldest_first_and_replaced()
    {
        DateTimeOffset start = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000).AddTicks(1234560);
        var older = new DataKeyRecord("dk-b", start, new WrappedDataKey("mk-1", [1, 2, 3]));
        var newer = new DataKeyRecord("dk-a", start.AddMinutes(1), new WrappedDataKey("mk-1", [4, 5, 6]));
        Assert.Empty(await Store.LoadDataKeysAsync(CancellationToken.None));

        await Store.SaveDataKeysAsync([newer], CancellationToken.None);
        await Store.SaveDataKeysAsync([older], CancellationToken.None);
        IReadOnlyList<DataKeyRecord> loaded = await Store.LoadDataKeysAsync(CancellationToken.None);

        AssertDataKeys([older, newer], loaded);

        var rewrapped = new[]
        {
            older with { Wrapped = new WrappedDataKey("mk-2", [7, 8]) },
            newer with { Wrapped = new WrappedDataKey("mk-2", [9]) },
        };
        await Store.SaveDataKeysAsync(rewrapped, CancellationToken.None);
        AssertDataKeys(rewrapped, await Store.LoadDataKeysAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Reopening_the_store_finds_everything()
    {
        ManagedObject key = TestObjects.Key(name: "durable", group: "g-durable");
        ManagedObject updated = TestObjects.Key();
        ManagedObject deleted = TestObjects.Key();
        await InsertAsync(key, updated, deleted);
        ManagedObject read = (await GetAsync(updated.Id))!;
        read.State = State.Compromised;
        await CommitAsync(c =>
        {
            c.Updates.Add(read);
            c.Deletes.Add(deleted);
        });
        var dataKey = new DataKeyRecord("dk-durable", DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), new WrappedDataKey("mk", [42]));
        await Store.SaveDataKeysAsync([dataKey], CancellationToken.None);

        await ReopenAsync();

        ManagedObject stored = (await GetAsync(key.Id))!;
        Assert.Equal(AttributeSetCodec.Encode(key.Attributes), AttributeSetCodec.Encode(stored.Attributes));
        Assert.Equal(key.Material!.Ciphertext, stored.Material!.Ciphertext);
        Assert.Equal(2, (await GetAsync(updated.Id))!.Version);
        Assert.Equal(State.Compromised, (await GetAsync(updated.Id))!.State);
        Assert.Null(await GetAsync(deleted.Id));
        Assert.Equal([key.Id], await LocateAsync(new ObjectQuery { Name = "durable", ObjectGroup = "g-durable" }));
        Assert.Equal(2, await Store.CountAsync(CancellationToken.None));
        AssertDataKeys([dataKey], await Store.LoadDataKeysAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Commit_cancelled_before_it_starts_commits_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var changes = new ObjectChangeSet();
        ManagedObject key = TestObjects.Key();
        changes.Inserts.Add(key);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.CommitAsync(changes, cancelled.Token));

        Assert.Null(await GetAsync(key.Id));
        Assert.Equal(0, key.Version);
    }

    private static void AssertDataKeys(IReadOnlyList<DataKeyRecord> expected, IReadOnlyList<DataKeyRecord> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Id, actual[i].Id);
            Assert.Equal(expected[i].CreatedAt, actual[i].CreatedAt);
            Assert.Equal(expected[i].Wrapped.MasterKeyId, actual[i].Wrapped.MasterKeyId);
            Assert.Equal(expected[i].Wrapped.Wrapped, actual[i].Wrapped.Wrapped);
        }
    }
}
