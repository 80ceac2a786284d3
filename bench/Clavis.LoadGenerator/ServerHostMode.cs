using System.Diagnostics;
using System.Globalization;
using System.Net;
using Clavis.Server.Hosting;
using Clavis.Server.Listener;
using Clavis.Server.Tls;
using Microsoft.Extensions.Logging;

namespace Clavis.LoadGenerator;

/// <summary>
/// The child process the suite and scale runs start, so that the generator's CPU figures are its own:
/// <c>host echo TLSDIR RESPONSEFILE</c> or <c>host clavis DATADIR [RSAPOOLSIZE] [no-audit] [no-spool]</c>. It prints <c>ready PORT STARTUP_MS</c>, then
/// answers <c>stats</c> with <c>stats WORKINGSET GCHEAP CPU_MS</c> and stops on <c>stop</c> or end of input.
/// </summary>
internal static class ServerHostMode
{
    /// <summary>The <c>host clavis</c> argument that starts a node without request audit records.</summary>
    public const string NoAudit = "no-audit";

    /// <summary>The <c>host clavis</c> argument that starts a node with <see cref="ClavisSettings.AuditSpool"/> off.</summary>
    public const string NoSpool = "no-spool";

    public static async Task<int> RunAsync(string[] args)
    {
        using ILoggerFactory loggers = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Warning)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        var watch = Stopwatch.StartNew();
        IAsyncDisposable server;
        int port;
        switch (args)
        {
            case ["echo", string tlsDirectory, string responseFile]:
                {
                    var tls = new TlsMaterialFiles(tlsDirectory);
                    tls.EnsureCreated();
                    var listener = new KmipListener(
                        new KmipListenerOptions
                        {
                            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
                            ServerCertificate = tls.LoadServerCertificate(),
                            ClientCertificateAuthorities = [tls.LoadCaCertificate()],
                        },
                        new EchoProcessor(await File.ReadAllBytesAsync(responseFile)),
                        loggers.CreateLogger<KmipListener>());
                    listener.Start();
                    server = listener;
                    port = listener.LocalEndPoint.Port;
                    break;
                }

            case ["clavis", string dataDirectory, .. string[] extra]:
                {
                    // Optional: the RSA key pool size (keypair-latency runs with and without it), and NoAudit for a node
                    // whose KMIP requests write no audit records (audit-cost measures the journal's cost against it), and NoSpool
                    // for one that commits every audit record to the database (the audit spool's cost or gain).
                    bool writesRequestAuditRecords = !extra.Contains(NoAudit);
                    int rsaKeyPoolSize = extra.FirstOrDefault(a => a is not (NoAudit or NoSpool)) is string size ? int.Parse(size, CultureInfo.InvariantCulture) : new ClavisSettings().RsaKeyPoolSize;
                    ClavisHost host = await ClavisHost.StartAsync(
                        new ClavisHostOptions
                        {
                            Settings = new ClavisSettings { Data = dataDirectory, Listen = "127.0.0.1", KmipPort = 0, HttpsPort = -1, RsaKeyPoolSize = rsaKeyPoolSize, AuditSpool = !extra.Contains(NoSpool) },
                            WritesRequestAuditRecords = writesRequestAuditRecords,
                        },
                        loggers,
                        CancellationToken.None);
                    server = host;
                    port = host.KmipEndPoint.Port;
                    break;
                }

            default:
                await Console.Error.WriteLineAsync($"usage: host echo TLSDIR RESPONSEFILE | host clavis DATADIR [RSAPOOLSIZE] [{NoAudit}] [{NoSpool}]");
                return 2;
        }

        await using (server)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready {port} {watch.Elapsed.TotalMilliseconds:F1}"));
            while (await Console.In.ReadLineAsync() is string command && command != "stop")
            {
                if (command == "stats")
                {
                    using var process = Process.GetCurrentProcess();
                    long heap = GC.GetTotalMemory(forceFullCollection: false);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stats {process.WorkingSet64} {heap} {process.TotalProcessorTime.TotalMilliseconds:F3}"));
                }
            }
        }

        Console.WriteLine("stopped");
        return 0;
    }
}
