using System.Diagnostics;
using System.Text.Json;
using Clavis.Integration.Tests.Support;

namespace Clavis.Interop.Tests;

/// <summary>Runs the PyKMIP scripts of python/ with Debian's /usr/bin/python3 against a running server.</summary>
public static class PyKmip
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs <paramref name="script"/> with the server's address and admin credentials; returns its JSON result.</summary>
    public static Task<JsonElement> RunAsync(string script, ServerFixture server, string version)
    {
        ArgumentNullException.ThrowIfNull(server);
        return RunAsAsync(script, server, version, server.Host.Tls.AdminCertificate, server.Host.Tls.AdminKey);
    }

    /// <summary>Runs <paramref name="script"/> as the client whose certificate and key are the given PEM files, with extra arguments.</summary>
    public static async Task<JsonElement> RunAsAsync(string script, ServerFixture server, string version, string certificate, string key, params string[] extra)
    {
        ArgumentNullException.ThrowIfNull(server);
        await EnsureInstalledAsync();
        string path = Path.Combine(AppContext.BaseDirectory, "python", script);
        (int exit, string stdout, string stderr) = await RunProcessAsync(
            [path,
            server.KmipEndPoint.Address.ToString(),
            server.KmipEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            certificate,
            key,
            server.Host.Tls.CaCertificate,
            version,
            .. extra]);
        Assert.True(exit == 0, $"{script} {version} exited with {exit}.\nstderr:\n{stderr}\nstdout:\n{stdout}");
        try
        {
            using JsonDocument document = JsonDocument.Parse(stdout);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{script} {version} printed no JSON ({ex.Message}).\nstdout:\n{stdout}\nstderr:\n{stderr}", ex);
        }
    }

    /// <summary>Fails every step that did not succeed, with the script's own error and trace.</summary>
    public static void AssertAllStepsSucceeded(JsonElement result)
    {
        var failures = result.EnumerateObject()
            .Where(step => !step.Value.GetProperty("ok").GetBoolean())
            .Select(step => $"{step.Name}: {step.Value.GetProperty("error").GetString()}\n{step.Value.GetProperty("trace").GetString()}")
            .ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} step(s) failed:\n{string.Join("\n", failures)}");
    }

    private static async Task EnsureInstalledAsync()
    {
        if (!File.Exists(Python))
        {
            Assert.Fail($"{Python} is missing: run ./test.sh, which installs python3-pykmip (Debian).");
        }

        (int exit, _, string stderr) = await RunProcessAsync("-c", "import kmip");
        Assert.True(exit == 0, $"PyKMIP is not importable by {Python}: run ./test.sh, which installs python3-pykmip.\n{stderr}");
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunProcessAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.Combine(AppContext.BaseDirectory, "python"),
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Assert.Fail($"{string.Join(' ', arguments)} did not finish within {ScriptTimeout}.\nstderr:\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
