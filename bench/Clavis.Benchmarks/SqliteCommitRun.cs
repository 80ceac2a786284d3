using System.Diagnostics;
using System.Security.Cryptography;
using Clavis.Core.Barrier;
using Clavis.Core.Objects;
using Clavis.Core.Ports;
using Clavis.Kmip;
using Clavis.Kmip.Ttlv;
using Clavis.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Clavis.Benchmarks;

/// <summary>
/// Durable commits per second: raw SQLite (one INSERT per transaction) against SqliteObjectStore's group
/// commit with 1 and 16 concurrent callers. A timed run, not BenchmarkDotNet: each commit costs an fsync,
/// and the figure that matters is throughput under concurrency.
/// </summary>
internal static class SqliteCommitRun
{
    public static async Task RunAsync(TimeSpan duration)
    {
        Console.WriteLine($"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, {duration.TotalSeconds} s per case");
        double raw = Measure("raw SQLite, 1 row per transaction", duration, RawSqlite);
        double one = await MeasureStoreAsync("SqliteObjectStore.CommitAsync, 1 caller", 1, duration);
        double sixteen = await MeasureStoreAsync("SqliteObjectStore.CommitAsync, 16 callers", 16, duration);
        Console.WriteLine($"16 callers / raw = {sixteen / raw:F1}x; 1 caller / raw = {one / raw:F2}x");
    }

    private static double Measure(string name, TimeSpan duration, Func<TimeSpan, long> run)
    {
        var watch = Stopwatch.StartNew();
        long count = run(duration);
        double rate = count / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"{name}: {rate:F0} commits/s ({count} in {watch.Elapsed.TotalSeconds:F1} s)");
        return rate;
    }

    /// <summary>One INSERT per transaction on a fresh WAL, synchronous=FULL database for <paramref name="duration"/>; returns the commits.</summary>
    internal static long RawSqlite(TimeSpan duration)
    {
        string directory = Directory.CreateTempSubdirectory("clavis-bench-").FullName;
        try
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "raw.db")};Pooling=False");
            connection.Open();
            using (SqliteCommand setup = connection.CreateCommand())
            {
                setup.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE t (id TEXT PRIMARY KEY, body BLOB NOT NULL)";
                setup.ExecuteNonQuery();
            }

            using SqliteCommand insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO t (id, body) VALUES ($id, $body)";
            SqliteParameter id = insert.Parameters.Add("$id", SqliteType.Text);
            insert.Parameters.AddWithValue("$body", RandomNumberGenerator.GetBytes(300));
            long count = 0;
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < duration)
            {
                using SqliteTransaction transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
                id.Value = Guid.CreateVersion7().ToString();
                insert.ExecuteNonQuery();
                transaction.Commit();
                count++;
            }

            return count;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<double> MeasureStoreAsync(string name, int callers, TimeSpan duration)
    {
        string directory = Directory.CreateTempSubdirectory("clavis-bench-").FullName;
        try
        {
            long count = 0;
            var watch = Stopwatch.StartNew();
            await using (SqliteObjectStore store = SqliteObjectStore.Open(new SqliteStoreOptions { Path = Path.Combine(directory, "store.db") }))
            {
                watch.Restart();
                Task[] loops = [.. Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
                {
                    while (watch.Elapsed < duration)
                    {
                        var changes = new ObjectChangeSet();
                        changes.Inserts.Add(NewKey());
                        await store.CommitAsync(changes, CancellationToken.None);
                        Interlocked.Increment(ref count);
                    }
                }))];
                await Task.WhenAll(loops);
            }

            double rate = count / watch.Elapsed.TotalSeconds;
            Console.WriteLine($"{name}: {rate:F0} commits/s ({count} in {watch.Elapsed.TotalSeconds:F1} s)");
            return rate;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static ManagedObject NewKey()
    {
        var attributes = new AttributeSet();
        attributes.Add(Tag.Name, TtlvNode.Structure(
            Tag.Name,
            TtlvNode.TextString(Tag.NameValue, "bench"),
            TtlvNode.Enumeration(Tag.NameType, (uint)NameType.UninterpretedTextString)));
        attributes.SetEnumeration(Tag.CryptographicAlgorithm, (uint)CryptographicAlgorithm.AES);
        attributes.Set(Tag.CryptographicLength, TtlvNode.Integer(Tag.CryptographicLength, 256));
        return new ManagedObject(Guid.CreateVersion7().ToString(), ObjectType.SymmetricKey, State.Active, attributes)
        {
            Owner = "bench",
            Material = new SealedMaterial("dk-bench", RandomNumberGenerator.GetBytes(12), RandomNumberGenerator.GetBytes(48)),
        };
    }
}
