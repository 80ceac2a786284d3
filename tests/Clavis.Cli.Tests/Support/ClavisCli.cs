using System.Diagnostics;
using System.Text;
using Clavis.Integration.Tests.Support;

namespace Clavis.Cli.Tests.Support;

/// <summary>What one run of the built clavis binary did.</summary>
public sealed record CliRun(int ExitCode, byte[] OutputBytes, string Error)
{
    /// <summary>Standard output as UTF-8 text.</summary>
    public string Output => Encoding.UTF8.GetString(OutputBytes);

    /// <summary>For assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\nstdout: {Output}\nstderr: {Error}";
}

/// <summary>
/// Runs the built <c>clavis</c> (<c>dotnet clavis.dll</c>) as a user would: a separate process with its own
/// environment (no CLAVIS_* from the test runner, a private config home), standard streams redirected.
/// </summary>
public sealed class ClavisCli : IDisposable
{
    private readonly TemporaryDirectory _home = new("clavis-cli-home-");

    /// <summary>The folder used as HOME and XDG_CONFIG_HOME's parent, and as the working directory.</summary>
    public string Home => _home.Path;

    /// <summary>Environment variables every run gets (on top of the cleaned environment).</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public static string Dll => ClavisProcess.FindClavisDll();

    public Task<CliRun> RunAsync(params string[] arguments) => RunAsync(arguments, null, null);

    public async Task<CliRun> RunAsync(IReadOnlyList<string> arguments, byte[]? input, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Home,
        };
        start.ArgumentList.Add(Dll);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Prepare(start.Environment);
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        Task<byte[]> output = ReadAllAsync(process.StandardOutput.BaseStream);
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await output, await error);
    }

    /// <summary>A clean environment: nothing CLAVIS_ from outside, HOME and XDG_CONFIG_HOME in the private folder.</summary>
    public void Prepare(IDictionary<string, string?> environment)
    {
        foreach (string name in environment.Keys.Where(k => k.StartsWith("CLAVIS_", StringComparison.Ordinal)).ToList())
        {
            environment.Remove(name);
        }

        environment["HOME"] = Home;
        environment["XDG_CONFIG_HOME"] = Path.Combine(Home, ".config");
        foreach ((string name, string value) in Environment)
        {
            environment[name] = value;
        }
    }

    /// <summary>Runs a bash script in <see cref="Home"/> in which <c>clavis</c> is the built binary.</summary>
    public async Task<CliRun> BashAsync(string script)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Home,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"clavis() {{ dotnet '{Dll}' \"$@\"; }}\n{script}");
        Prepare(start.Environment);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        process.StandardInput.Close();
        Task<byte[]> output = ReadAllAsync(process.StandardOutput.BaseStream);
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await output, await error);
    }

    public string WriteFile(string name, byte[] content)
    {
        string path = Path.Combine(Home, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string WriteFile(string name, string content) => WriteFile(name, Encoding.UTF8.GetBytes(content));

    public void Dispose() => _home.Dispose();

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
