using System.Globalization;
using System.Net;
using System.Text;
using Clavis.Kmip;
using Clavis.Server.Tls;

namespace Clavis.LoadGenerator;

/// <summary>
/// What the audit journal costs Encrypt 1 KiB AES-256-GCM (issue #5): the same cases against a normal node and against
/// one whose KMIP requests write no audit records (<c>host clavis DATADIR no-audit</c>), in one run. Each of the four
/// rounds starts a fresh node in the order audited, unaudited, unaudited, audited, so drift of the machine over the run
/// shows as a difference between the two rounds of one kind instead of passing for the journal's cost.
/// </summary>
internal static class AuditCostRun
{
    private const double TargetCost = 0.20;
    private static readonly bool[] s_roundsAudited = [true, false, false, true];
    private static readonly int[] s_batches = [1, 10];
    private static readonly int[] s_connections = [1, 16];

    public static async Task RunAsync(TimeSpan duration, TimeSpan warmup, ProtocolVersion version)
    {
        string root = Directory.CreateTempSubdirectory("clavis-audit-cost-").FullName;
        try
        {
            Console.WriteLine(Machine.Describe());
            Console.WriteLine($"{duration.TotalSeconds} s per case after {warmup.TotalSeconds} s warm-up; KMIP {version.Major}.{version.Minor}; "
                + "a fresh node (child process) per round: audited, unaudited, unaudited, audited");
            var results = new List<(int Round, bool Audited, LoadResult Result)>();
            for (int round = 0; round < s_roundsAudited.Length; round++)
            {
                bool audited = s_roundsAudited[round];
                string data = Path.Combine(root, round.ToString(CultureInfo.InvariantCulture));
                await using ServerProcess clavis = audited
                    ? await ServerProcess.StartAsync("clavis", data)
                    : await ServerProcess.StartAsync("clavis", data, ServerHostMode.NoAudit);
                using ClientCredentials credentials = ClientCredentials.FromTlsFolder(new IPEndPoint(IPAddress.Loopback, clavis.Port), new TlsMaterialFiles(data));
                foreach (int batch in s_batches)
                {
                    byte[] message = await Workload.PrepareAsync(credentials, LoadOperation.Encrypt, batch, version, CancellationToken.None);
                    foreach (int connections in s_connections)
                    {
                        string name = $"{Workload.NameOf(LoadOperation.Encrypt)}, batch {batch}, {(audited ? "audited" : "no journal")}";
                        LoadResult result = await LoadRun.RunAsync(credentials, CryptoSuiteRun.Options(name, message, batch, connections, duration, warmup), clavis, CancellationToken.None);
                        Console.WriteLine(result.Describe());
                        results.Add((round, audited, result));
                    }
                }
            }

            Console.WriteLine();
            Console.WriteLine(Table(results));
            Console.WriteLine(Targets(results));
            Console.WriteLine($"load average at end: {Machine.LoadAverages()}");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Table(List<(int Round, bool Audited, LoadResult Result)> results)
    {
        var table = new StringBuilder();
        table.AppendLine("| Encrypt 1 KiB AES-256-GCM | audited 1: ops/s (server CPU µs/op) | no journal 1 | no journal 2 | audited 2 | auditing costs |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach ((int batch, int connections) in Cases())
        {
            var cells = new StringBuilder();
            for (int round = 0; round < s_roundsAudited.Length; round++)
            {
                LoadResult result = results.Single(r => r.Round == round && r.Result.BatchItems == batch && r.Result.Connections == connections).Result;
                cells.Append(result.Succeeded
                    ? string.Create(CultureInfo.InvariantCulture, $" {result.OpsPerSecond:N0} ({result.ServerCpuMicrosecondsPerOp:N1}) |")
                    : $" FAILED: {result.FailedItems} items ({result.FirstFailure}) |");
            }

            string cost = Cost(results, batch, connections) is double share
                ? string.Create(CultureInfo.InvariantCulture, $"{100 * share:N0}% of Encrypt throughput")
                : "not measured";
            table.AppendLine($"| {Describe(batch, connections)} |{cells} {cost} |");
        }

        return table.ToString();
    }

    private static string Targets(List<(int Round, bool Audited, LoadResult Result)> results)
    {
        var text = new StringBuilder();
        foreach ((int batch, int connections) in Cases())
        {
            text.AppendLine(Cost(results, batch, connections) is double share
                ? string.Create(CultureInfo.InvariantCulture,
                    $"- {Describe(batch, connections)}: auditing costs {100 * share:N0}% of Encrypt throughput (target < {100 * TargetCost:N0}%): {(share < TargetCost ? "met" : "MISSED")}")
                : $"- {Describe(batch, connections)}: not measured (a round failed)");
        }

        return text.ToString();
    }

    // 1 − audited/unaudited over the ops of both rounds of each kind; null when any round of the case failed.
    private static double? Cost(List<(int Round, bool Audited, LoadResult Result)> results, int batch, int connections)
    {
        List<(int Round, bool Audited, LoadResult Result)> rounds = [.. results.Where(r => r.Result.BatchItems == batch && r.Result.Connections == connections)];
        if (rounds.Count != s_roundsAudited.Length || rounds.Any(r => !r.Result.Succeeded))
        {
            return null;
        }

        double audited = rounds.Where(r => r.Audited).Average(r => r.Result.OpsPerSecond);
        double unaudited = rounds.Where(r => !r.Audited).Average(r => r.Result.OpsPerSecond);
        return 1 - (audited / unaudited);
    }

    private static IEnumerable<(int Batch, int Connections)> Cases() =>
        s_batches.SelectMany(batch => s_connections.Select(connections => (batch, connections)));

    private static string Describe(int batch, int connections) =>
        $"{connections} connection{(connections == 1 ? "" : "s")}, batch {batch}";
}
