using System.Security.Cryptography;
using System.Text;
using Clavis.Core.Audit;
using Clavis.Core.Ports;
using Clavis.Integration.Tests.Support;
using Clavis.Server.Hosting;
using Clavis.Storage.Sqlite;

namespace Clavis.Integration.Tests;

/// <summary>The node's settings enter the audit journal at the first start that runs with them, and only then.</summary>
public sealed class ConfigurationJournalTests
{
    [Fact]
    public async Task The_first_start_records_every_setting_an_unchanged_restart_records_nothing_and_a_change_records_what_changed()
    {
        int retentionDays = 90;
        string logLevel = "Information";
        await using ServerFixture server = await ServerFixture.StartAsync(s =>
        {
            s.PurgeRetentionDays = retentionDays;
            s.LogLevel = logLevel;
        });

        await server.RestartAsync();
        retentionDays = 30;
        logLevel = "Warning";
        await server.RestartAsync();
        StoredDocument[] versions = await DocumentVersionsAsync(server.Host.Services.Store);
        await server.StopAsync();

        using SqliteAuditReader reader = SqliteAuditReader.Open(Path.Combine(server.DataDirectory, "clavis.db"));
        List<AuditRecord> journal = [.. reader.ReadRecords("node-1", 1, null).Select(r => AuditRecordCodec.Decode(r.Encoded).Record)];
        Assert.Equal(["Start", "ConfigurationChange", "Stop", "Start", "Stop", "Start", "ConfigurationChange", "Stop"], journal.Select(r => r.Operation));
        AuditRecord[] changes = [.. journal.Where(r => r.Operation == ConfigurationJournal.Operation)];
        Assert.All(changes, r => Assert.Equal(AuditSource.Server, r.Source));
        Assert.Matches("^settings sha256 [0-9a-f]{64}, first recorded; differs from the defaults in: Data .+; HttpsPort 8443 → 0; KmipPort 5696 → 0$", changes[0].Message);
        Assert.Equal($"settings sha256 {Sha256(versions[1].Body!)}, changed since the last start: LogLevel Information → Warning; PurgeRetentionDays 90 → 30", changes[1].Message);
        Assert.Contains(Sha256(versions[0].Body!), changes[0].Message, StringComparison.Ordinal);
        Assert.Contains("\"PurgeRetentionDays\":\"30\"", versions[1].Body, StringComparison.Ordinal);
    }

    private static async Task<StoredDocument[]> DocumentVersionsAsync(IDocumentStore store)
    {
        var versions = new List<StoredDocument>();
        foreach (StoredDocument version in await store.ListDocumentVersionsAsync(ConfigurationJournal.DocumentKind, "node-1", CancellationToken.None))
        {
            versions.Add((await store.GetDocumentAsync(ConfigurationJournal.DocumentKind, "node-1", version.Version, CancellationToken.None))!);
        }

        return [.. versions];
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Describe_names_changed_added_and_removed_settings_in_name_order()
    {
        var before = new Dictionary<string, string> { ["B"] = "1", ["A"] = "x", ["Gone"] = "" };
        var after = new Dictionary<string, string> { ["B"] = "2", ["A"] = "x", ["New"] = "on" };

        Assert.Equal("B 1 → 2; Gone (no longer a setting; was (empty)); New on (new setting)", ConfigurationJournal.Describe(before, after));
        Assert.Null(ConfigurationJournal.Describe(after, after));
    }
}
