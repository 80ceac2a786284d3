using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Clavis.Integration.Tests.Support;

/// <summary>
/// <c>clavis serve</c> as a child process (<c>dotnet clavis.dll</c>), so a test can kill it with SIGKILL.
/// The KMIP port is read from what the server prints at start.
/// </summary>
public sealed partial class ClavisProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ClavisProcess(Process process)
    {
        _process = process;
    }

    public IPEndPoint KmipEndPoint { get; private set; } = null!;

    /// <summary>Everything the server printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>clavis.dll: next to the test assembly (the Cli project is referenced), else in the Cli project's build output.</summary>
    public static string FindClavisDll()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "clavis.dll");
        if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "clavis.runtimeconfig.json")))
        {
            return beside;
        }

        // bin/<Configuration>/net10.0/ of this project → src/Clavis.Cli/bin/<Configuration>/net10.0/.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string configuration = output.Parent!.Name;
        string root = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        string built = Path.Combine(root, "src", "Clavis.Cli", "bin", configuration, output.Name, "clavis.dll");
        return File.Exists(built) ? built : throw new FileNotFoundException($"clavis.dll is neither in {AppContext.BaseDirectory} nor at {built}; build Clavis.slnx first");
    }

    /// <summary>Starts <c>clavis serve</c> on <paramref name="dataDirectory"/> with a free KMIP port and HTTPS off.</summary>
    public static async Task<ClavisProcess> StartAsync(string dataDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { FindClavisDll(), "serve", "--data", dataDirectory, "--listen", "127.0.0.1", "--kmip-port", "0", "--https-port", "-1" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("CLAVIS_PASSPHRASE");
        var process = new ClavisProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
        try
        {
            await process.WaitForEndPointAsync();
            return process;
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit(30_000);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private async Task WaitForEndPointAsync()
    {
        var found = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Collect(object sender, DataReceivedEventArgs line)
        {
            if (line.Data is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line.Data);
            }

            if (ServingLine().Match(line.Data) is { Success: true } match)
            {
                found.TrySetResult(new IPEndPoint(IPAddress.Loopback, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        _process.OutputDataReceived += Collect;
        _process.ErrorDataReceived += Collect;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Task exited = _process.WaitForExitAsync(timeout.Token);
        if (await Task.WhenAny(found.Task, exited) != found.Task)
        {
            throw new InvalidOperationException($"clavis serve did not start: {Output}");
        }

        KmipEndPoint = await found.Task;
    }

    // "Clavis 0.1.0 is serving KMIP 1.0–2.1 on 127.0.0.1:40123 (TLS 1.2/1.3, …)"
    [GeneratedRegex(@"serving KMIP .*on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ServingLine();
}
