using System.CommandLine;
using Clavis.Server.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clavis.Cli.Tests;

/// <summary><c>clavis audit archive --data</c> and <c>clavis audit verify --archive</c> on a real node's data folder.</summary>
public sealed class AuditArchiveCommandTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("clavis-archive-cli-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Archive_twice_then_the_database_and_each_archive_verify_and_a_tampered_archive_does_not()
    {
        // Two runs: Start 1, ConfigurationChange 2, Stop 3 (signed at stop), Start 4, Stop 5 (signed at stop; the settings did not change).
        await RunNodeOnceAsync();
        await RunNodeOnceAsync();
        string first = Path.Combine(_data, "first.jsonl");

        (int archived, string output, string error) = Run("audit", "archive", "--data", _data, "--through", "3", "--out", first);
        (int second, string secondOutput, _) = Run("audit", "archive", "--data", _data, "--through", "100");
        (int store, string storeOutput, string storeError) = Run("audit", "verify", "--data", _data);
        (int alone, string aloneOutput, _) = Run("audit", "verify", "--data", _data, "--archive", first);

        Assert.True(archived == 0, error);
        Assert.Contains($"archived records 1..3 of node node-1 to {first} (3 records", output, StringComparison.Ordinal);
        Assert.Contains("removed 3 records from the database; its chain now starts after record 3", output, StringComparison.Ordinal);
        Assert.Equal(0, second);
        string secondFile = Path.Combine(_data, "audit-archives", "audit-node-1-4-5.jsonl");
        Assert.Contains($"archived records 4..5 of node node-1 to {secondFile}", secondOutput, StringComparison.Ordinal);
        Assert.True(store == 0, storeError);
        Assert.Contains("note: node node-1: records 1..3 archived to first.jsonl (sha256 ", storeOutput, StringComparison.Ordinal);
        Assert.Contains("note: node node-1: records 4..5 archived to audit-node-1-4-5.jsonl (sha256 ", storeOutput, StringComparison.Ordinal);
        Assert.Contains("intact: 2 records", storeOutput, StringComparison.Ordinal);
        Assert.Equal(0, alone);
        Assert.Contains("intact: 3 records and 1 checkpoints checked", aloneOutput, StringComparison.Ordinal);

        // One hex digit of record 2's stored hash changed, as an edit that forgot the hash would leave it.
        string[] lines = File.ReadAllLines(first);
        int line = Array.FindIndex(lines, l => l.StartsWith("{\"record\":{\"sequence\":2,", StringComparison.Ordinal));
        int digit = lines[line].IndexOf("\"hash\":\"", StringComparison.Ordinal) + 8;
        lines[line] = lines[line][..digit] + (lines[line][digit] == '0' ? '1' : '0') + lines[line][(digit + 1)..];
        File.WriteAllLines(first, lines);
        (int tampered, _, string report) = Run("audit", "verify", "--archive", first, "--public-key", Directory.EnumerateFiles(Path.Combine(_data, "audit-keys")).Single());
        Assert.Equal(1, tampered);
        Assert.Contains("BROKEN (ChangedRecord) node node-1, sequence 2: hash mismatch at sequence 2", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Archive_refuses_a_folder_a_server_runs_on_and_bad_limits()
    {
        await RunNodeOnceAsync();
        var settings = new ClavisSettings { Data = _data, KmipPort = 0, HttpsPort = -1 };
        await using (ClavisHost host = await ClavisHost.StartAsync(new ClavisHostOptions { Settings = settings }, NullLoggerFactory.Instance, CancellationToken.None))
        {
            (int locked, _, string error) = Run("audit", "archive", "--data", _data, "--through", "2");
            Assert.Equal(2, locked);
            Assert.Contains("is in use by another Clavis process", error, StringComparison.Ordinal);
            Assert.Contains("Archive through the running server instead: clavis audit archive --server", error, StringComparison.Ordinal);
        }

        (int neither, _, string noLimit) = Run("audit", "archive", "--data", _data);
        (int nothing, _, string none) = Run("audit", "archive", "--data", _data, "--through", "1");
        (int missing, _, string noDatabase) = Run("audit", "archive", "--data", Path.Combine(_data, "nothing"), "--through", "1");

        Assert.Equal((2, 2, 2), (neither, nothing, missing));
        Assert.Contains("say how far to archive: --through SEQ (1 or more) or --before TIME", noLimit, StringComparison.Ordinal);
        Assert.Contains("nothing to archive in node node-1's chain: no checkpoint from record 1 on is at or before record 1", none, StringComparison.Ordinal);
        Assert.Contains("no Clavis database at", noDatabase, StringComparison.Ordinal);
    }

    private async Task RunNodeOnceAsync()
    {
        var settings = new ClavisSettings { Data = _data, KmipPort = 0, HttpsPort = -1 };
        ClavisHost host = await ClavisHost.StartAsync(new ClavisHostOptions { Settings = settings }, NullLoggerFactory.Instance, CancellationToken.None);
        await host.DisposeAsync();
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = ClavisCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
