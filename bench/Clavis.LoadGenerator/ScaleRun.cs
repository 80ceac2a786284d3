using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Clavis.Core.Barrier;
using Clavis.Core.Objects;
using Clavis.Core.Ports;
using Clavis.Kmip;
using Clavis.Seals.KeyFile;
using Clavis.Server.Tls;
using Clavis.Storage.Sqlite;

namespace Clavis.LoadGenerator;

/// <summary>
/// Loads N objects straight into a node's SQLite store, then starts the node on it and measures what a
/// large inventory changes: startup time (against the same node empty), Locate-by-name and Get latency
/// over mutual TLS, the server's memory, and the database size.
/// </summary>
internal static class ScaleRun
{
    private const int SampleSize = 4096;
    private const int CommitsInFlight = 2;
    private const int Starts = 3;

    public static async Task RunAsync(long objects, int chunk, TimeSpan duration, ProtocolVersion version)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(objects, 1);
        string root = Directory.CreateTempSubdirectory("clavis-scale-").FullName;
        try
        {
            Console.WriteLine(Machine.Describe());
            string data = Path.Combine(root, "clavis");
            var report = new StringBuilder();
            report.AppendLine("| measure | value |");
            report.AppendLine("| --- | --- |");

            // The first start creates TLS material, key file, database and data key; the second is the empty-store baseline.
            await (await ServerProcess.StartAsync("clavis", data)).DisposeAsync();
            (double emptyStartup, TimeSpan emptyProcess, ServerStats emptyStats, string emptyAll) = await StartupAsync(data);

            (TimeSpan loadTime, string[] sampleIds) = await LoadAsync(data, objects, chunk);
            double rate = objects / loadTime.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loaded {objects:N0} objects in {loadTime.TotalSeconds:F1} s ({rate:N0}/s)"));
            Add(report, $"objects loaded (change sets of {chunk:N0} through SqliteObjectStore.CommitAsync)", $"{objects:N0} in {loadTime.TotalSeconds:F1} s ({rate:N0} objects/s)");
            Add(report, "database size (clavis.db + WAL)", $"{DatabaseBytes(data) / 1048576.0:N0} MiB ({DatabaseBytes(data) / (double)objects:N0} B/object)");

            (double loadedStartup, TimeSpan loadedProcess, ServerStats loadedStats, string loadedAll) = await StartupAsync(data);
            Add(report, $"server startup, empty store, median of {Starts} (ClavisHost.StartAsync / process start to ready)", $"{emptyStartup:N0} ms / {emptyProcess.TotalMilliseconds:N0} ms (each: {emptyAll} ms)");
            Add(report, $"server startup, {objects:N0} objects, median of {Starts} (ClavisHost.StartAsync / process start to ready)", $"{loadedStartup:N0} ms / {loadedProcess.TotalMilliseconds:N0} ms (each: {loadedAll} ms)");
            await using ServerProcess server = await ServerProcess.StartAsync("clavis", data);
            ServerStats started = await server.StatsAsync();
            Add(report, "server memory after startup, empty store (working set / GC heap)", Memory(emptyStats));
            Add(report, $"server memory after startup, {objects:N0} objects (working set / GC heap)", Memory(loadedStats));
            Add(report, $"server memory after startup, {objects:N0} objects, the measured server (working set / GC heap)", Memory(started));

            using ClientCredentials credentials = ClientCredentials.FromTlsFolder(new IPEndPoint(IPAddress.Loopback, server.Port), new TlsMaterialFiles(data));
            byte[][] gets = [.. sampleIds.Select(id => KmipRequests.Message(version, 1, () => KmipRequests.Get(id)))];
            byte[][] locates = [.. Enumerable.Range(0, SampleSize).Select(_ => KmipRequests.Message(version, 1, () => KmipRequests.LocateByName(ScaleObjects.NameOf(Random.Shared.NextInt64(objects)))))];
            foreach ((string name, byte[][] messages) in new[] { ("Get (random key)", gets), ("Locate by name (random name)", locates) })
            {
                foreach (int connections in new[] { 1, 16 })
                {
                    LoadResult result = await LoadRun.RunAsync(
                        credentials,
                        new LoadRunOptions { Name = name, Messages = messages, Connections = connections, Duration = duration },
                        server,
                        CancellationToken.None);
                    Console.WriteLine(result.Describe());
                    Add(report, $"{name}, {connections} connection(s): p50 / p99 latency, throughput",
                        $"{result.P50Microseconds:N0} µs / {result.P99Microseconds:N0} µs, {result.OpsPerSecond:N0} ops/s" + (result.Succeeded ? "" : $" — {result.FailedItems} FAILED ({result.FirstFailure})"));
                }
            }

            Add(report, "server memory after the measurements (working set / GC heap)", Memory(await server.StatsAsync()));
            Console.WriteLine();
            Console.WriteLine(report.ToString());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    // Straight into the node's own store, through its own seal and barrier, so the server can open every object.
    private static async Task<(TimeSpan Elapsed, string[] SampleIds)> LoadAsync(string data, long objects, int chunk)
    {
        var sample = new string[SampleSize];
        var watch = Stopwatch.StartNew();
        using KeyFileSeal seal = KeyFileSeal.Open(new KeyFileSealOptions { Path = Path.Combine(data, "master.key") });
        await using (SqliteObjectStore store = SqliteObjectStore.Open(new SqliteStoreOptions { Path = Path.Combine(data, "clavis.db") }))
        {
            using KeyMaterialBarrier barrier = await KeyMaterialBarrier.OpenAsync(seal, store, CancellationToken.None);
            var inFlight = new Queue<Task>();
            DateTimeOffset now = DateTimeOffset.UtcNow;
            long reported = 0;
            for (long first = 0; first < objects; first += chunk)
            {
                var changes = new ObjectChangeSet();
                for (long i = first; i < Math.Min(objects, first + chunk); i++)
                {
                    ManagedObject created = ScaleObjects.Create(i, barrier, now);
                    // Reservoir sample of identifiers for the Get measurement.
                    long slot = i < SampleSize ? i : Random.Shared.NextInt64(i + 1);
                    if (slot < SampleSize)
                    {
                        sample[slot] = created.Id;
                    }

                    changes.Inserts.Add(created);
                }

                inFlight.Enqueue(store.CommitAsync(changes, CancellationToken.None));
                if (inFlight.Count >= CommitsInFlight)
                {
                    await inFlight.Dequeue();
                }

                if (first - reported >= 100_000)
                {
                    reported = first;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {first:N0} objects, {watch.Elapsed.TotalSeconds:F0} s"));
                }
            }

            while (inFlight.Count > 0)
            {
                await inFlight.Dequeue();
            }
        }

        watch.Stop();
        return (watch.Elapsed, objects < SampleSize ? sample[..(int)objects] : sample);
    }

    // Starts and stops the node a few times on the same folder: the machine is noisy, one start proves little.
    private static async Task<(double Startup, TimeSpan ProcessToReady, ServerStats Stats, string All)> StartupAsync(string data)
    {
        var startups = new List<double>();
        var processes = new List<TimeSpan>();
        ServerStats? stats = null;
        for (int i = 0; i < Starts; i++)
        {
            await using ServerProcess server = await ServerProcess.StartAsync("clavis", data);
            startups.Add(server.StartupMilliseconds);
            processes.Add(server.ProcessToReady);
            stats ??= await server.StatsAsync();
        }

        string all = string.Join(", ", startups.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)));
        startups.Sort();
        processes.Sort();
        return (startups[Starts / 2], processes[Starts / 2], stats!, all);
    }

    private static long DatabaseBytes(string data) =>
        new[] { "clavis.db", "clavis.db-wal" }.Select(f => Path.Combine(data, f)).Where(File.Exists).Sum(f => new FileInfo(f).Length);

    private static string Memory(ServerStats stats) =>
        string.Create(CultureInfo.InvariantCulture, $"{stats.WorkingSet / 1048576.0:N0} MiB / {stats.GcHeap / 1048576.0:N1} MiB");

    private static void Add(StringBuilder report, string measure, string value) => report.AppendLine($"| {measure} | {value} |");
}
