using System.Diagnostics;
using Clavis.Core.Audit;
using Clavis.Core.Ports;
using Microsoft.Data.Sqlite;

namespace Clavis.Storage.Sqlite.Tests;

public sealed class SqliteCrashTests : IDisposable
{
    private const int AcknowledgedBeforeKill = 300;
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Every_acknowledged_insert_survives_SIGKILL_and_the_database_is_intact()
    {
        List<string> acknowledged = await RunProbeUntilKilledAsync();

        await using (SqliteObjectStore store = SqliteObjectStore.Open(new SqliteStoreOptions { Path = _directory.DatabasePath }))
        {
            foreach (string id in acknowledged)
            {
                Assert.NotNull(await store.GetAsync(id, CancellationToken.None));
            }

            Assert.True(await store.CountAsync(CancellationToken.None) >= acknowledged.Count);
        }

        AssertIntact();
    }

    [Fact]
    public async Task Every_acknowledged_audit_record_survives_SIGKILL_whether_spooled_or_in_the_database_and_the_chain_is_whole()
    {
        List<string> acknowledged = await RunProbeUntilKilledAsync("audit");

        await using (SqliteObjectStore store = SqliteObjectStore.Open(new SqliteStoreOptions { Path = _directory.DatabasePath }))
        {
            // The records the kill left in the spool are in the database once it is open again.
        }

        var messages = new HashSet<string>(StringComparer.Ordinal);
        using (SqliteAuditReader reader = SqliteAuditReader.Open(_directory.DatabasePath))
        {
            byte[] previous = AuditRecordCodec.GenesisHash.ToArray();
            long sequence = 0;
            foreach (StoredAuditRecord stored in reader.ReadRecords("crash-probe", 1, null))
            {
                AuditEntry entry = AuditRecordCodec.Decode(stored.Encoded);
                Assert.Equal(++sequence, entry.Sequence);
                Assert.Equal(previous, entry.PreviousHash);
                Assert.Equal(AuditRecordCodec.Hash(stored.Encoded), stored.Hash);
                previous = stored.Hash;
                Assert.True(messages.Add(entry.Record.Message!), $"record {entry.Record.Message} is in the chain twice");
            }
        }

        Assert.All(acknowledged, message => Assert.Contains(message, messages));
        AssertIntact();
    }

    private async Task<List<string>> RunProbeUntilKilledAsync(params string[] mode)
    {
        string probe = Path.Combine(AppContext.BaseDirectory, "Clavis.Storage.Sqlite.CrashProbe.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(probe);
        start.ArgumentList.Add(_directory.DatabasePath);
        start.ArgumentList.Add("8");
        foreach (string argument in mode)
        {
            start.ArgumentList.Add(argument);
        }

        var acknowledged = new List<string>();
        using Process child = Process.Start(start)!;
        Task<string> errors = child.StandardError.ReadToEndAsync();
        try
        {
            Assert.Equal("ready", await child.StandardOutput.ReadLineAsync());
            while (acknowledged.Count < AcknowledgedBeforeKill && await child.StandardOutput.ReadLineAsync() is { } line)
            {
                acknowledged.Add(line);
            }
        }
        finally
        {
            // SIGKILL: no finally blocks, no dispose, no checkpoint run in the child.
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }

        // Lines printed between the last read and the kill were acknowledged too.
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            acknowledged.Add(line);
        }

        Assert.True(acknowledged.Count >= AcknowledgedBeforeKill, "the probe stopped early: " + await errors);
        return acknowledged;
    }

    private void AssertIntact()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _directory.DatabasePath, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", check.ExecuteScalar());
    }
}
