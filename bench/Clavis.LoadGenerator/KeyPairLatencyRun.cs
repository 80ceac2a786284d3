using System.Diagnostics;
using System.Globalization;
using System.Net;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Server.Tls;

namespace Clavis.LoadGenerator;

/// <summary>
/// Create Key Pair RSA-2048 latency over mTLS, one request at a time on one session: against a node with the RSA
/// key pool (default size) and against one with the pool disabled. Requests are spaced so the pool refills between
/// them — the latency a client sees when key pairs are asked for now and then, which is what the pool is for; a
/// sustained stream drains any pool to the generation rate.
/// </summary>
internal static class KeyPairLatencyRun
{
    private static readonly TimeSpan s_refill = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(int requests, ProtocolVersion version)
    {
        string root = Directory.CreateTempSubdirectory("clavis-keypair-").FullName;
        try
        {
            Console.WriteLine(Machine.Describe());
            Console.WriteLine($"{requests} Create Key Pair RSA-2048 requests per node, one at a time, {s_refill.TotalSeconds} s apart; KMIP {version.Major}.{version.Minor}");
            Console.WriteLine("| node | p50 ms | mean ms | max ms | min ms |");
            Console.WriteLine("| --- | --- | --- | --- | --- |");
            foreach ((string label, int poolSize) in new[] { ("RSA key pool of 4 per size", 4), ("no pool (RsaKeyPoolSize 0)", 0) })
            {
                string data = Path.Combine(root, poolSize.ToString(CultureInfo.InvariantCulture));
                await using ServerProcess clavis = await ServerProcess.StartAsync("clavis", data, poolSize.ToString(CultureInfo.InvariantCulture));
                using ClientCredentials credentials = ClientCredentials.FromTlsFolder(new IPEndPoint(IPAddress.Loopback, clavis.Port), new TlsMaterialFiles(data));
                await using LoadConnection connection = await LoadConnection.OpenAsync(credentials, CancellationToken.None);
                byte[] request = KmipRequests.Message(version, 1, KmipRequests.CreateKeyPairRsa2048);
                // The first request of a size is generated on the spot and starts the pool filling that size; not measured.
                await ExchangeCheckedAsync(connection, request);
                var latencies = new List<double>();
                for (int i = 0; i < requests; i++)
                {
                    await Task.Delay(s_refill);
                    long start = Stopwatch.GetTimestamp();
                    await ExchangeCheckedAsync(connection, request);
                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }

                latencies.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {label} | {latencies[latencies.Count / 2]:N1} | {latencies.Average():N1} | {latencies[^1]:N1} | {latencies[0]:N1} |"));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task ExchangeCheckedAsync(LoadConnection connection, byte[] request)
    {
        ResponseMessage response = ResponseMessage.Decode(await connection.ExchangeAsync(request, CancellationToken.None));
        ResponseBatchItem item = response.BatchItems[0];
        if (item.ResultStatus != ResultStatus.Success)
        {
            throw new InvalidOperationException($"Create Key Pair failed: {item.ResultReason}: {item.ResultMessage}");
        }
    }
}
