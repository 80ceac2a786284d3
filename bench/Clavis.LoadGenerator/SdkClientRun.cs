using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Clavis.Client;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Server.Tls;

namespace Clavis.LoadGenerator;

/// <summary>
/// The SDK's own cost: N Encrypts of 1 KiB (AES-256-GCM) through <see cref="KmipClient"/> over C pooled sessions,
/// against a Clavis node in a child process so this process's CPU time is the client's alone. The same N
/// Encrypts are then sent as pre-encoded bytes over raw sessions (<see cref="LoadConnection"/>): the floor of
/// TLS and framing, without building or decoding messages. The difference is what the SDK adds. Then the same
/// through a client with a three-server list (the node first; then the node behind two down servers), for what
/// the list, health tracking and failover add per request.
/// </summary>
internal static class SdkClientRun
{
    public static async Task RunAsync(int requests, int connections, int size)
    {
        string root = Directory.CreateTempSubdirectory("clavis-sdk-").FullName;
        try
        {
            Console.WriteLine(Machine.Describe());
            string data = Path.Combine(root, "clavis");
            await using ServerProcess server = await ServerProcess.StartAsync("clavis", data);
            var tls = new TlsMaterialFiles(data);
            var options = new KmipClientOptions { Server = new KmipServerEndpoint("127.0.0.1", server.Port), MaxConnections = connections }
                .UseClientCertificatePem(tls.AdminCertificate, tls.AdminKey)
                .TrustCaPem(tls.CaCertificate);
            await using var client = new KmipClient(options);
            string keyId = (await client.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 256, CryptographicUsageMask.Encrypt)).UniqueIdentifier!;
            await client.ActivateAsync(keyId);
            var gcm = new CryptographicParameters { BlockCipherMode = BlockCipherMode.GCM, TagLength = 16 };
            byte[] plaintext = RandomNumberGenerator.GetBytes(size);
            ProtocolVersion version = await client.GetProtocolVersionAsync();
            Console.WriteLine($"{requests} Encrypt of {size} B, AES-256-GCM, {connections} sessions, KMIP {version}; node in a child process");

            async Task SdkAsync(int count) => await Task.WhenAll(Enumerable.Range(0, connections).Select(async worker =>
            {
                for (int i = worker; i < count; i += connections)
                {
                    await client.EncryptAsync(keyId, plaintext, gcm);
                }
            }));

            await SdkAsync(Math.Min(2_000, requests));
            Measure sdk = await MeasureAsync(server, requests, () => SdkAsync(requests));

            var node = new KmipServerEndpoint("127.0.0.1", server.Port);
            Measure listFirst = await ListAsync([node, Closed(), Closed()]);
            Measure listLast = await ListAsync([Closed(), Closed(), node]);

            async Task<Measure> ListAsync(KmipServerEndpoint[] servers)
            {
                var listed = new KmipClientOptions { MaxConnections = connections }
                    .UseClientCertificatePem(tls.AdminCertificate, tls.AdminKey)
                    .TrustCaPem(tls.CaCertificate);
                foreach (KmipServerEndpoint endpoint in servers)
                {
                    listed.Servers.Add(endpoint);
                }

                await using var listClient = new KmipClient(listed);
                async Task RunAsync(int count) => await Task.WhenAll(Enumerable.Range(0, connections).Select(async worker =>
                {
                    for (int i = worker; i < count; i += connections)
                    {
                        await listClient.EncryptAsync(keyId, plaintext, gcm);
                    }
                }));

                await RunAsync(Math.Min(2_000, requests));
                return await MeasureAsync(server, requests, () => RunAsync(requests));
            }

            using ClientCredentials credentials = ClientCredentials.FromTlsFolder(new IPEndPoint(IPAddress.Loopback, server.Port), tls);
            var message = new RequestMessage(new RequestHeader { ProtocolVersion = version })
            {
                BatchItems = { new RequestBatchItem(new EncryptRequestPayload { UniqueIdentifier = keyId, Data = plaintext, CryptographicParameters = gcm }) },
            };
            byte[] encoded = message.Encode();
            var sessions = new List<LoadConnection>();
            try
            {
                for (int i = 0; i < connections; i++)
                {
                    sessions.Add(await LoadConnection.OpenAsync(credentials, CancellationToken.None));
                }

                async Task RawAsync(int count) => await Task.WhenAll(sessions.Select(async (session, worker) =>
                {
                    for (int i = worker; i < count; i += connections)
                    {
                        await session.ExchangeAsync(encoded, CancellationToken.None);
                    }
                }));

                await RawAsync(Math.Min(2_000, requests));
                Measure raw = await MeasureAsync(server, requests, () => RawAsync(requests));

                Console.WriteLine();
                Console.WriteLine("| client | requests/s | client CPU per request | client allocated per request | server CPU per request |");
                Console.WriteLine("| --- | --- | --- | --- | --- |");
                Console.WriteLine(sdk.Row("KmipClient.EncryptAsync"));
                Console.WriteLine(listFirst.Row("KmipClient, 3-server list, the node first"));
                Console.WriteLine(listLast.Row("KmipClient, 3-server list, the node after two down servers"));
                Console.WriteLine(raw.Row("raw session, pre-encoded request (floor)"));
            }
            finally
            {
                foreach (LoadConnection session in sessions)
                {
                    await session.DisposeAsync();
                }
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    // A loopback port nothing listens on: connecting is refused at once, so the server is marked down.
    private static KmipServerEndpoint Closed()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return new KmipServerEndpoint("127.0.0.1", ((IPEndPoint)probe.LocalEndpoint).Port);
    }

    private static async Task<Measure> MeasureAsync(ServerProcess server, int requests, Func<Task> run)
    {
        GC.Collect();
        ServerStats serverBefore = await server.StatsAsync();
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long start = Stopwatch.GetTimestamp();
        await run();
        TimeSpan wall = Stopwatch.GetElapsedTime(start);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        ServerStats serverAfter = await server.StatsAsync();
        return new Measure(requests, wall, cpu, allocated, serverAfter.Cpu - serverBefore.Cpu);
    }

    private sealed record Measure(int Requests, TimeSpan Wall, TimeSpan ClientCpu, long Allocated, TimeSpan ServerCpu)
    {
        public string Row(string name) => string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Requests / Wall.TotalSeconds:N0} | {ClientCpu.TotalMicroseconds / Requests:N1} µs | {Allocated / Requests:N0} B | {ServerCpu.TotalMicroseconds / Requests:N1} µs |");
    }
}
