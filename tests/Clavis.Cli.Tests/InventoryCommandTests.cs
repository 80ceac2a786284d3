using System.CommandLine;
using System.Text.Json;
using Clavis.Core.Audit;
using Clavis.Core.Objects;
using Clavis.Core.Ports;
using Clavis.Kmip;
using Clavis.Kmip.Ttlv;
using Clavis.Server.Hosting;
using Clavis.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clavis.Cli.Tests;

public sealed class InventoryCommandTests : IDisposable
{
    private static readonly DateTimeOffset s_now = DateTimeOffset.UtcNow;

    private readonly string _data = Directory.CreateTempSubdirectory("clavis-inventory-cli-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Json_counts_objects_and_lists_rotation_past_dates_unused_keys_and_refusals()
    {
        await StoreSampleAsync();

        (int code, string output, string error) = Run("inventory", "--data", _data, "--json");

        Assert.True(code == 0, error);
        Assert.Empty(error);
        JsonElement report = JsonDocument.Parse(output).RootElement;
        Assert.True(report.GetProperty("auditJournal").GetBoolean());
        Assert.Equal(7, report.GetProperty("objectCount").GetInt64());
        Assert.Equal(6, report.GetProperty("byObjectType").GetProperty("SymmetricKey").GetInt64());
        Assert.Equal(1, report.GetProperty("byObjectType").GetProperty("SecretData").GetInt64());
        Assert.Equal(5, report.GetProperty("byState").GetProperty("Active").GetInt64());
        Assert.Equal(1, report.GetProperty("byState").GetProperty("PreActive").GetInt64());
        Assert.Equal(1, report.GetProperty("byState").GetProperty("Destroyed").GetInt64());
        Assert.Equal(6, report.GetProperty("byCryptographicAlgorithm").GetProperty("AES").GetInt64());
        Assert.Equal(1, report.GetProperty("byCryptographicAlgorithm").GetProperty("none").GetInt64());
        Assert.Equal(3, report.GetProperty("byCryptographicLength").GetProperty("256").GetInt64());
        Assert.Equal(3, report.GetProperty("byOwner").GetProperty("alice").GetInt64());
        Assert.Equal(2, report.GetProperty("byOwner").GetProperty("bob").GetInt64());
        Assert.Equal(2, report.GetProperty("byObjectGroup").GetProperty("payments").GetInt64());

        // Earliest first: the overdue key, then the one due in ten days.
        JsonElement rotation = report.GetProperty("rotationDue");
        Assert.Equal(2, rotation.GetProperty("count").GetInt64());
        Assert.Equal(["k-overdue", "k-due-soon"], Ids(rotation.GetProperty("keys")));
        Assert.Equal([true, false], rotation.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("overdue").GetBoolean()));

        JsonElement past = report.GetProperty("activePastDates").GetProperty("keys");
        Assert.Equal(["k-past-deactivation", "k-protect-after-stop"], Ids(past));
        Assert.Equal(JsonValueKind.String, past[0].GetProperty("deactivationDate").ValueKind);
        Assert.Equal(JsonValueKind.Null, past[0].GetProperty("protectStopDate").ValueKind);
        Assert.Equal(JsonValueKind.Null, past[1].GetProperty("deactivationDate").ValueKind);
        Assert.Equal(JsonValueKind.String, past[1].GetProperty("protectStopDate").ValueKind);

        Assert.Equal(["k-protect-after-stop"], Ids(report.GetProperty("protectedAfterStop").GetProperty("keys")));

        // Used: k-overdue (Encrypt), k-past-deactivation (Get), k-due-soon (MAC). The refused Gets of
        // k-unused are no use; destroyed keys and secret data are not listed.
        Assert.Equal(["k-unused"], Ids(report.GetProperty("neverUsed").GetProperty("keys")));

        JsonElement refusals = report.GetProperty("refusals");
        Assert.Equal(1, refusals.GetProperty("count").GetInt64());
        JsonElement refused = refusals.GetProperty("objects")[0];
        Assert.Equal("k-unused", refused.GetProperty("uniqueIdentifier").GetString());
        Assert.Equal(3, refused.GetProperty("count").GetInt64());
        Assert.Equal(2, refused.GetProperty("policyDenied").GetInt64());
        Assert.Equal(2, refused.GetProperty("byOperation").GetProperty("Get").GetInt64());
        Assert.Equal(1, refused.GetProperty("byOperation").GetProperty("Encrypt").GetInt64());
    }

    [Fact]
    public async Task Table_shows_each_section_and_cuts_lists_at_the_limit()
    {
        await StoreSampleAsync();

        (int code, string output, string error) = Run("inventory", "--data", _data, "--limit", "1");

        Assert.True(code == 0, error);
        Assert.Contains("7 objects at", output, StringComparison.Ordinal);
        Assert.Contains("By Owner", output, StringComparison.Ordinal);
        Assert.Matches(@"\n  alice\s+3\n  bob\s+2\n", output);
        Assert.Contains("Rotation due within 30 days or overdue: 2", output, StringComparison.Ordinal);
        Assert.Matches(@"\n  k-overdue\s+alice\s+\S+ \S+Z\s+OVERDUE\n  … and 1 more \(--limit\)\n", output);
        Assert.Contains("Active past Deactivation Date or Protect Stop Date: 2", output, StringComparison.Ordinal);
        Assert.Matches(@"\n  k-protect-after-stop\s+carol\s+\S+ \S+Z\s+\S+ \S+Z\n", output);
        Assert.Contains("Keys never used", output, StringComparison.Ordinal);
        Assert.Matches(@"\n  k-unused\s+SymmetricKey\s+bob\n", output);
        Assert.Contains("Objects with refused requests: 1", output, StringComparison.Ordinal);
        Assert.Matches(@"\n  k-unused\s+3\s+2\s+Get 2, Encrypt 1\n", output);
    }

    [Fact]
    public async Task Reads_the_store_while_a_server_runs_on_it()
    {
        var settings = new ClavisSettings { Data = _data, KmipPort = 0, HttpsPort = -1 };
        await using ClavisHost host = await ClavisHost.StartAsync(new ClavisHostOptions { Settings = settings }, NullLoggerFactory.Instance, CancellationToken.None);

        (int code, string output, string error) = Run("inventory", "--data", _data, "--json");

        Assert.True(code == 0, error);
        JsonElement report = JsonDocument.Parse(output).RootElement;
        Assert.True(report.GetProperty("auditJournal").GetBoolean());
        Assert.Equal(0, report.GetProperty("objectCount").GetInt64());
    }

    [Fact]
    public void Exits_2_when_there_is_no_database()
    {
        (int code, string output, string error) = Run("inventory", "--data", Path.Combine(_data, "nothing"));

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("clavis inventory: no Clavis database at", error, StringComparison.Ordinal);
    }

    private async Task StoreSampleAsync()
    {
        await using SqliteObjectStore store = SqliteObjectStore.Open(new SqliteStoreOptions { Path = Path.Combine(_data, "clavis.db") });
        var changes = new ObjectChangeSet();
        changes.Inserts.Add(Key("k-overdue", State.Active, "alice", 256, a =>
        {
            Rotation(a, interval: TimeSpan.FromDays(1), initial: s_now.AddDays(-10));
            a.Add(Tag.ObjectGroup, TtlvNode.TextString(Tag.ObjectGroup, "payments"));
        }));
        changes.Inserts.Add(Key("k-due-soon", State.Active, "alice", 256, a =>
        {
            Rotation(a, interval: TimeSpan.FromDays(30), initial: s_now.AddDays(-20));
            a.Add(Tag.ObjectGroup, TtlvNode.TextString(Tag.ObjectGroup, "payments"));
        }));
        changes.Inserts.Add(Key("k-past-deactivation", State.Active, "alice", 256, a => a.SetDateTime(Tag.DeactivationDate, s_now.AddDays(-1))));
        changes.Inserts.Add(Key("k-protect-after-stop", State.Active, "carol", 192, a => a.SetDateTime(Tag.ProtectStopDate, s_now.AddDays(-2))));
        changes.Inserts.Add(Key("k-unused", State.PreActive, "bob", 128, _ => { }));
        changes.Inserts.Add(Key("k-destroyed", State.Destroyed, "bob", 128, _ => { }));
        changes.Inserts.Add(new ManagedObject("s-secret", ObjectType.SecretData, State.Active, new AttributeSet()) { Owner = "carol" });
        changes.AuditRecords.Add(Record("Encrypt", "k-overdue", "Success"));
        changes.AuditRecords.Add(Record("Get", "k-past-deactivation", "Success"));
        changes.AuditRecords.Add(Record("MAC", "k-due-soon", "Success"));
        changes.AuditRecords.Add(Record("Encrypt", "k-protect-after-stop", "Success"));
        // Decrypt processes data, which KMIP allows after the Protect Stop Date: no finding.
        changes.AuditRecords.Add(Record("Decrypt", "k-past-deactivation", "Success"));
        // Two refusals by the access policy, one for another reason (a usage mask, say).
        changes.AuditRecords.Add(Record("Get", "k-unused", "OperationFailed") with { PolicyDecision = "Deny", PolicyRule = "default-deny" });
        changes.AuditRecords.Add(Record("Get", "k-unused", "OperationFailed") with { PolicyDecision = "Deny", PolicyRule = "no-export@1#nobody-gets" });
        changes.AuditRecords.Add(Record("Encrypt", "k-unused", "OperationFailed"));
        // Activate is no use of the key: k-unused stays unused.
        changes.AuditRecords.Add(Record("Activate", "k-unused", "Success"));
        await store.CommitAsync(changes, CancellationToken.None);
    }

    private static ManagedObject Key(string id, State state, string owner, int length, Action<AttributeSet> more)
    {
        var attributes = new AttributeSet();
        attributes.SetEnumeration(Tag.CryptographicAlgorithm, (uint)CryptographicAlgorithm.AES);
        attributes.Set(Tag.CryptographicLength, TtlvNode.Integer(Tag.CryptographicLength, length));
        more(attributes);
        return new ManagedObject(id, ObjectType.SymmetricKey, state, attributes) { Owner = owner };
    }

    private static void Rotation(AttributeSet attributes, TimeSpan interval, DateTimeOffset initial)
    {
        attributes.Set(Tag.RotateAutomatic, TtlvNode.Boolean(Tag.RotateAutomatic, true));
        attributes.Set(Tag.RotateInterval, TtlvNode.Interval(Tag.RotateInterval, (uint)interval.TotalSeconds));
        attributes.SetDateTime(Tag.InitialDate, initial);
    }

    private static AuditRecord Record(string operation, string objectId, string status) => new()
    {
        Time = s_now,
        NodeId = "node-1",
        Source = AuditSource.KmipRequest,
        Operation = operation,
        Principal = "alice",
        ObjectIds = [objectId],
        ObjectCount = 1,
        ResultStatus = status,
    };

    private static string[] Ids(JsonElement keys) => [.. keys.EnumerateArray().Select(k => k.GetProperty("uniqueIdentifier").GetString()!)];

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = ClavisCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
