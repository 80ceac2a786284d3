using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Clavis.Client.Tests.Support;

/// <summary>
/// A real DNS server for one test: dnsmasq (Debian package dnsmasq-base, which test.sh installs) in the
/// foreground on 127.0.0.1 and a free UDP port, answering only from its command line (no upstream, no hosts file).
/// </summary>
public sealed class Dnsmasq : IAsyncDisposable
{
    private readonly Process _process;

    private Dnsmasq(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    /// <summary>Starts dnsmasq with <paramref name="records"/> (e.g. --srv-host=..., --host-record=...); a given port re-uses it.</summary>
    /// <exception cref="InvalidOperationException">dnsmasq is not installed or did not start.</exception>
    public static async Task<Dnsmasq> StartAsync(IEnumerable<string> records, int ttlSeconds, int port = 0)
    {
        if (port == 0)
        {
            using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        }

        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["--no-daemon", "--conf-file=/dev/null", $"--port={port}", "--listen-address=127.0.0.1", "--bind-interfaces",
            "--no-resolv", "--no-hosts", "--pid-file=", "--log-facility=-", $"--local-ttl={ttlSeconds}", "--user=" + Environment.UserName, .. records])
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("dnsmasq did not start");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Text.StringBuilder();
        void Read(object? sender, DataReceivedEventArgs e)
        {
            lock (log)
            {
                log.AppendLine(e.Data);
            }

            if (e.Data?.Contains("started, version", StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }
        }

        process.ErrorDataReceived += Read;
        process.OutputDataReceived += Read;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        Task exited = process.WaitForExitAsync();
        if (await Task.WhenAny(started.Task, exited, Task.Delay(TimeSpan.FromSeconds(30))) != started.Task)
        {
            process.Kill();
            process.Dispose();
            lock (log)
            {
                throw new InvalidOperationException($"dnsmasq did not start on port {port}: {log}");
            }
        }

        return new Dnsmasq(process, port);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string Executable()
    {
        foreach (string directory in (string[])["/usr/sbin", "/usr/bin", "/sbin", "/bin", .. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')])
        {
            string candidate = Path.Combine(directory, "dnsmasq");
            if (directory.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("dnsmasq is not installed: the DNS SRV tests need a real DNS server (apt-get install dnsmasq-base; test.sh installs it)");
    }
}
