using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Clavis.Cli;
using Clavis.Core.Audit;
using Clavis.Core.Barrier;
using Clavis.Core.Objects;
using Clavis.Core.Ports;
using Clavis.Kmip;
using Clavis.Kmip.Ttlv;
using Clavis.Seals.KeyFile;
using Clavis.Storage.Sqlite;

namespace Clavis.LoadGenerator;

/// <summary>
/// How long <c>clavis inventory</c> takes on a large store: loads N scale-run keys (spread over owners,
/// a quarter with automatic rotation) and about one audit record per object (successful Gets, refused
/// Encrypts) straight into a fresh store, then runs the command end to end, tables and JSON.
/// </summary>
internal static class InventoryScaleRun
{
    private const int Owners = 50;
    private const int Runs = 3;

    public static async Task RunAsync(long objects, int chunk)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(objects, 1);
        string data = Directory.CreateTempSubdirectory("clavis-inventory-scale-").FullName;
        try
        {
            Console.WriteLine(Machine.Describe());
            var load = Stopwatch.StartNew();
            long records = await LoadAsync(data, objects, chunk);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loaded {objects:N0} objects and {records:N0} audit records in {load.Elapsed.TotalSeconds:F1} s"));
            foreach (string format in new[] { "table", "json" })
            {
                for (int run = 1; run <= Runs; run++)
                {
                    long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                    var watch = Stopwatch.StartNew();
                    var output = new StringWriter();
                    var error = new StringWriter();
                    string[] args = format == "json" ? ["inventory", "--data", data, "--json"] : ["inventory", "--data", data];
                    int code = ClavisCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
                    watch.Stop();
                    if (code != 0)
                    {
                        throw new InvalidOperationException($"clavis inventory failed ({code}): {error}");
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"inventory ({format}) run {run}: {watch.Elapsed.TotalSeconds:F2} s, {(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1048576.0:N0} MiB allocated, managed heap after {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:N0} MiB, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB"));
                }
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<long> LoadAsync(string data, long objects, int chunk)
    {
        using KeyFileSeal seal = KeyFileSeal.Open(new KeyFileSealOptions { Path = Path.Combine(data, "master.key") });
        await using SqliteObjectStore store = SqliteObjectStore.Open(new SqliteStoreOptions { Path = Path.Combine(data, "clavis.db") });
        using KeyMaterialBarrier barrier = await KeyMaterialBarrier.OpenAsync(seal, store, CancellationToken.None);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        long records = 0;
        for (long first = 0; first < objects; first += chunk)
        {
            var changes = new ObjectChangeSet();
            for (long i = first; i < Math.Min(objects, first + chunk); i++)
            {
                ManagedObject key = ScaleObjects.Create(i, barrier, now);
                key.Owner = string.Create(CultureInfo.InvariantCulture, $"owner-{i % Owners}");
                if (i % 4 == 0)
                {
                    key.Attributes.Set(Tag.RotateAutomatic, TtlvNode.Boolean(Tag.RotateAutomatic, true));
                    key.Attributes.Set(Tag.RotateInterval, TtlvNode.Interval(Tag.RotateInterval, (uint)TimeSpan.FromDays(i % 8 == 0 ? 10 : 365).TotalSeconds));
                }

                changes.Inserts.Add(key);
                if (i % 2 == 0)
                {
                    changes.AuditRecords.Add(Record(now, "Get", key.Id, "Success"));
                }

                if (i % 7 == 0)
                {
                    changes.AuditRecords.Add(Record(now, "Encrypt", key.Id, "OperationFailed"));
                }
            }

            records += changes.AuditRecords.Count;
            await store.CommitAsync(changes, CancellationToken.None);
        }

        return records;
    }

    private static AuditRecord Record(DateTimeOffset now, string operation, string objectId, string status) => new()
    {
        Time = now,
        NodeId = "node-1",
        Source = AuditSource.KmipRequest,
        Operation = operation,
        Principal = ScaleObjects.Owner,
        ObjectIds = [objectId],
        ObjectCount = 1,
        ResultStatus = status,
    };
}
