using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Clavis.Audit;
using Clavis.Core.Audit;
using Clavis.Integration.Tests.Support;
using Clavis.Server.Hosting;
using Clavis.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clavis.Integration.Tests;

/// <summary>Rotating a running node's audit signing key, by an administrator or by age.</summary>
public sealed class AuditSigningKeyRotationEndpointTests
{
    [Fact]
    public async Task An_administrator_rotates_the_key_and_the_journal_verifies_with_only_the_original_key()
    {
        await using ServerFixture server = await ServerFixture.StartAsync();
        string originalPem = Directory.EnumerateFiles(server.Host.AuditKeysDirectory, "*.pem").Single();
        string originalId = server.Host.AuditSigner!.KeyId;
        using var admin = new AdminHttps(server, server.AdminCertificate);
        string pem = server.Host.Tls.IssueClient("app1", "apps", Path.Combine(server.DataDirectory, "issued"));
        using X509Certificate2 application = X509Certificate2.CreateFromPemFile(pem, Path.ChangeExtension(pem, ".key"));
        using var stranger = new AdminHttps(server, application);

        using JsonDocument rotated = await admin.PostAsync("audit/signing-key/rotate", null, HttpStatusCode.OK);
        using JsonDocument forbidden = await stranger.PostAsync("audit/signing-key/rotate", null, HttpStatusCode.Forbidden);
        await using (KmipTestClient client = await server.ConnectAsync())
        {
            Responses.Success<Kmip.Messages.CreateResponsePayload>(await client.SendAsync(Requests.Message(Requests.CreateAes(128))));
        }

        using JsonDocument verified = (await admin.GetAsync("audit/verify", HttpStatusCode.OK))!;
        string newId = rotated.RootElement.GetProperty("newKeyId").GetString()!;

        Assert.Equal(originalId, rotated.RootElement.GetProperty("oldKeyId").GetString());
        Assert.Equal(newId, server.Host.AuditSigner.KeyId);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", rotated.RootElement.GetProperty("publicKeyPem").GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(server.Host.AuditKeysDirectory, newId + ".pem")));
        Assert.Equal("PermissionDenied", forbidden.RootElement.GetProperty("reason").GetString());
        Assert.True(verified.RootElement.GetProperty("intact").GetBoolean(), verified.RootElement.ToString());

        await server.StopAsync();
        using SqliteAuditReader reader = SqliteAuditReader.Open(Path.Combine(server.DataDirectory, "clavis.db"));
        AuditVerification offline = AuditVerifier.Verify(reader, new AuditVerifierOptions { TrustedPublicKeys = [AuditPublicKeyFiles.Read(originalPem)] });
        Assert.True(offline.IsIntact, string.Join("; ", offline.Breaks));
        List<AuditRecord> rotations = [.. reader.ReadRecords("node-1", 1, null).Select(r => AuditRecordCodec.Decode(r.Encoded).Record).Where(r => r.Operation == "RotateAuditSigningKey")];
        Assert.Equal([("admin", "Success"), ("app1", "OperationFailed")], rotations.Select(r => (r.Principal!, r.ResultStatus)));
        Assert.Equal(newId, reader.ReadKeyHandovers("node-1").Single().NewKeyId);
    }

    [Fact]
    public async Task A_key_older_than_AuditSigningKeyRotateDays_is_replaced_at_start_by_the_server()
    {
        using var data = new TemporaryDirectory();
        var clock = new ShiftableClock();
        var settings = new ClavisSettings { Data = data.Path, KmipPort = 0, HttpsPort = -1, AuditSigningKeyRotateDays = 30 };
        string first;
        await using (ClavisHost host = await ClavisHost.StartAsync(new ClavisHostOptions { Settings = settings, Clock = clock }, NullLoggerFactory.Instance, CancellationToken.None))
        {
            first = host.AuditSigner!.KeyId;
        }

        clock.Advance(TimeSpan.FromDays(31));
        string second;
        await using (ClavisHost host = await ClavisHost.StartAsync(new ClavisHostOptions { Settings = settings, Clock = clock }, NullLoggerFactory.Instance, CancellationToken.None))
        {
            second = host.AuditSigner!.KeyId;
        }

        SqliteConnection.ClearAllPools();
        using SqliteAuditReader reader = SqliteAuditReader.Open(Path.Combine(data.Path, "clavis.db"));
        AuditRecord rotation = reader.ReadRecords("node-1", 1, null).Select(r => AuditRecordCodec.Decode(r.Encoded).Record).Single(r => r.Operation == "RotateAuditSigningKey");
        AuditVerification verified = AuditVerifier.Verify(reader, new AuditVerifierOptions { TrustedPublicKeys = [AuditPublicKeyFiles.Read(Path.Combine(data.Path, "audit-keys", first + ".pem"))] });

        Assert.NotEqual(first, second);
        Assert.Equal((AuditSource.Server, $"audit signing key {first} handed over to {second} (30 days old)"), (rotation.Source, rotation.Message));
        Assert.True(verified.IsIntact, string.Join("; ", verified.Breaks));
    }
}
