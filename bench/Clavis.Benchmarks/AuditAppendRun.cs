using System.Diagnostics;
using System.Globalization;
using Clavis.Core.Audit;
using Clavis.Storage.Sqlite;

namespace Clavis.Benchmarks;

/// <summary>
/// What one audited use costs the store: callers each append one Encrypt-like record and wait for it to be
/// durable, as the request path does. Reports records/s, process CPU per record and the writer thread's CPU per
/// record (read from /proc, Linux only), which is the figure the writer's own changes move. With <c>no-spool</c> the
/// store commits the records to the database itself rather than through the audit spool.
/// </summary>
internal static class AuditAppendRun
{
    private const string WriterThreadName = "Clavis SQLite w"; // the kernel keeps 15 characters of "Clavis SQLite writer"

    public static async Task RunAsync(int callers, TimeSpan duration, bool spool)
    {
        Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {callers} callers, {duration.TotalSeconds} s, audit spool {(spool ? "on" : "off")}");
        string directory = Directory.CreateTempSubdirectory("clavis-bench-").FullName;
        try
        {
            await using SqliteObjectStore store = SqliteObjectStore.Open(new SqliteStoreOptions { Path = Path.Combine(directory, "store.db"), AuditSpool = spool });

            // Warm up: the writer thread exists, the statements are prepared, the chain head is known.
            await RunLoopsAsync(store, callers, TimeSpan.FromSeconds(1));
            TimeSpan writerBefore = ThreadCpu.Of(WriterThreadName);
            (long syscwBefore, long wcharBefore) = WriterWrites();
            TimeSpan processBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            long count = await RunLoopsAsync(store, callers, duration);
            double seconds = watch.Elapsed.TotalSeconds;
            double process = (Process.GetCurrentProcess().TotalProcessorTime - processBefore).TotalMicroseconds / count;
            double writer = (ThreadCpu.Of(WriterThreadName) - writerBefore).TotalMicroseconds / count;
            (long syscw, long wchar) = WriterWrites();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"records/s {count / seconds:F0}  process CPU µs/record {process:F1}  writer thread CPU µs/record {writer:F1}"
                + $"  writer writes/record {(double)(syscw - syscwBefore) / count:F2} ({(double)(wchar - wcharBefore) / count:F0} bytes)"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Task<long> RunLoopsAsync(SqliteObjectStore store, int callers, TimeSpan duration) =>
        RunCallersAsync(callers, duration, caller => store.AppendAsync([Record(caller)], CancellationToken.None));

    /// <summary>Runs <paramref name="callers"/> loops that each append and wait, for <paramref name="duration"/>; returns how many appends completed.</summary>
    internal static async Task<long> RunCallersAsync(int callers, TimeSpan duration, Func<int, Task> append)
    {
        long count = 0;
        var watch = Stopwatch.StartNew();
        Task[] loops = [.. Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            while (watch.Elapsed < duration)
            {
                await append(caller);
                Interlocked.Increment(ref count);
            }
        }))];
        await Task.WhenAll(loops);
        return count;
    }

    /// <summary>The Encrypt-shaped record every caller appends (shared with <c>audit-file-append</c>).</summary>
    internal static AuditRecord Record(int caller) => new()
    {
        NodeId = "node-1",
        Time = DateTimeOffset.UtcNow,
        Source = AuditSource.KmipRequest,
        Operation = "Encrypt",
        Principal = "CN=bench-client",
        CertificateFingerprint = "5f1c0b7e9a1d4c2e8b3f6a7d0e9c1b2a3f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c",
        ClientAddress = "127.0.0.1:" + (40000 + caller).ToString(CultureInfo.InvariantCulture),
        SessionId = caller,
        RequestId = Guid.NewGuid().ToString(),
        BatchItemIndex = 0,
        ObjectIds = ["0195b6f2-1a2b-7c3d-8e4f-0123456789ab"], // one key for every caller, as the load generator's crypto runs use
        ObjectCount = 1,
        ObjectType = "SymmetricKey",
        CryptographicAlgorithm = "AES",
        CryptographicLength = 256,
        ResultStatus = "Success",
        DataSize = 1024,
        PolicyDecision = "Allow",
        PolicyRule = "default",
        CredentialTypes = ["Certificate"],
        UsageCount = 1,
    };

    // The writer thread's write syscalls and bytes (/proc/self/task/TID/io): SQLite writes each WAL frame as two
    // pwrites (header, page), so this counts frames per record whatever the machine's load.
    private static (long Syscalls, long Bytes) WriterWrites()
    {
        string io = File.ReadAllText(Path.Combine(WriterTask(), "io"));
        long Field(string name) => long.Parse(
            io.Split('\n').First(line => line.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim(),
            CultureInfo.InvariantCulture);
        return (Field("syscw"), Field("wchar"));
    }

    private static string WriterTask() => ThreadCpu.Task(WriterThreadName);
}
