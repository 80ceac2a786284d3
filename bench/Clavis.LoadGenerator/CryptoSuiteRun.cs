using System.Globalization;
using System.Net;
using System.Text;
using Clavis.Kmip;
using Clavis.Server.Tls;

namespace Clavis.LoadGenerator;

/// <summary>
/// Encrypt and Decrypt of 1 KiB with AES-256-GCM against a real node, with 1 and 16 connections, one and ten batch
/// items per message, each beside the echo ceiling of the same bytes in the same run: the echo servers answer
/// with the node's own Encrypt responses (one item and ten), so both sides move the same bytes.
/// </summary>
internal static class CryptoSuiteRun
{
    private const int BatchItems = 10;
    private static readonly int[] s_connections = [1, 16];

    public static async Task RunAsync(TimeSpan duration, TimeSpan warmup, ProtocolVersion version)
    {
        string root = Directory.CreateTempSubdirectory("clavis-crypto-suite-").FullName;
        try
        {
            Console.WriteLine(Machine.Describe());
            Console.WriteLine($"{duration.TotalSeconds} s per case after {warmup.TotalSeconds} s warm-up; KMIP {version.Major}.{version.Minor}; servers in child processes");
            string clavisData = Path.Combine(root, "clavis");
            await using ServerProcess clavis = await ServerProcess.StartAsync("clavis", clavisData);
            using ClientCredentials credentials = ClientCredentials.FromTlsFolder(new IPEndPoint(IPAddress.Loopback, clavis.Port), new TlsMaterialFiles(clavisData));

            var cases = new List<(LoadOperation Operation, int Batch, byte[] Message)>();
            foreach (LoadOperation operation in new[] { LoadOperation.Encrypt, LoadOperation.Decrypt })
            {
                foreach (int batch in new[] { 1, BatchItems })
                {
                    cases.Add((operation, batch, await Workload.PrepareAsync(credentials, operation, batch, version, CancellationToken.None)));
                }
            }

            // The echo ceilings: the Encrypt request and the node's real Encrypt response, for one item and for ten.
            var echoes = new Dictionary<int, (ServerProcess Server, ClientCredentials Credentials, byte[] Request)>();
            try
            {
                foreach (int batch in new[] { 1, BatchItems })
                {
                    byte[] request = cases.First(c => c.Operation == LoadOperation.Encrypt && c.Batch == batch).Message;
                    byte[] response = await Workload.ExchangeAsync(credentials, request, CancellationToken.None);
                    string folder = Path.Combine(root, $"echo-{batch}");
                    Directory.CreateDirectory(folder);
                    string responseFile = Path.Combine(folder, "response.ttlv");
                    await File.WriteAllBytesAsync(responseFile, response);
                    ServerProcess echo = await ServerProcess.StartAsync("echo", folder, responseFile);
                    echoes[batch] = (echo, ClientCredentials.FromTlsFolder(new IPEndPoint(IPAddress.Loopback, echo.Port), new TlsMaterialFiles(folder)), request);
                    Console.WriteLine($"batch {batch}: request {request.Length} B, response {response.Length} B (Encrypt and echo)");
                }

                var rows = new List<(LoadResult Result, LoadResult Echo)>();
                foreach (int batch in new[] { 1, BatchItems })
                {
                    foreach (int connections in s_connections)
                    {
                        (ServerProcess echoServer, ClientCredentials echoCredentials, byte[] echoRequest) = echoes[batch];
                        LoadResult echoResult = await LoadRun.RunAsync(echoCredentials, Options($"echo (Encrypt bytes, batch {batch})", echoRequest, batch, connections, duration, warmup), echoServer, CancellationToken.None);
                        Console.WriteLine(echoResult.Describe());
                        rows.Add((echoResult, echoResult));
                        foreach ((LoadOperation operation, int caseBatch, byte[] message) in cases.Where(c => c.Batch == batch))
                        {
                            LoadResult result = await LoadRun.RunAsync(credentials, Options($"{Workload.NameOf(operation)}, batch {caseBatch}", message, caseBatch, connections, duration, warmup), clavis, CancellationToken.None);
                            Console.WriteLine(result.Describe());
                            rows.Add((result, echoResult));
                        }
                    }
                }

                Console.WriteLine();
                Console.WriteLine(Table(rows));
                Console.WriteLine(Targets(rows));
            }
            finally
            {
                foreach ((ServerProcess server, ClientCredentials echoCredentials, _) in echoes.Values)
                {
                    echoCredentials.Dispose();
                    await server.DisposeAsync();
                }
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>One fixed message with <paramref name="batch"/> items, sent by depth-1 sessions (also the audit-cost run's cases).</summary>
    internal static LoadRunOptions Options(string name, byte[] message, int batch, int connections, TimeSpan duration, TimeSpan warmup) => new()
    {
        Name = name,
        Messages = [message],
        BatchItems = batch,
        Connections = connections,
        Duration = duration,
        Warmup = warmup,
    };

    private static string Table(List<(LoadResult Result, LoadResult Echo)> rows)
    {
        var table = new StringBuilder();
        table.AppendLine("| case | conns | ops/s | msgs/s | vs echo | p50 µs/msg | p99 µs/msg | client CPU µs/op | server CPU µs/op | failed |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach ((LoadResult result, LoadResult echo) in rows)
        {
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {result.Name} | {result.Connections} | {result.OpsPerSecond:N0} | {result.MessagesPerSecond:N0} | {100 * result.OpsPerSecond / echo.OpsPerSecond:N0}% | {result.P50Microseconds:N0} | {result.P99Microseconds:N0} | {result.ClientCpuMicrosecondsPerOp:N1} | {result.ServerCpuMicrosecondsPerOp:N1} | {(result.Succeeded ? "0" : $"{result.FailedItems} ({result.FirstFailure})")} |"));
        }

        return table.ToString();
    }

    private static string Targets(List<(LoadResult Result, LoadResult Echo)> rows)
    {
        LoadResult? Find(string prefix, int batch, int connections) =>
            rows.Select(r => r.Result).FirstOrDefault(r => r.Name.StartsWith(prefix, StringComparison.Ordinal) && r.BatchItems == batch && r.Connections == connections && r.Succeeded);

        var text = new StringBuilder();
        LoadResult? encrypt16 = Find(Workload.NameOf(LoadOperation.Encrypt), 1, 16);
        LoadResult? echo16 = Find("echo", 1, 16);
        text.AppendLine(encrypt16 is not null && echo16 is not null
            ? string.Create(CultureInfo.InvariantCulture, $"- Encrypt 1 KiB, 16 connections: {100 * encrypt16.OpsPerSecond / echo16.OpsPerSecond:N0}% of echo (target >= 60%): {(encrypt16.OpsPerSecond >= 0.6 * echo16.OpsPerSecond ? "met" : "MISSED")}")
            : "- Encrypt 1 KiB, 16 connections: not measured");
        foreach (LoadOperation operation in new[] { LoadOperation.Encrypt, LoadOperation.Decrypt })
        {
            foreach (int connections in s_connections)
            {
                LoadResult? single = Find(Workload.NameOf(operation), 1, connections);
                LoadResult? batched = Find(Workload.NameOf(operation), BatchItems, connections);
                text.AppendLine(single is not null && batched is not null
                    ? string.Create(CultureInfo.InvariantCulture, $"- {Workload.NameOf(operation)}, {connections} connection(s): {BatchItems}-item batches give {batched.OpsPerSecond / single.OpsPerSecond:N1}x the unbatched ops/s (target >= 5x): {(batched.OpsPerSecond >= 5 * single.OpsPerSecond ? "met" : "MISSED")}")
                    : $"- {Workload.NameOf(operation)}, {connections} connection(s): not measured");
            }
        }

        return text.ToString();
    }
}
