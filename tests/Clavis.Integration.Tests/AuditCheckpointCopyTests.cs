using System.Net;
using System.Text.Json;
using Clavis.Audit;
using Clavis.Integration.Tests.Support;

namespace Clavis.Integration.Tests;

/// <summary>A running node copies each audit checkpoint to a file outside its database, and says in /health when it cannot.</summary>
public sealed class AuditCheckpointCopyTests
{
    [Fact]
    public async Task Each_checkpoint_is_appended_to_the_copy_file_and_health_says_the_copy_is_ok()
    {
        using var elsewhere = new TemporaryDirectory();
        string copyPath = Path.Combine(elsewhere.Path, "witness", "checkpoints.jsonl");
        await using ServerFixture server = await ServerFixture.StartAsync(settings => settings.AuditCheckpointCopyPath = copyPath);

        Core.Audit.AuditCheckpoint? signed = await server.Host.AuditSigner!.CheckpointAsync(CancellationToken.None);
        using var http = new AdminHttps(server, null);
        using JsonDocument health = await http.HealthAsync();

        Assert.Equal(copyPath, server.Host.AuditCheckpointCopyPath);
        Assert.Equal(signed!.Signature, Assert.Single(AuditCheckpointCopy.Read(copyPath).Checkpoints).Signature);
        Assert.Equal("ok", health.RootElement.GetProperty("auditCheckpointCopy").GetString());
        Assert.Equal(0, health.RootElement.GetProperty("auditCheckpointCopyFailures").GetInt64());
    }

    [Fact]
    public async Task A_copy_that_cannot_be_written_keeps_the_node_serving_and_is_counted_in_health()
    {
        using var elsewhere = new TemporaryDirectory();
        string blocker = Path.Combine(elsewhere.Path, "a-file");
        File.WriteAllText(blocker, "");
        await using ServerFixture server = await ServerFixture.StartAsync(settings => settings.AuditCheckpointCopyPath = Path.Combine(blocker, "checkpoints.jsonl"));

        Core.Audit.AuditCheckpoint? signed = await server.Host.AuditSigner!.CheckpointAsync(CancellationToken.None);
        using var http = new AdminHttps(server, null);
        using JsonDocument health = await http.HealthAsync();

        Assert.NotNull(signed);
        Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
        Assert.Equal("failing", health.RootElement.GetProperty("auditCheckpointCopy").GetString());
        Assert.Equal(1, health.RootElement.GetProperty("auditCheckpointCopyFailures").GetInt64());
        await using KmipTestClient client = await server.ConnectAsync();
        Responses.Success<Kmip.Messages.CreateResponsePayload>(await client.SendAsync(Requests.Message(Requests.CreateAes(128))));
    }
}
