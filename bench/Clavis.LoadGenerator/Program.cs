using System.Net;
using Clavis.Kmip;
using Clavis.LoadGenerator;
using Clavis.Server.Tls;

// bench/README.md describes every mode; bench/RESULTS.md keeps the figures.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("""
        usage: Clavis.LoadGenerator MODE [--option value ...]
          run    --tls DATADIR --port PORT --op OP     load a running Clavis (127.0.0.1 only) with its admin certificate
          echo   --op OP                               the same load against the echo server (KmipListener, fixed response) in a child process
          keypair-latency [--requests N]              Create Key Pair RSA-2048 latency over mTLS, with the RSA key pool and without it
          suite  [--duration S] [--cases get,create]   echo, DiscoverVersions, Get, Locate, Create with 1 and 16 connections, and raw SQLite commits; prints a markdown table
          scale  [--objects N] [--duration S]          bulk-load N objects, then startup time, Locate/Get latency, memory, database size
          inventory [--objects N] [--chunk C]         bulk-load N objects and ~0.6 audit records each, then time `clavis inventory` (tables, JSON)
          crypto [--duration S]                        Encrypt/Decrypt 1 KiB AES-256-GCM, 1 and 16 connections, batch 1 and 10, beside the echo of the same bytes
          audit-cost [--duration S]                    Encrypt 1 KiB AES-256-GCM, 1 and 16 connections, batch 1 and 10, on audited nodes and nodes without the journal, interleaved
          sdk    [--requests N] [--connections C] [--size B]  the Clavis.Client SDK's own CPU and allocations per Encrypt (10000, 4, 1024), beside raw sessions
        load options: --op discover-versions|get|get-wrapped|locate|create|encrypt|decrypt|sign-ecdsa-p256|sign-rsa-2048|create-key-pair-rsa-2048  --connections N (1)  --depth D (1, pipelining)
                      --batch K (1 item per message)  --duration S (5)  --requests N (no limit)  --warmup S (1)  --version 1.4|2.1
        """);
    return args.Length == 0 ? 2 : 0;
}

if (args[0] == "host")
{
    return await ServerHostMode.RunAsync(args[1..]);
}

var options = new CommandLine(args[1..]);
ProtocolVersion version = options.Text("version", "1.4") switch
{
    "2.1" => ProtocolVersion.V2_1,
    "2.0" => ProtocolVersion.V2_0,
    _ => ProtocolVersion.V1_4,
};
switch (args[0])
{
    case "run":
        {
            var tls = new TlsMaterialFiles(options.Text("tls") ?? throw new ArgumentException("--tls DATADIR is required"));
            var endPoint = new IPEndPoint(IPAddress.Parse(options.Text("address", "127.0.0.1")), options.Integer("port", 5696));
            using ClientCredentials credentials = ClientCredentials.FromTlsFolder(endPoint, tls);
            LoadOperation operation = Workload.Parse(options.Text("op", "discover-versions"));
            int batch = options.Integer("batch", 1);
            byte[] message = await Workload.PrepareAsync(credentials, operation, batch, version, CancellationToken.None);
            LoadResult result = await LoadRun.RunAsync(credentials, RunOptions(options, Workload.NameOf(operation), message, batch), null, CancellationToken.None);
            Console.WriteLine(result.Describe());
            return result.Succeeded ? 0 : 1;
        }

    case "echo":
        {
            LoadOperation operation = Workload.Parse(options.Text("op", "get"));
            int batch = options.Integer("batch", 1);
            string directory = Directory.CreateTempSubdirectory("clavis-echo-").FullName;
            try
            {
                string responseFile = Path.Combine(directory, "response.ttlv");
                await File.WriteAllBytesAsync(responseFile, EchoResponses.GetResponse(version, batch));
                await using ServerProcess server = await ServerProcess.StartAsync("echo", directory, responseFile);
                using ClientCredentials credentials = ClientCredentials.FromTlsFolder(new IPEndPoint(IPAddress.Loopback, server.Port), new TlsMaterialFiles(directory));
                byte[] message = operation switch
                {
                    LoadOperation.Get => KmipRequests.Message(version, batch, () => KmipRequests.Get(Guid.CreateVersion7().ToString())),
                    LoadOperation.Locate => KmipRequests.Message(version, batch, () => KmipRequests.LocateByName("loadgen-echo")),
                    LoadOperation.Create => KmipRequests.Message(version, batch, () => KmipRequests.CreateAes256(null)),
                    _ => KmipRequests.Message(version, batch, KmipRequests.DiscoverVersions),
                };
                LoadResult result = await LoadRun.RunAsync(credentials, RunOptions(options, "echo (" + Workload.NameOf(operation) + " request)", message, batch), server, CancellationToken.None);
                Console.WriteLine(result.Describe());
                return 0;
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }

    case "suite":
        // --cases get,create: only those operations (echo, the ceiling, always runs); saves time when comparing a change.
        IReadOnlySet<LoadOperation>? cases = options.Text("cases") is string list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Workload.Parse).ToHashSet()
            : null;
        await SuiteRun.RunAsync(options.Seconds("duration", 5), options.Seconds("warmup", 1), version, cases);
        return 0;

    case "crypto":
        await CryptoSuiteRun.RunAsync(options.Seconds("duration", 5), options.Seconds("warmup", 1), version);
        return 0;

    case "audit-cost":
        await AuditCostRun.RunAsync(options.Seconds("duration", 5), options.Seconds("warmup", 1), version);
        return 0;

    case "sdk":
        await SdkClientRun.RunAsync(options.Integer("requests", 10_000), options.Integer("connections", 4), options.Integer("size", 1024));
        return 0;

    case "keypair-latency":
        await KeyPairLatencyRun.RunAsync(options.Integer("requests", 10), version);
        return 0;

    case "scale":
        await ScaleRun.RunAsync(options.Long("objects", 1_000_000), options.Integer("chunk", 5_000), options.Seconds("duration", 5), version);
        return 0;

    case "inventory":
        await InventoryScaleRun.RunAsync(options.Long("objects", 100_000), options.Integer("chunk", 5_000));
        return 0;

    default:
        Console.Error.WriteLine($"unknown mode {args[0]}; run with --help");
        return 2;
}

static LoadRunOptions RunOptions(CommandLine options, string name, byte[] message, int batch) => new()
{
    Name = name,
    Messages = [message],
    BatchItems = batch,
    Connections = options.Integer("connections", 1),
    Depth = options.Integer("depth", 1),
    Duration = options.Seconds("duration", 5),
    MaxMessages = options.Long("requests", long.MaxValue),
    Warmup = options.Seconds("warmup", 1),
};
