using System.CommandLine;
using System.Text.Json;
using Clavis.Server.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clavis.Cli.Tests;

public sealed class AuditCommandTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("clavis-audit-cli-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Verify_exits_0_on_a_fresh_node_and_1_naming_the_break_after_an_edit()
    {
        await RunNodeOnceAsync();

        (int intact, string output, string error) = Run("audit", "verify", "--data", _data);
        Assert.Equal(0, intact);
        Assert.Empty(error);
        Assert.Contains("trusting 1 checkpoint public key(s)", output, StringComparison.Ordinal);
        Assert.Contains("intact: 3 records and 1 checkpoints checked", output, StringComparison.Ordinal);

        Edit("UPDATE audit_records SET operation = 'Destroy' WHERE sequence = 1");
        (int broken, _, string report) = Run("audit", "verify", "--data", _data);
        Assert.Equal(1, broken);
        Assert.Contains("BROKEN (ChangedRecord) node node-1, sequence 1: changed field at sequence 1: column operation says 'Destroy' but the hashed record says 'Start'", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offline_commands_say_how_many_records_wait_in_a_running_nodes_audit_spool()
    {
        await RunNodeOnceAsync();
        var options = new Storage.Sqlite.SqliteStoreOptions
        {
            Path = Path.Combine(_data, "clavis.db"),
            AuditSpoolMaxAge = TimeSpan.FromMinutes(10),
        };
        await using (var store = Storage.Sqlite.SqliteObjectStore.Open(options))
        {
            var get = new Core.Audit.AuditRecord
            {
                Time = DateTimeOffset.UtcNow, NodeId = "node-1", Source = Core.Audit.AuditSource.KmipRequest, Operation = "Get", Principal = "alice", ResultStatus = "Success",
            };
            await store.AppendAsync([get, get, get], CancellationToken.None);

            (int verified, string output, _) = Run("audit", "verify", "--data", _data);
            (int queried, _, string error) = Run("audit", "query", "--data", _data, "--operation", "Get");
            (int counted, _, string inventoryError) = Run("inventory", "--data", _data);

            Assert.Equal((0, 0, 0), (verified, queried, counted));
            Assert.Contains("clavis inventory: 3 records of node node-1 wait in the audit spool", inventoryError, StringComparison.Ordinal);
            Assert.Contains("3 records of node node-1 wait in the audit spool", output, StringComparison.Ordinal);
            Assert.Contains("intact: 3 records", output, StringComparison.Ordinal);
            Assert.Contains("clavis audit query: 3 records of node node-1 wait in the audit spool", error, StringComparison.Ordinal);
        }

        (int code, string after, _) = Run("audit", "verify", "--data", _data);
        Assert.Equal(0, code);
        Assert.DoesNotContain("audit spool", after, StringComparison.Ordinal);
        Assert.Contains("intact: 6 records", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_writes_json_lines_and_query_filters_by_operation()
    {
        await RunNodeOnceAsync();

        (int code, string lines, _) = Run("audit", "export", "--data", _data);
        (int queried, string stop, _) = Run("audit", "query", "--data", _data, "--operation", "Stop", "--json");

        Assert.Equal((0, 0), (code, queried));
        JsonElement[] records = [.. lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal(["Start", "ConfigurationChange", "Stop"], records.Select(r => r.GetProperty("operation").GetString()));
        Assert.Equal([1L, 2L, 3L], records.Select(r => r.GetProperty("sequence").GetInt64()));
        Assert.Equal(records[0].GetProperty("hash").GetString(), records[1].GetProperty("previousHash").GetString());
        Assert.Equal("Server", records[0].GetProperty("source").GetString());
        Assert.Equal("Stop", JsonDocument.Parse(stop.Trim()).RootElement.GetProperty("operation").GetString());
    }

    [Fact]
    public async Task Query_shows_how_many_batch_items_a_folded_record_stands_for()
    {
        await RunNodeOnceAsync();
        var item = new Core.Audit.AuditRecord
        {
            Time = DateTimeOffset.UtcNow, NodeId = "node-1", Source = Core.Audit.AuditSource.KmipRequest, Operation = "Encrypt",
            Principal = "alice", RequestId = "r1", BatchItemIndex = 0, ObjectIds = ["key-1"], ObjectCount = 1, ResultStatus = "Success", DataSize = 1024,
        };
        Assert.True(item.TryCoalesce(item with { BatchItemIndex = 1 }, out Core.Audit.AuditRecord? two));
        Assert.True(two.TryCoalesce(item with { BatchItemIndex = 2 }, out Core.Audit.AuditRecord? three));
        await using (var store = Storage.Sqlite.SqliteObjectStore.Open(new Storage.Sqlite.SqliteStoreOptions { Path = Path.Combine(_data, "clavis.db") }))
        {
            var changes = new Core.Ports.ObjectChangeSet();
            changes.AuditRecords.Add(three);
            changes.AuditRecords.Add(item with { RequestId = "r2", ResultStatus = "OperationFailed", ResultReason = "PermissionDenied" });
            await store.CommitAsync(changes, CancellationToken.None);
        }

        (int code, string table, _) = Run("audit", "query", "--data", _data, "--object", "key-1");

        Assert.Equal(0, code);
        string[] lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("  Encrypt ×3  key-1  Success", table, StringComparison.Ordinal);
        Assert.Contains("  Encrypt  key-1  OperationFailed", table, StringComparison.Ordinal);
        Assert.Equal(0, Run("audit", "verify", "--data", _data).Code);
    }

    [Fact]
    public async Task Verify_compares_with_the_checkpoint_copy_and_catches_a_tail_cut_with_its_checkpoints()
    {
        await RunNodeOnceAsync();
        string copy = Path.Combine(_data, "audit-checkpoints.jsonl");
        string moved = Path.Combine(_data, "elsewhere.jsonl");
        File.Move(copy, moved);
        Edit("DELETE FROM audit_records WHERE sequence = 3; DELETE FROM audit_checkpoints");

        (int alone, string aloneOutput, _) = Run("audit", "verify", "--data", _data);
        (int compared, string output, string error) = Run("audit", "verify", "--data", _data, "--checkpoints", moved);
        (int missing, _, string missingError) = Run("audit", "verify", "--data", _data, "--checkpoints", Path.Combine(_data, "nothing.jsonl"));

        Assert.Equal(0, alone);
        Assert.Contains("has no checkpoint yet", aloneOutput, StringComparison.Ordinal);
        Assert.Equal(1, compared);
        Assert.Contains($"comparing with 1 checkpoint copies from {moved}", output, StringComparison.Ordinal);
        Assert.Contains("BROKEN (TruncatedTail) node node-1, sequence 3: truncated tail: the checkpoint copy kept outside the database", error, StringComparison.Ordinal);
        Assert.Equal(2, missing);
        Assert.Contains("no checkpoint copy at", missingError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_writes_cef_and_syslog_lines_and_refuses_an_unknown_format()
    {
        await RunNodeOnceAsync();

        (int cef, string cefLines, _) = Run("audit", "export", "--data", _data, "--format", "cef");
        (int syslog, string syslogLines, _) = Run("audit", "export", "--data", _data, "--format", "syslog", "--node", "node-1");
        (int unknown, _, string error) = Run("audit", "export", "--data", _data, "--format", "xml");

        Assert.Equal((0, 0), (cef, syslog));
        string[] events = cefLines.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, events.Length);
        Assert.StartsWith($"CEF:0|Clavis|Clavis KMS|{ClavisCommand.Version}|Start|Start Success|3|", events[0], StringComparison.Ordinal);
        Assert.Contains(" cat=Server act=Start outcome=Success ", events[0], StringComparison.Ordinal);
        string[] messages = syslogLines.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, messages.Length);
        Assert.Matches(@"^<110>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z node-1 clavis - Stop \[clavis@32473 node=""node-1"" sequence=""3"" ", messages[2]);
        Assert.Equal(2, unknown);
        Assert.Contains("--format is jsonl, cef or syslog, not 'xml'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_exits_2_when_there_is_no_database()
    {
        (int code, _, string error) = Run("audit", "verify", "--data", Path.Combine(_data, "nothing"));

        Assert.Equal(2, code);
        Assert.Contains("no Clavis database", error, StringComparison.Ordinal);
    }

    private async Task RunNodeOnceAsync()
    {
        var settings = new ClavisSettings { Data = _data, KmipPort = 0, HttpsPort = -1 };
        ClavisHost host = await ClavisHost.StartAsync(new ClavisHostOptions { Settings = settings }, NullLoggerFactory.Instance, CancellationToken.None);
        await host.DisposeAsync();
    }

    private void Edit(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "clavis.db")};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = ClavisCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
