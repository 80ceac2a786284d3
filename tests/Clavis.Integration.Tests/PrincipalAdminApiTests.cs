using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Clavis.Core.Audit;
using Clavis.Integration.Tests.Support;
using Clavis.Storage.Sqlite;

namespace Clavis.Integration.Tests;

/// <summary>The principal registry's admin endpoints over HTTPS: who may call them, validation, secrets kept out, audit.</summary>
public sealed class PrincipalAdminApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task An_administrator_manages_users_and_never_sees_a_password_or_hash()
    {
        using var admin = new AdminHttps(server, server.AdminCertificate);
        using JsonDocument put = (await admin.PutAsync("users/erin", """{"password": "erins password", "groups": ["payments"]}"""))!;
        Assert.Equal(["payments"], put.RootElement.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));

        using JsonDocument got = (await admin.GetAsync("users/erin"))!;
        using JsonDocument listed = (await admin.GetAsync("users"))!;
        Assert.Contains(listed.RootElement.GetProperty("users").EnumerateArray(), u => u.GetProperty("name").GetString() == "erin");
        foreach (JsonDocument answer in new[] { put, got, listed })
        {
            string text = answer.RootElement.GetRawText();
            Assert.DoesNotContain("erins password", text, StringComparison.Ordinal);
            Assert.DoesNotContain("$argon2id$", text, StringComparison.Ordinal);
        }

        await admin.DeleteAsync("users/erin");
        using JsonDocument missing = (await admin.GetAsync("users/erin", HttpStatusCode.NotFound))!;
        Assert.Equal("ItemNotFound", missing.RootElement.GetProperty("reason").GetString());

        List<AuditRecord> records = await ReadJournalAsync();
        Assert.Contains(records, r => r.Operation == "PutUser" && r.ResultStatus == "Success" && r.Message == "user \"erin\" version 1");
        Assert.Contains(records, r => r.Operation == "DeleteUser" && r.ResultStatus == "Success" && r.Message == "user \"erin\" version 2");
        Assert.DoesNotContain(records, r => (r.Message ?? "").Contains("erins password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_outside_the_administrators_group_is_forbidden_and_the_refusal_audited()
    {
        string pem = server.Host.Tls.IssueClient("app-principals", "apps", Path.Combine(server.DataDirectory, "issued-principals"));
        using X509Certificate2 application = X509Certificate2.CreateFromPemFile(pem, Path.ChangeExtension(pem, ".key"));
        using var stranger = new AdminHttps(server, application);

        using JsonDocument refused = (await stranger.PutAsync("users/frank", """{"password": "franks password"}""", HttpStatusCode.Forbidden))!;
        Assert.Equal("PermissionDenied", refused.RootElement.GetProperty("reason").GetString());
        (await stranger.GetAsync("users", HttpStatusCode.Forbidden))?.Dispose();
        (await stranger.GetAsync("principal-rules", HttpStatusCode.Forbidden))?.Dispose();

        using var anonymous = new AdminHttps(server, null);
        (await anonymous.GetAsync("devices", HttpStatusCode.Unauthorized))?.Dispose();

        AuditRecord record = (await ReadJournalAsync()).Last(r => r.Operation == "PutUser");
        Assert.Equal(("OperationFailed", "PermissionDenied", "app-principals"), (record.ResultStatus, record.ResultReason, record.Principal));
        Assert.Equal("user \"frank\": app-principals is not an administrator", record.Message);
    }

    [Theory]
    [InlineData("users/grace", """{"password": "short"}""", "field 'password' must be 8 to 1024 bytes")]
    [InlineData("users/grace", """{"password": "long enough", "groups": ["administrators"]}""", "comes only from a certificate's OU")]
    [InlineData("users/grace", """not json""", "the body is not valid JSON")]
    [InlineData("devices/SN-1", """{"deviceType": "hsm"}""", "needs at least one identifier or a password")]
    [InlineData("clients/c1", """{"certificateFingerprint": "xyz"}""", "must be a SHA-256 fingerprint")]
    [InlineData("principal-rules", """{"rules": [{"name": "r", "match": {"sourceNetwork": "not-a-network"}, "assign": {"groups": ["a"]}}]}""", "sourceNetwork must be a network in CIDR form")]
    public async Task A_bad_body_is_answered_400_with_the_fault_named(string path, string body, string expected)
    {
        using var admin = new AdminHttps(server, server.AdminCertificate);
        using JsonDocument error = (await admin.PutAsync(path, body, HttpStatusCode.BadRequest))!;
        Assert.Equal("InvalidField", error.RootElement.GetProperty("reason").GetString());
        Assert.Contains(expected, error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Devices_clients_and_rules_round_trip_and_every_change_is_audited()
    {
        using var admin = new AdminHttps(server, server.AdminCertificate);
        using JsonDocument device = (await admin.PutAsync("devices/SN-77", """{"deviceIdentifier": "d-77", "password": "device password", "deviceClass": "sed", "hardwareLevel": 3}"""))!;
        Assert.True(device.RootElement.GetProperty("hasPassword").GetBoolean());
        Assert.Equal(3, device.RootElement.GetProperty("hardwareLevel").GetInt32());
        using JsonDocument devices = (await admin.GetAsync("devices"))!;
        Assert.Contains(devices.RootElement.GetProperty("devices").EnumerateArray(), d => d.GetProperty("id").GetString() == "SN-77");

        using JsonDocument client = (await admin.PutAsync("clients/app9", """{"subject": "CN=app9,OU=apps", "application": "billing"}"""))!;
        Assert.Equal("CN=app9, OU=apps", client.RootElement.GetProperty("subject").GetString());
        await admin.DeleteAsync("clients/app9");

        using JsonDocument rules = (await admin.PutAsync("principal-rules", """{"rules": [{"name": "sed", "match": {"credentialType": "Device"}, "assign": {"groups": ["drives"]}}]}"""))!;
        using JsonDocument read = (await admin.GetAsync("principal-rules"))!;
        Assert.Equal("sed", read.RootElement.GetProperty("rules")[0].GetProperty("name").GetString());
        (await admin.PutAsync("principal-rules", """{"rules": []}"""))?.Dispose();

        string[] operations = [.. (await ReadJournalAsync()).Where(r => r.Source == AuditSource.Administrator).Select(r => r.Operation)];
        Assert.Contains("PutDevice", operations);
        Assert.Contains("PutClient", operations);
        Assert.Contains("DeleteClient", operations);
        Assert.Contains("PutPrincipalRules", operations);
    }

    private async Task<List<AuditRecord>> ReadJournalAsync()
    {
        await server.FlushAuditSpoolAsync();
        using SqliteAuditReader reader = SqliteAuditReader.Open(Path.Combine(server.DataDirectory, "clavis.db"));
        return [.. reader.ReadRecords("node-1", 1, null).Select(r => AuditRecordCodec.Decode(r.Encoded).Record)];
    }
}
