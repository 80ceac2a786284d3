using System.Security.Cryptography;
using System.Text;
using Clavis.Core.Barrier;
using Clavis.Core.Objects;
using Clavis.Core.Ports;
using Clavis.Kmip;
using Clavis.Kmip.Ttlv;
using Clavis.Storage.Conformance;
using Microsoft.Data.Sqlite;

namespace Clavis.Storage.Sqlite.Tests;

public sealed class SqliteObjectStoreTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Failing_database_fails_every_waiting_caller_with_StoreUnavailableException()
    {
        await using SqliteObjectStore store = Open();
        await InsertAsync(store, TestObjects.Key());
        Directory.Delete(_directory.Path, recursive: true);

        Task[] commits = [.. Enumerable.Range(0, 32).Select(_ => Task.Run(() => InsertAsync(store, TestObjects.Key())))];

        foreach (Task commit in commits)
        {
            var failure = await Assert.ThrowsAsync<StoreUnavailableException>(() => commit);
            Assert.NotNull(failure.InnerException);
        }
    }

    // FAIL keeps the writer's transaction open (the store must roll it back), ROLLBACK ends it inside SQLite (a second
    // ROLLBACK would be an error of its own), ABORT undoes the statement only.
    [Theory]
    [InlineData("FAIL")]
    [InlineData("ABORT")]
    [InlineData("ROLLBACK")]
    public async Task A_statement_failing_mid_batch_fails_its_callers_commits_nothing_of_it_and_the_next_batch_commits(string raise)
    {
        await using SqliteObjectStore store = Open();
        ManagedObject before = TestObjects.Key();
        await InsertAsync(store, before);
        using (SqliteConnection other = OpenRaw())
        {
            Scalar(other, $"CREATE TRIGGER poison BEFORE INSERT ON object_names WHEN NEW.value = 'poison' BEGIN SELECT RAISE({raise}, 'poisoned name'); END");
        }

        ManagedObject poisoned = TestObjects.Key(name: "poison");
        var failure = await Assert.ThrowsAsync<StoreUnavailableException>(() => InsertAsync(store, poisoned));
        // The statement's own error, not an aggregate: rolling back (or finding SQLite already had) did not fail.
        Assert.Contains("poisoned name", Assert.IsType<SqliteException>(failure.InnerException).Message, StringComparison.Ordinal);

        ManagedObject after = TestObjects.Key(name: "healthy");
        await InsertAsync(store, after);
        Assert.Null(await store.GetAsync(poisoned.Id, CancellationToken.None));
        Assert.NotNull(await store.GetAsync(after.Id, CancellationToken.None));
        Assert.Equal(2, await store.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_batch_that_cannot_take_the_write_lock_fails_its_callers_and_the_next_batch_commits()
    {
        await using SqliteObjectStore store = SqliteObjectStore.Open(new SqliteStoreOptions
        {
            Path = _directory.DatabasePath,
            BusyTimeout = TimeSpan.FromMilliseconds(200),
        });
        ManagedObject blocked = TestObjects.Key();
        using (SqliteConnection other = OpenRaw())
        {
            Scalar(other, "BEGIN IMMEDIATE");
            var failure = await Assert.ThrowsAsync<StoreUnavailableException>(() => InsertAsync(store, blocked));
            Assert.Contains("locked", Assert.IsType<SqliteException>(failure.InnerException).Message, StringComparison.OrdinalIgnoreCase);
            Scalar(other, "ROLLBACK");
        }

        ManagedObject after = TestObjects.Key();
        await InsertAsync(store, after);
        Assert.Null(await store.GetAsync(blocked.Id, CancellationToken.None));
        Assert.NotNull(await store.GetAsync(after.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Database_is_in_WAL_mode_with_the_current_schema_version()
    {
        await using (SqliteObjectStore store = Open())
        {
            await InsertAsync(store, TestObjects.Key());
        }

        using SqliteConnection connection = OpenRaw();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal(4L, Scalar(connection, "SELECT version FROM schema_version"));
        Assert.Equal(1L, Scalar(connection, "SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public async Task Database_written_by_a_newer_schema_is_refused()
    {
        await using (Open())
        {
        }

        using (SqliteConnection connection = OpenRaw())
        {
            Scalar(connection, "UPDATE schema_version SET version = 99");
        }

        var refused = Assert.Throws<StoreUnavailableException>(() => Open());
        Assert.Contains("99", refused.Message, StringComparison.Ordinal);
    }

    // STABLE FORMAT: if this fails, a released schema changed. Put the old statements back and add a
    // migration instead; only a new, unreleased migration may have its hash updated here.
    [Fact]
    public void Released_schema_statements_never_change()
    {
        string[] hashes = [.. SqliteSchema.Migrations.Select(m => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(m.ReplaceLineEndings("\n")))))];

        Assert.Equal(["7E5191AF6C44827CC81499DF320E50B8FA85D4E368B8FA972ABE90BAF24BD06A", "FFB28508CB37CEDE49733320E3C78D09ADDDE9DF27A6E6A714C2FA50BE0FB786", "06E3880934D8ECB6C6101E2D25CB1867FC3E5F4D6F592F5DB886875676DC74BB", "F9674FCBCADAA2E06344636CE44312745E6A7B200C4079D5788FB4B937BC9EAE"], hashes);
    }

    [Fact]
    public async Task Sealed_material_is_stored_exactly_as_given_and_nowhere_else()
    {
        byte[] marker = RandomNumberGenerator.GetBytes(32);
        byte[] ciphertext = [.. RandomNumberGenerator.GetBytes(8), .. marker, .. RandomNumberGenerator.GetBytes(24)];
        ManagedObject key = TestObjects.Key(name: "marked");
        key.Material = new SealedMaterial("dk-marked", RandomNumberGenerator.GetBytes(12), ciphertext);

        await using (SqliteObjectStore store = Open())
        {
            await InsertAsync(store, key);
            ManagedObject stored = (await store.GetAsync(key.Id, CancellationToken.None))!;
            Assert.Equal(ciphertext, stored.Material!.Ciphertext);
        }

        // Closing checkpoints the WAL into the database; every file left is searched.
        byte[][] files = [.. Directory.EnumerateFiles(_directory.Path).Select(File.ReadAllBytes)];
        Assert.Equal(1, files.Sum(f => Occurrences(f, ciphertext)));
        Assert.Equal(1, files.Sum(f => Occurrences(f, marker)));
    }

    [Fact]
    public async Task Dispose_commits_every_change_set_already_queued()
    {
        ManagedObject[] keys = [.. Enumerable.Range(0, 200).Select(_ => TestObjects.Key())];
        Task[] commits;
        await using (SqliteObjectStore store = Open())
        {
            commits = [.. keys.Select(k => InsertAsync(store, k))];
        }

        await Task.WhenAll(commits);
        await using SqliteObjectStore reopened = Open();
        Assert.Equal(keys.Length, await reopened.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Commit_after_dispose_is_refused()
    {
        SqliteObjectStore store = Open();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => InsertAsync(store, TestObjects.Key()));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Inserting_an_object_with_a_version_is_refused()
    {
        await using SqliteObjectStore store = Open();
        ManagedObject key = TestObjects.Key();
        key.Version = 3;

        await Assert.ThrowsAsync<ArgumentException>(() => InsertAsync(store, key));
        Assert.Equal(0, await store.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Reads_see_every_committed_attribute_change_and_never_share_a_working_copy()
    {
        // The store reuses decoded attribute sets and keeps hot objects; this pins that reuse is invisible: a
        // caller's edits stay its own, and a change committed through the store is seen by the next read.
        ManagedObject key = TestObjects.Key(name: "reused");
        await using SqliteObjectStore store = Open();
        await InsertAsync(store, key);

        ManagedObject first = (await store.GetAsync(key.Id, CancellationToken.None))!;
        int count = first.Attributes.Count;
        first.Attributes.Set(Tag.Comment, TtlvNode.TextString(Tag.Comment, "not committed"));
        ManagedObject second = (await store.GetAsync(key.Id, CancellationToken.None))!;
        Assert.NotSame(first, second);
        Assert.Equal(count, second.Attributes.Count);
        Assert.Null(second.Attributes.GetFirst(Tag.Comment));

        second.Attributes.Set(Tag.Comment, TtlvNode.TextString(Tag.Comment, "here"));
        Assert.Null((await store.GetAsync(key.Id, CancellationToken.None))!.Attributes.GetFirst(Tag.Comment));
        await UpdateAsync(store, second);
        ManagedObject third = (await store.GetAsync(key.Id, CancellationToken.None))!;
        Assert.Equal("here", third.Attributes.GetText(Tag.Comment));
        Assert.Equal(2, third.Version);
    }

    [Fact]
    public async Task Without_the_object_cache_reads_see_what_another_store_committed_to_the_same_database()
    {
        // A node is its database's only writer (it holds the data folder's lock), which is what lets the cache trust
        // its own writer. A store that shares its database with another writer must run without it.
        ManagedObject key = TestObjects.Key(name: "shared");
        await using SqliteObjectStore store = Open(objectCacheCapacity: 0);
        await InsertAsync(store, key);
        ManagedObject before = (await store.GetAsync(key.Id, CancellationToken.None))!;

        await using (SqliteObjectStore otherNode = Open(objectCacheCapacity: 0))
        {
            ManagedObject elsewhere = (await otherNode.GetAsync(key.Id, CancellationToken.None))!;
            elsewhere.Attributes.Set(Tag.Comment, TtlvNode.TextString(Tag.Comment, "elsewhere"));
            await UpdateAsync(otherNode, elsewhere);
        }

        ManagedObject after = (await store.GetAsync(key.Id, CancellationToken.None))!;
        Assert.Equal("elsewhere", after.Attributes.GetText(Tag.Comment));
        Assert.Equal(before.Version + 1, after.Version);
    }

    [Fact]
    public async Task A_hot_object_is_read_without_a_query_until_a_commit_through_the_store_changes_or_removes_it()
    {
        ManagedObject key = TestObjects.Key(name: "hot");
        await using SqliteObjectStore store = Open();
        await InsertAsync(store, key);
        ManagedObject read = (await store.GetAsync(key.Id, CancellationToken.None))!;

        // Damage the row behind the store's back: only a read that skips the database still succeeds.
        using (SqliteConnection connection = OpenRaw())
        {
            Scalar(connection, $"UPDATE objects SET attributes = x'00' WHERE id = '{key.Id}'");
        }

        ManagedObject cached = (await store.GetAsync(key.Id, CancellationToken.None))!;
        Assert.Equal(read.Attributes.Count, cached.Attributes.Count);
        Assert.Equal(read.Version, cached.Version);

        // A commit through the store drops the object: the next read queries and sees the committed row.
        cached.Attributes.Set(Tag.Comment, TtlvNode.TextString(Tag.Comment, "updated"));
        await UpdateAsync(store, cached);
        ManagedObject updated = (await store.GetAsync(key.Id, CancellationToken.None))!;
        Assert.Equal("updated", updated.Attributes.GetText(Tag.Comment));
        Assert.Equal(read.Version + 1, updated.Version);

        var delete = new ObjectChangeSet();
        delete.Deletes.Add(updated);
        await store.CommitAsync(delete, CancellationToken.None);
        Assert.Null(await store.GetAsync(key.Id, CancellationToken.None));
    }

    [Fact]
    public void A_read_that_started_before_a_commit_dropped_its_object_does_not_put_it_back()
    {
        var cache = new ObjectCache(capacity: 10);
        ManagedObject key = TestObjects.Key();

        long stamp = cache.Stamp(key.Id);
        cache.Invalidate([key.Id]);
        cache.Add(key, stamp);
        Assert.False(cache.TryGet(key.Id, out _));

        cache.Add(key, cache.Stamp(key.Id));
        Assert.True(cache.TryGet(key.Id, out ManagedObject? held));
        Assert.Same(key, held);
    }

    [Fact]
    public void Object_cache_holds_at_most_its_capacity_first_in_first_out_and_nothing_at_zero()
    {
        var cache = new ObjectCache(capacity: 2);
        ManagedObject[] keys = [TestObjects.Key(), TestObjects.Key(), TestObjects.Key()];
        foreach (ManagedObject key in keys)
        {
            cache.Add(key, cache.Stamp(key.Id));
        }

        Assert.Equal(2, cache.Count);
        Assert.False(cache.TryGet(keys[0].Id, out _));
        Assert.True(cache.TryGet(keys[2].Id, out _));

        var none = new ObjectCache(capacity: 0);
        none.Add(keys[0], none.Stamp(keys[0].Id));
        Assert.Equal(0, none.Count);
    }

    private static Task UpdateAsync(IObjectStore store, ManagedObject managedObject)
    {
        var changes = new ObjectChangeSet();
        changes.Updates.Add(managedObject);
        return store.CommitAsync(changes, CancellationToken.None);
    }

    private SqliteObjectStore Open(int objectCacheCapacity = 10_000) =>
        SqliteObjectStore.Open(new SqliteStoreOptions { Path = _directory.DatabasePath, ObjectCacheCapacity = objectCacheCapacity });

    private SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _directory.DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static Task InsertAsync(IObjectStore store, ManagedObject managedObject)
    {
        var changes = new ObjectChangeSet();
        changes.Inserts.Add(managedObject);
        return store.CommitAsync(changes, CancellationToken.None);
    }

    private static int Occurrences(byte[] haystack, byte[] needle)
    {
        int count = 0;
        for (int at = haystack.AsSpan().IndexOf(needle); at >= 0;)
        {
            count++;
            int next = haystack.AsSpan(at + 1).IndexOf(needle);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return count;
    }
}
