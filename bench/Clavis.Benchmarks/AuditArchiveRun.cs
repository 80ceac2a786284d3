using System.Diagnostics;
using System.Security.Cryptography;
using Clavis.Audit;
using Clavis.Core.Audit;
using Clavis.Core.Barrier;
using Clavis.Core.Ports;
using Clavis.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Clavis.Benchmarks;

/// <summary>
/// Retention's speed: writes a journal of N records through <see cref="SqliteObjectStore"/>, signs its head, then
/// archives all of it step by step as <see cref="AuditArchiver.ArchiveAsync"/> does, timing each step: the file
/// (written, read back and verified), the anchor, the removal in steps of <see cref="AuditArchiver.RemovalStep"/>,
/// and a second verification of the file alone.
/// </summary>
internal static class AuditArchiveRun
{
    private const string Node = "node-1";

    public static async Task RunAsync(int records)
    {
        string directory = Directory.CreateTempSubdirectory("clavis-archive-bench-").FullName;
        try
        {
            string path = Path.Combine(directory, "clavis.db");
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            byte[] publicKey = key.ExportSubjectPublicKeyInfo();
            await using SqliteObjectStore store = SqliteObjectStore.Open(new SqliteStoreOptions { Path = path });
            var write = Stopwatch.StartNew();
            const int chunk = 1000;
            var inFlight = new List<Task>();
            for (int start = 0; start < records; start += chunk)
            {
                inFlight.Add(store.AppendAsync([.. Enumerable.Range(start, Math.Min(chunk, records - start)).Select(AuditVerifyRun.Record)], CancellationToken.None));
                if (inFlight.Count == 2)
                {
                    await inFlight[0];
                    inFlight.RemoveAt(0);
                }
            }

            await Task.WhenAll(inFlight);
            write.Stop();

            // The benchmark signs with a key of its own; only its public half is stored, which is all a verifier reads.
            await store.SaveSigningKeyAsync(new AuditSigningKeyRecord("bench-key", Node, DateTimeOffset.UtcNow, publicKey, new SealedMaterial("none", new byte[12], new byte[16])), CancellationToken.None);
            AuditChainHead head = (await store.GetHeadAsync(Node, CancellationToken.None))!;
            DateTimeOffset now = AuditRecordCodec.FromMicroseconds(AuditRecordCodec.ToMicroseconds(DateTimeOffset.UtcNow));
            byte[] signature = key.SignData(AuditCheckpoint.SignedBytes(Node, head.Sequence, head.Hash, now, "bench-key"), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            await store.SaveCheckpointAsync(new AuditCheckpoint(Node, head.Sequence, head.Hash, now, "bench-key", signature), CancellationToken.None);
            long databaseBytes = new FileInfo(path).Length + new FileInfo(path + "-wal").Length;
            Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
            Console.WriteLine($"wrote {records:N0} records in {write.Elapsed.TotalSeconds:F1} s, database and WAL {databaseBytes / 1048576.0:F0} MiB");

            string file = Path.Combine(directory, "archive.jsonl");
            var request = new AuditArchiveRequest { NodeId = Node, ThroughSequence = head.Sequence, OutputPath = file, TrustedPublicKeys = [publicKey] };
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var step = Stopwatch.StartNew();
            AuditArchiveResult written;
            using (SqliteAuditReader reader = SqliteAuditReader.Open(path))
            {
                written = AuditArchiver.Write(reader, request, now);
            }

            TimeSpan fileTime = step.Elapsed;
            step.Restart();
            await store.SaveArchiveAsync(written.Anchor, [], CancellationToken.None);
            TimeSpan anchorTime = step.Elapsed;
            step.Restart();
            long removed = 0;
            int steps = 0;
            for (int done; (done = await store.RemoveArchivedRecordsAsync(Node, head.Sequence, AuditArchiver.RemovalStep, CancellationToken.None)) > 0; steps++)
            {
                removed += done;
            }

            TimeSpan removeTime = step.Elapsed;
            double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            double total = (fileTime + anchorTime + removeTime).TotalSeconds;
            Console.WriteLine($"archive file: {written.Records:N0} records, {written.FileBytes / 1048576.0:F0} MiB ({written.FileBytes / (double)written.Records:F0} B/record), written + read back + verified in {fileTime.TotalSeconds:F1} s ({written.Records / fileTime.TotalSeconds:F0} records/s)");
            Console.WriteLine($"anchor: {anchorTime.TotalMilliseconds:F0} ms; removal: {removed:N0} records in {steps} steps, {removeTime.TotalSeconds:F1} s ({removed / removeTime.TotalSeconds:F0} records/s, {removeTime.TotalMilliseconds / Math.Max(1, steps):F0} ms per step)");
            Console.WriteLine($"archive total {total:F1} s wall = {records / total:F0} records/s; {cpuSeconds:F1} s CPU");

            step.Restart();
            AuditVerification alone = AuditArchiveVerifier.Verify(file, [publicKey]);
            Console.WriteLine($"verify --archive: {(alone.IsIntact ? "intact" : "BROKEN")}, {alone.RecordsChecked:N0} records in {step.Elapsed.TotalSeconds:F1} s ({alone.RecordsChecked / step.Elapsed.TotalSeconds:F0} records/s)");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
