using System.Diagnostics;
using Clavis.Audit;
using Clavis.Core.Audit;
using Clavis.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Clavis.Benchmarks;

/// <summary>
/// <c>clavis audit verify</c>'s speed: writes a journal of N records through <see cref="SqliteObjectStore"/>
/// (change sets of 1,000 records, so the chain is built by the real writer), then times
/// <see cref="AuditVerifier"/> over it with a fresh read-only reader. Reports records/s for both.
/// </summary>
internal static class AuditVerifyRun
{
    public static async Task RunAsync(int records)
    {
        string directory = Directory.CreateTempSubdirectory("clavis-audit-bench-").FullName;
        try
        {
            string path = Path.Combine(directory, "clavis.db");
            var write = Stopwatch.StartNew();
            await using (SqliteObjectStore store = SqliteObjectStore.Open(new SqliteStoreOptions { Path = path }))
            {
                const int chunk = 1000;
                var inFlight = new List<Task>();
                for (int start = 0; start < records; start += chunk)
                {
                    AuditRecord[] batch = [.. Enumerable.Range(start, Math.Min(chunk, records - start)).Select(Record)];
                    inFlight.Add(store.AppendAsync(batch, CancellationToken.None));
                    if (inFlight.Count == 2)
                    {
                        await inFlight[0];
                        inFlight.RemoveAt(0);
                    }
                }

                await Task.WhenAll(inFlight);
            }

            write.Stop();
            long bytes = new FileInfo(path).Length;
            Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
            Console.WriteLine($"wrote {records:N0} records in {write.Elapsed.TotalSeconds:F1} s ({records / write.Elapsed.TotalSeconds:F0} records/s in change sets of 1,000), database {bytes / 1048576.0:F0} MiB ({bytes / (double)records:F0} B/record)");
            for (int run = 1; run <= 2; run++)
            {
                TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var verify = Stopwatch.StartNew();
                using SqliteAuditReader reader = SqliteAuditReader.Open(path);
                AuditVerification result = AuditVerifier.Verify(reader, new AuditVerifierOptions());
                verify.Stop();
                double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                // CPU time beside wall time: on a shared machine the wall figure says more about the neighbours.
                Console.WriteLine($"verify run {run}: {(result.IsIntact ? "intact" : "BROKEN")}, {result.RecordsChecked:N0} records in {verify.Elapsed.TotalSeconds:F2} s = {result.RecordsChecked / verify.Elapsed.TotalSeconds:F0} records/s wall; {cpuSeconds:F2} s CPU = {result.RecordsChecked / cpuSeconds:F0} records per CPU-second");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    // Shaped like a Get's record: identity, address, session, request, one object and its attributes.
    internal static AuditRecord Record(int i) => new()
    {
        Time = DateTimeOffset.UnixEpoch.AddYears(56).AddMilliseconds(i),
        NodeId = "node-1",
        Source = AuditSource.KmipRequest,
        Operation = "Get",
        Principal = $"application-{i % 50}",
        CertificateFingerprint = "3F8A6C0E51D2B7A94C1E0F6D2A8B5C7E9D1F3A5B7C9E1D3F5A7B9C1D3E5F7A9B",
        ClientAddress = "10.1.2.3:51234",
        SessionId = i / 100,
        RequestId = Guid.CreateVersion7().ToString("N"),
        BatchItemIndex = 0,
        ObjectIds = [Guid.CreateVersion7().ToString()],
        ObjectCount = 1,
        ObjectType = "SymmetricKey",
        CryptographicAlgorithm = "AES",
        CryptographicLength = 256,
        CryptographicUsageMask = 12,
        State = "Active",
        ResultStatus = "Success",
    };
}
