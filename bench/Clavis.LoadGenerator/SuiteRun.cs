using System.Globalization;
using System.Net;
using System.Text;
using Clavis.Benchmarks;
using Clavis.Kmip;
using Clavis.Server.Tls;

namespace Clavis.LoadGenerator;

/// <summary>
/// One run, every figure beside its ceiling: a real Clavis node (SQLite in a temp folder) and the echo server,
/// each in its own child process, measured with 1 and 16 connections; then raw one-row SQLite commits.
/// </summary>
internal static class SuiteRun
{
    private static readonly int[] s_connections = [1, 16];

    // Without --cases the suite measures what it always has; the asymmetric operations are measured when named.
    private static readonly HashSet<LoadOperation> s_defaultCases =
        [.. Enum.GetValues<LoadOperation>().Except([LoadOperation.SignEcdsaP256, LoadOperation.SignRsa2048, LoadOperation.CreateKeyPairRsa2048])];

    public static async Task RunAsync(TimeSpan duration, TimeSpan warmup, ProtocolVersion version, IReadOnlySet<LoadOperation>? cases = null)
    {
        cases ??= s_defaultCases;
        string root = Directory.CreateTempSubdirectory("clavis-suite-").FullName;
        try
        {
            Console.WriteLine(Machine.Describe());
            Console.WriteLine($"{duration.TotalSeconds} s per case after {warmup.TotalSeconds} s warm-up; KMIP {version.Major}.{version.Minor}; servers in child processes");
            string clavisData = Path.Combine(root, "clavis");
            await using ServerProcess clavis = await ServerProcess.StartAsync("clavis", clavisData);
            using ClientCredentials clavisCredentials = ClientCredentials.FromTlsFolder(new IPEndPoint(IPAddress.Loopback, clavis.Port), new TlsMaterialFiles(clavisData));

            var messages = new Dictionary<LoadOperation, byte[]?>();
            var notes = new List<string>();
            foreach (LoadOperation operation in Enum.GetValues<LoadOperation>())
            {
                if (!cases.Contains(operation) && operation != LoadOperation.Get)
                {
                    // Get is always prepared: the echo answers with its real response bytes.
                    continue;
                }

                try
                {
                    messages[operation] = await Workload.PrepareAsync(clavisCredentials, operation, 1, version, CancellationToken.None);
                }
                catch (InvalidOperationException ex)
                {
                    messages[operation] = null;
                    notes.Add($"{Workload.NameOf(operation)}: not measured, the server refused the set-up ({ex.Message})");
                }
            }

            // The echo answers with the real Get response when there is one, so both carry the same bytes.
            byte[] echoResponse = messages[LoadOperation.Get] is byte[] get
                ? await Workload.ExchangeAsync(clavisCredentials, get, CancellationToken.None)
                : EchoResponses.GetResponse(version, 1);
            byte[] echoRequest = messages[LoadOperation.Get] ?? KmipRequests.Message(version, 1, () => KmipRequests.Get(Guid.CreateVersion7().ToString()));
            string echoTls = Path.Combine(root, "echo");
            Directory.CreateDirectory(echoTls);
            string responseFile = Path.Combine(echoTls, "response.ttlv");
            await File.WriteAllBytesAsync(responseFile, echoResponse);
            await using ServerProcess echo = await ServerProcess.StartAsync("echo", echoTls, responseFile);
            using ClientCredentials echoCredentials = ClientCredentials.FromTlsFolder(new IPEndPoint(IPAddress.Loopback, echo.Port), new TlsMaterialFiles(echoTls));
            Console.WriteLine($"request {echoRequest.Length} B (Get), response {echoResponse.Length} B (echo and Get)");

            var rows = new List<(LoadResult Result, LoadResult Echo)>();
            foreach (int connections in s_connections)
            {
                LoadResult echoResult = await LoadRun.RunAsync(echoCredentials, Options("echo (fixed Get response)", echoRequest, connections, duration, warmup), echo, CancellationToken.None);
                Console.WriteLine(echoResult.Describe());
                rows.Add((echoResult, echoResult));
                foreach ((LoadOperation operation, byte[]? message) in messages)
                {
                    if (message is null || !cases.Contains(operation))
                    {
                        continue;
                    }

                    LoadResult result = await LoadRun.RunAsync(clavisCredentials, Options(Workload.NameOf(operation), message, connections, duration, warmup), clavis, CancellationToken.None);
                    Console.WriteLine(result.Describe());
                    rows.Add((result, echoResult));
                }
            }

            // Raw commits are Create's ceiling: skipped (NaN, not printed as a target) when Create is not measured.
            double rawCommits = double.NaN;
            if (cases.Contains(LoadOperation.Create))
            {
                long commits = SqliteCommitRun.RawSqlite(duration);
                rawCommits = commits / duration.TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw SQLite, one row per transaction (WAL, synchronous=FULL): {rawCommits:N0} commits/s"));
            }

            Console.WriteLine();
            Console.WriteLine(Table(rows, rawCommits));
            Console.WriteLine(Targets(rows, rawCommits));
            foreach (string note in notes)
            {
                Console.WriteLine("- " + note);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static LoadRunOptions Options(string name, byte[] message, int connections, TimeSpan duration, TimeSpan warmup) => new()
    {
        Name = name,
        Messages = [message],
        Connections = connections,
        Duration = duration,
        Warmup = warmup,
    };

    private static string Table(List<(LoadResult Result, LoadResult Echo)> rows, double rawCommits)
    {
        var table = new StringBuilder();
        table.AppendLine("| case | conns | ops/s | vs echo | p50 µs | p99 µs | client CPU µs/op | server CPU µs/op | failed |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach ((LoadResult result, LoadResult echo) in rows)
        {
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {result.Name} | {result.Connections} | {result.OpsPerSecond:N0} | {100 * result.OpsPerSecond / echo.OpsPerSecond:N0}% | {result.P50Microseconds:N0} | {result.P99Microseconds:N0} | {result.ClientCpuMicrosecondsPerOp:N1} | {result.ServerCpuMicrosecondsPerOp:N1} | {(result.Succeeded ? "0" : $"{result.FailedItems} ({result.FirstFailure})")} |"));
        }

        if (!double.IsNaN(rawCommits))
        {
            table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| raw SQLite one-row commits (no TLS, in the generator) | 1 | {rawCommits:N0} | | | | | | |"));
        }

        return table.ToString();
    }

    private static string Targets(List<(LoadResult Result, LoadResult Echo)> rows, double rawCommits)
    {
        var text = new StringBuilder();
        LoadResult? get = rows.Select(r => r.Result).FirstOrDefault(r => r.Name == Workload.NameOf(LoadOperation.Get) && r.Connections == 16 && r.Succeeded);
        LoadResult? echo = rows.Select(r => r.Echo).FirstOrDefault(r => r.Connections == 16);
        LoadResult? create = rows.Select(r => r.Result).FirstOrDefault(r => r.Name == Workload.NameOf(LoadOperation.Create) && r.Connections == 16 && r.Succeeded);
        text.AppendLine(get is not null && echo is not null
            ? string.Create(CultureInfo.InvariantCulture, $"- Get, 16 connections: {100 * get.OpsPerSecond / echo.OpsPerSecond:N0}% of echo (target >= 60%): {(get.OpsPerSecond >= 0.6 * echo.OpsPerSecond ? "met" : "MISSED")}")
            : "- Get, 16 connections: not measured");
        text.Append(create is not null
            ? string.Create(CultureInfo.InvariantCulture, $"- Create, 16 connections: {create.OpsPerSecond / rawCommits:N2}x raw one-row SQLite commits (target >= 2x): {(create.OpsPerSecond >= 2 * rawCommits ? "met" : "MISSED")}")
            : "- Create, 16 connections: not measured");
        return text.ToString();
    }
}
