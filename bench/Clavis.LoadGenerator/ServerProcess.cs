using System.Diagnostics;
using System.Globalization;

namespace Clavis.LoadGenerator;

/// <summary>
/// A server in a child process (this program's <c>host</c> mode), started and stopped by the generator.
/// Only this process is ever stopped: by a <c>stop</c> line, and by killing its own id if it does not exit.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly SemaphoreSlim _commands = new(1, 1);

    private ServerProcess(Process process, int port, double startupMilliseconds, TimeSpan processToReady)
    {
        _process = process;
        Port = port;
        StartupMilliseconds = startupMilliseconds;
        ProcessToReady = processToReady;
    }

    public int Port { get; }

    /// <summary>Time the server took to start inside its process (for Clavis: <c>ClavisHost.StartAsync</c>).</summary>
    public double StartupMilliseconds { get; }

    /// <summary>From process start to ready, runtime start-up and JIT included.</summary>
    public TimeSpan ProcessToReady { get; }

    public static async Task<ServerProcess> StartAsync(params string[] hostArguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("no process path"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        string? entry = Environment.GetCommandLineArgs()[0];
        if (entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            // Run through the dotnet host: the child is this same assembly.
            start.ArgumentList.Add(entry);
        }

        start.ArgumentList.Add("host");
        foreach (string argument in hostArguments)
        {
            start.ArgumentList.Add(argument);
        }

        var watch = Stopwatch.StartNew();
        Process process = Process.Start(start) ?? throw new InvalidOperationException("the server process did not start");
        string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(5));
        if (line is null || !line.StartsWith("ready ", StringComparison.Ordinal))
        {
            process.Kill();
            await process.WaitForExitAsync();
            throw new InvalidOperationException($"the server process did not get ready: {line ?? "(no output)"}; exit code {process.ExitCode}");
        }

        string[] parts = line.Split(' ');
        return new ServerProcess(process, int.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture), watch.Elapsed);
    }

    public async Task<ServerStats> StatsAsync()
    {
        await _commands.WaitAsync();
        try
        {
            await _process.StandardInput.WriteLineAsync("stats");
            await _process.StandardInput.FlushAsync();
            string line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1)) ?? throw new InvalidOperationException("the server process ended");
            string[] parts = line.Split(' ');
            return new ServerStats(
                long.Parse(parts[1], CultureInfo.InvariantCulture),
                long.Parse(parts[2], CultureInfo.InvariantCulture),
                TimeSpan.FromMilliseconds(double.Parse(parts[3], CultureInfo.InvariantCulture)));
        }
        finally
        {
            _commands.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StandardInput.WriteLineAsync("stop");
            await _process.StandardInput.FlushAsync();
            _process.StandardInput.Close();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception ex) when (ex is TimeoutException or IOException)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        finally
        {
            _process.Dispose();
            _commands.Dispose();
        }
    }
}
