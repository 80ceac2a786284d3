using System.CommandLine;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Clavis.Audit;
using Clavis.Cli;
using Clavis.Core.Audit;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip.Messages;
using Clavis.Storage.Sqlite;

namespace Clavis.Integration.Tests;

/// <summary>Archiving the journal of a running node: the admin endpoint and <c>clavis audit archive --server</c>.</summary>
public sealed class AuditArchiveEndpointTests
{
    [Fact]
    public async Task A_running_node_archives_its_oldest_range_keeps_serving_and_both_parts_verify()
    {
        await using ServerFixture server = await ServerFixture.StartAsync();
        await CreateKeysAsync(server, 5);
        AuditCheckpoint signed = (await server.Host.AuditSigner!.CheckpointAsync(CancellationToken.None))!;
        using var admin = new AdminHttps(server, server.AdminCertificate);

        using JsonDocument archived = await admin.PostAsync("audit/archive", $$"""{"throughSequence":{{signed.Sequence}}}""", HttpStatusCode.OK);
        await CreateKeysAsync(server, 3);
        await server.Host.AuditSigner.CheckpointAsync(CancellationToken.None);
        using JsonDocument verified = (await admin.GetAsync("audit/verify", HttpStatusCode.OK))!;

        JsonElement result = archived.RootElement;
        string file = result.GetProperty("file").GetString()!;
        Assert.Equal((1L, signed.Sequence, signed.Sequence, signed.Sequence), (result.GetProperty("firstSequence").GetInt64(), result.GetProperty("lastSequence").GetInt64(), result.GetProperty("records").GetInt64(), result.GetProperty("removed").GetInt64()));
        Assert.Equal(Path.Combine(server.Host.AuditArchiveDirectory, $"audit-node-1-1-{signed.Sequence}.jsonl"), file);
        Assert.True(verified.RootElement.GetProperty("intact").GetBoolean(), verified.RootElement.ToString());
        Assert.Contains(verified.RootElement.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith($"node node-1: records 1..{signed.Sequence} archived to audit-node-1-1-{signed.Sequence}.jsonl (sha256 {result.GetProperty("sha256").GetString()})", StringComparison.Ordinal));
        string pem = Directory.EnumerateFiles(server.Host.AuditKeysDirectory, "*.pem").Single();
        Assert.Equal(0, Run("audit", "verify", "--archive", file, "--public-key", pem).Code);

        await server.StopAsync();
        using SqliteAuditReader reader = SqliteAuditReader.Open(Path.Combine(server.DataDirectory, "clavis.db"));
        AuditRecord record = reader.ReadRecords("node-1", 1, null).Select(r => AuditRecordCodec.Decode(r.Encoded).Record).Single(r => r.Operation == AuditArchiver.Operation);
        Assert.Equal(("Administrator", "admin", "Success"), (record.Source.ToString(), record.Principal, record.ResultStatus));
        Assert.True(AuditVerifier.Verify(reader, new AuditVerifierOptions { TrustedPublicKeys = [AuditPublicKeyFiles.Read(pem)] }).IsIntact);
    }

    [Fact]
    public async Task Archiving_is_for_administrators_refusals_are_recorded_and_bad_requests_say_why()
    {
        await using ServerFixture server = await ServerFixture.StartAsync();
        string pem = server.Host.Tls.IssueClient("app1", "apps", Path.Combine(server.DataDirectory, "issued"));
        using X509Certificate2 application = X509Certificate2.CreateFromPemFile(pem, Path.ChangeExtension(pem, ".key"));
        using var stranger = new AdminHttps(server, application);
        using var admin = new AdminHttps(server, server.AdminCertificate);

        using JsonDocument forbidden = await stranger.PostAsync("audit/archive", """{"throughSequence":1}""", HttpStatusCode.Forbidden);
        using JsonDocument nothing = await admin.PostAsync("audit/archive", """{"throughSequence":1000}""", HttpStatusCode.Conflict);
        using JsonDocument otherNode = await admin.PostAsync("audit/archive", """{"node":"node-2","throughSequence":1}""", HttpStatusCode.BadRequest);
        using JsonDocument both = await admin.PostAsync("audit/archive", """{"throughSequence":1,"before":"2030-01-01T00:00:00Z"}""", HttpStatusCode.BadRequest);
        using JsonDocument unknown = await admin.PostAsync("audit/archive", """{"upTo":1}""", HttpStatusCode.BadRequest);

        Assert.Equal("PermissionDenied", forbidden.RootElement.GetProperty("reason").GetString());
        Assert.Equal("IllegalOperation", nothing.RootElement.GetProperty("reason").GetString());
        Assert.Contains("nothing to archive", nothing.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("this node archives its own chain (node-1), not node-2's", otherNode.RootElement.GetProperty("message").GetString());
        Assert.Equal("give throughSequence or before: how far to archive", both.RootElement.GetProperty("message").GetString());
        Assert.Equal("'upTo' is not an archive setting (node, throughSequence, before)", unknown.RootElement.GetProperty("message").GetString());

        await server.StopAsync();
        using SqliteAuditReader reader = SqliteAuditReader.Open(Path.Combine(server.DataDirectory, "clavis.db"));
        List<AuditRecord> refusals = [.. reader.ReadRecords("node-1", 1, null).Select(r => AuditRecordCodec.Decode(r.Encoded).Record).Where(r => r.Operation == AuditArchiver.Operation)];
        Assert.Equal([("app1", "PermissionDenied"), ("admin", "IllegalOperation"), ("admin", "InvalidField"), ("admin", "InvalidField")], refusals.Select(r => (r.Principal!, r.ResultReason!)));
        Assert.All(refusals, r => Assert.Equal("OperationFailed", r.ResultStatus));
    }

    [Fact]
    public async Task The_cli_archives_through_a_running_server()
    {
        await using ServerFixture server = await ServerFixture.StartAsync();
        await CreateKeysAsync(server, 2);
        AuditCheckpoint signed = (await server.Host.AuditSigner!.CheckpointAsync(CancellationToken.None))!;
        string address = $"https://127.0.0.1:{server.Host.HttpsPort}";
        string[] tls = ["--ca", server.Host.Tls.CaCertificate, "--cert", server.Host.Tls.AdminCertificate, "--key", server.Host.Tls.AdminKey];

        (int archived, string output, string error) = Run(["audit", "archive", "--server", address, "--before", DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"), .. tls]);
        (int verified, string report, _) = Run(["audit", "verify", "--server", address, .. tls]);
        (int withOut, _, string refused) = Run(["audit", "archive", "--server", address, "--through", "5", "--out", "x.jsonl", .. tls]);

        Assert.True(archived == 0, error);
        Assert.Contains($"archived records 1..{signed.Sequence} of node node-1 to {server.Host.AuditArchiveDirectory}", output, StringComparison.Ordinal);
        Assert.Equal(0, verified);
        Assert.Contains($"records 1..{signed.Sequence} archived to", report, StringComparison.Ordinal);
        Assert.Equal(2, withOut);
        Assert.Contains("--out and --public-key are for the offline form", refused, StringComparison.Ordinal);
    }

    private static async Task CreateKeysAsync(ServerFixture server, int count)
    {
        await using KmipTestClient client = await server.ConnectAsync();
        for (int i = 0; i < count; i++)
        {
            Responses.Success<CreateResponsePayload>(await client.SendAsync(Requests.Message(Requests.CreateAes(128))));
        }
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = ClavisCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
