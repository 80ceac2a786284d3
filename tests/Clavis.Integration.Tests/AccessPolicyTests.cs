using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Clavis.Core.Audit;
using Clavis.Core.Ports;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using Clavis.Storage.Sqlite;

namespace Clavis.Integration.Tests;

/// <summary>
/// The access policy end to end over mutual TLS, with two client certificates: ownership, grants, operator
/// documents with conditions (usage count across a restart, time window on an injected clock, data size), the
/// administrators' separation of duties, and the audit record of each decision.
/// </summary>
public sealed class AccessPolicyTests
{
    private static readonly CryptographicParameters Gcm = SymmetricKeys.Parameters(BlockCipherMode.GCM);

    [Fact]
    public async Task A_stranger_is_refused_the_owners_key_naming_the_rule_and_the_refusal_is_audited()
    {
        await using ServerFixture server = await ServerFixture.StartAsync();
        await using KmipTestClient alice = await ConnectAsAsync(server, "alice");
        await using KmipTestClient bob = await ConnectAsAsync(server, "bob");
        string id = await SymmetricKeys.RegisterActiveAsync(alice, RandomNumberGenerator.GetBytes(32));

        Responses.Success<EncryptResponsePayload>(await alice.SendAsync(Encrypt(id, 32)));
        ResponseBatchItem refused = Responses.Failure(await bob.SendAsync(Requests.Message(new GetRequestPayload { UniqueIdentifier = id })), ResultReason.PermissionDenied);
        Assert.Equal("permission denied by policy rule default-deny", refused.ResultMessage);
        Responses.Failure(await bob.SendAsync(Encrypt(id, 32)), ResultReason.PermissionDenied);

        // Locate shows bob nothing of alice's.
        var located = Responses.Success<LocateResponsePayload>(await bob.SendAsync(Requests.Message(new LocateRequestPayload())));
        Assert.DoesNotContain(id, located.UniqueIdentifier);

        await server.StopAsync();
        List<AuditRecord> records = ReadRecords(server);
        AuditRecord get = Assert.Single(records, r => r.Operation == "Get" && r.Principal == "bob");
        Assert.Equal(("Deny", "default-deny", "PermissionDenied"), (get.PolicyDecision, get.PolicyRule, get.ResultReason));
        Assert.Contains("no statement or grant allows Get by bob", get.PolicyReason, StringComparison.Ordinal);
        AuditRecord allowed = Assert.Single(records, r => r.Operation == "Encrypt" && r.Principal == "alice");
        Assert.Equal(("Allow", "clavis-default@1#owner"), (allowed.PolicyDecision, allowed.PolicyRule));
    }

    [Fact]
    public async Task The_owner_grants_encrypt_by_KMIP_attribute_and_revoking_it_refuses_again()
    {
        await using ServerFixture server = await ServerFixture.StartAsync();
        await using KmipTestClient alice = await ConnectAsAsync(server, "alice");
        await using KmipTestClient bob = await ConnectAsAsync(server, "bob");
        string id = await SymmetricKeys.RegisterActiveAsync(alice, RandomNumberGenerator.GetBytes(32));
        KmipAttribute grant = Grant("user:bob Encrypt");

        // Only the owner (or an administrator) changes grants: bob cannot grant himself.
        Responses.Failure(await bob.SendAsync(Requests.Message(ProtocolVersion.V2_0, new AddAttributeRequestPayload { UniqueIdentifier = id, NewAttribute = grant })), ResultReason.PermissionDenied);
        Responses.Success<AddAttributeResponsePayload>(await alice.SendAsync(Requests.Message(ProtocolVersion.V2_0, new AddAttributeRequestPayload { UniqueIdentifier = id, NewAttribute = grant })));

        Responses.Success<EncryptResponsePayload>(await bob.SendAsync(Encrypt(id, 16)));
        Responses.Failure(await bob.SendAsync(Decrypt(id)), ResultReason.PermissionDenied);
        Responses.Failure(await bob.SendAsync(Requests.Message(new GetRequestPayload { UniqueIdentifier = id })), ResultReason.PermissionDenied);
        // A malformed grant is refused with what is wrong.
        ResponseBatchItem bad = Responses.Failure(
            await alice.SendAsync(Requests.Message(ProtocolVersion.V2_0, new AddAttributeRequestPayload { UniqueIdentifier = id, NewAttribute = Grant("user:bob Encrypt,Fly") })),
            ResultReason.InvalidAttributeValue);
        Assert.Contains("\"Fly\" is neither a KMIP operation nor an action group", bad.ResultMessage, StringComparison.Ordinal);

        Responses.Success<DeleteAttributeResponsePayload>(await alice.SendAsync(Requests.Message(ProtocolVersion.V2_0, new DeleteAttributeRequestPayload { UniqueIdentifier = id, CurrentAttribute = grant })));
        Responses.Failure(await bob.SendAsync(Encrypt(id, 16)), ResultReason.PermissionDenied);
    }

    [Fact]
    public async Task An_administrator_manages_but_cannot_use_or_export_a_key_nor_grant_it_to_themselves()
    {
        await using ServerFixture server = await ServerFixture.StartAsync();
        await using KmipTestClient alice = await ConnectAsAsync(server, "alice");
        await using KmipTestClient admin = await server.ConnectAsync();
        string id = await SymmetricKeys.RegisterActiveAsync(alice, RandomNumberGenerator.GetBytes(32));

        Responses.Success<GetAttributesResponsePayload>(await admin.SendAsync(Requests.Message(Requests.GetState(id))));
        Responses.Failure(await admin.SendAsync(Requests.Message(new GetRequestPayload { UniqueIdentifier = id })), ResultReason.PermissionDenied);
        Responses.Failure(await admin.SendAsync(Encrypt(id, 16)), ResultReason.PermissionDenied);

        using HttpClient http = AdminHttp.Client(server, server.AdminCertificate);
        using HttpResponseMessage self = await http.PostAsync(AdminUri(server, $"objects/{id}/grants"), Json("""{"grant":"user:admin Get"}"""));
        Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        using HttpResponseMessage other = await http.PostAsync(AdminUri(server, $"objects/{id}/grants"), Json("""{"grant":"group:auditors GetAttributes"}"""));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Contains("group:auditors GetAttributes", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Lifecycle management stays the administrator's.
        Responses.Success<RevokeResponsePayload>(await admin.SendAsync(Requests.Message(Requests.Revoke(id))));
    }

    [Fact]
    public async Task A_usage_count_of_three_refuses_the_fourth_encrypt_even_across_a_restart()
    {
        await using ServerFixture server = await ServerFixture.StartAsync();
        string id;
        await using (KmipTestClient alice = await ConnectAsAsync(server, "alice"))
        {
            id = await SymmetricKeys.RegisterActiveAsync(alice, RandomNumberGenerator.GetBytes(32));
        }

        await AdminHttp.PutPolicyAsync(server, "three-uses", """
            {"name":"three-uses","statements":[{"id":"bob-three","effect":"allow","subjects":[{"identity":"bob"}],
              "actions":["use:encrypt"],"resources":[{"id":"OBJECT_ID"}],"conditions":{"usageCount":{"max":3,"per":"principal"}}}]}
            """.Replace("OBJECT_ID", id, StringComparison.Ordinal));
        await using (KmipTestClient bob = await ConnectAsAsync(server, "bob"))
        {
            for (int use = 1; use <= 3; use++)
            {
                Responses.Success<EncryptResponsePayload>(await bob.SendAsync(Encrypt(id, 8)));
            }
        }

        await server.RestartAsync();
        await using (KmipTestClient bob = await ConnectAsAsync(server, "bob"))
        {
            ResponseBatchItem fourth = Responses.Failure(await bob.SendAsync(Encrypt(id, 8)), ResultReason.PermissionDenied);
            Assert.Equal("permission denied by policy rule default-deny", fourth.ResultMessage);
        }

        await server.StopAsync();
        List<AuditRecord> records = [.. ReadRecords(server).Where(r => r.Operation == "Encrypt" && r.Principal == "bob")];
        Assert.Equal([1L, 2L, 3L], records.Where(r => r.ResultStatus == "Success").Select(r => r.UsageCount!.Value));
        Assert.All(records.Take(3), r => Assert.Equal("three-uses@1#bob-three", r.PolicyRule));
        Assert.Contains("usageCount", records[3].PolicyReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_time_window_refuses_outside_hours_on_the_servers_clock()
    {
        var clock = new ShiftableClock();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        // Ten in the morning UTC of a Wednesday, whatever the real time.
        var wednesday = new DateTimeOffset(now.UtcDateTime.Date.AddDays(((int)DayOfWeek.Wednesday - (int)now.DayOfWeek + 7) % 7).AddHours(10), TimeSpan.Zero);
        clock.Advance(wednesday - now);
        await using ServerFixture server = await ServerFixture.StartAsync(clock: clock);
        string id;
        await using (KmipTestClient alice = await ConnectAsAsync(server, "alice"))
        {
            id = await SymmetricKeys.RegisterActiveAsync(alice, RandomNumberGenerator.GetBytes(32));
        }

        await AdminHttp.PutPolicyAsync(server, "office-hours", """
            {"name":"office-hours","statements":[{"id":"bob-daytime","effect":"allow","subjects":[{"identity":"bob"}],
              "actions":["Encrypt"],"resources":[{"id":"OBJECT_ID"}],
              "conditions":{"timeWindow":{"start":"08:00","end":"18:00","days":["Mon","Tue","Wed","Thu","Fri"],"timeZone":"UTC"}}}]}
            """.Replace("OBJECT_ID", id, StringComparison.Ordinal));
        await using KmipTestClient bob = await ConnectAsAsync(server, "bob");
        Responses.Success<EncryptResponsePayload>(await bob.SendAsync(Encrypt(id, 8)));

        clock.Advance(TimeSpan.FromHours(9));
        Responses.Failure(await bob.SendAsync(Encrypt(id, 8)), ResultReason.PermissionDenied);
    }

    [Fact]
    public async Task A_data_size_limit_allows_up_to_the_limit_and_refuses_one_byte_more()
    {
        await using ServerFixture server = await ServerFixture.StartAsync();
        string id;
        await using (KmipTestClient alice = await ConnectAsAsync(server, "alice"))
        {
            id = await SymmetricKeys.RegisterActiveAsync(alice, RandomNumberGenerator.GetBytes(32));
        }

        await AdminHttp.PutPolicyAsync(server, "small-data", """
            {"name":"small-data","statements":[{"id":"bob-small","effect":"allow","subjects":[{"identity":"bob"}],
              "actions":["Encrypt"],"resources":[{"id":"OBJECT_ID"}],"conditions":{"dataSize":{"max":1024}}}]}
            """.Replace("OBJECT_ID", id, StringComparison.Ordinal));
        await using KmipTestClient bob = await ConnectAsAsync(server, "bob");
        Responses.Success<EncryptResponsePayload>(await bob.SendAsync(Encrypt(id, 1024)));
        Responses.Failure(await bob.SendAsync(Encrypt(id, 1025)), ResultReason.PermissionDenied);
    }

    [Fact]
    public async Task An_operator_deny_overrides_the_owner_and_a_bad_document_is_refused_with_its_path()
    {
        await using ServerFixture server = await ServerFixture.StartAsync();
        await using KmipTestClient alice = await ConnectAsAsync(server, "alice");
        string id = await SymmetricKeys.RegisterActiveAsync(alice, RandomNumberGenerator.GetBytes(32));

        using HttpClient http = AdminHttp.Client(server, server.AdminCertificate);
        using HttpResponseMessage bad = await http.PutAsync(AdminUri(server, "policies/broken"), Json("""
            {"name":"broken","statements":[{"id":"x","effect":"allow","subjects":[{"any":true}],"actions":["Encrypt"],
              "conditions":{"timeWindow":{"start":"25:00","end":"18:00"}}}]}
            """));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("statements[0].conditions.timeWindow.start", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await AdminHttp.PutPolicyAsync(server, "no-export", """
            {"name":"no-export","statements":[{"id":"nobody-gets","effect":"deny","subjects":[{"any":true}],"actions":["Get"],"resources":[{"any":true}]}]}
            """);
        ResponseBatchItem refused = Responses.Failure(await alice.SendAsync(Requests.Message(new GetRequestPayload { UniqueIdentifier = id })), ResultReason.PermissionDenied);
        Assert.Equal("permission denied by policy rule no-export@1#nobody-gets", refused.ResultMessage);
        Responses.Success<EncryptResponsePayload>(await alice.SendAsync(Encrypt(id, 16)));

        using JsonDocument test = JsonDocument.Parse(await (await http.PostAsync(AdminUri(server, "policy/test"),
            Json($$"""{"principal":{"name":"alice"},"operation":"Get","objectId":"{{id}}"}"""))).Content.ReadAsStringAsync());
        Assert.False(test.RootElement.GetProperty("allowed").GetBoolean());
        Assert.Equal("no-export@1#nobody-gets", test.RootElement.GetProperty("rule").GetString());

        using HttpResponseMessage deleted = await http.DeleteAsync(AdminUri(server, "policies/no-export"));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Responses.Success<GetResponsePayload>(await alice.SendAsync(Requests.Message(new GetRequestPayload { UniqueIdentifier = id })));
        using JsonDocument history = JsonDocument.Parse(await http.GetStringAsync(AdminUri(server, "policies/no-export/versions")));
        Assert.Equal([false, true], history.RootElement.EnumerateArray().Select(v => v.GetProperty("deleted").GetBoolean()));
    }

    internal static async Task<KmipTestClient> ConnectAsAsync(ServerFixture server, string name, string group = "apps")
    {
        string pem = server.Host.Tls.IssueClient(name, group, Path.Combine(server.DataDirectory, "issued-" + name));
        using X509Certificate2 certificate = X509Certificate2.CreateFromPemFile(pem, Path.ChangeExtension(pem, ".key"));
        // The TLS stack needs the key in a form it can use on every platform: a PKCS#12 round trip gives that.
        X509Certificate2 usable = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        return await KmipTestClient.ConnectAsync(server.KmipEndPoint, usable, server.CaCertificate);
    }

    private static RequestMessage Encrypt(string id, int bytes) => Requests.Message(ProtocolVersion.V2_0,
        new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = Gcm, Data = RandomNumberGenerator.GetBytes(bytes) });

    private static RequestMessage Decrypt(string id) => Requests.Message(ProtocolVersion.V2_0, new DecryptRequestPayload
    {
        UniqueIdentifier = id, CryptographicParameters = Gcm, Data = new byte[16], IVCounterNonce = new byte[12], AuthenticatedEncryptionTag = new byte[16],
    });

    private static KmipAttribute Grant(string text) => KmipAttribute.FromV1Name("y-ClavisGrant", TtlvNode.TextString(Tag.AttributeValue, text));

    private static List<AuditRecord> ReadRecords(ServerFixture server)
    {
        using SqliteAuditReader reader = SqliteAuditReader.Open(Path.Combine(server.DataDirectory, "clavis.db"));
        return [.. reader.ReadRecords("node-1", 1, null).Select(r => AuditRecordCodec.Decode(r.Encoded).Record)];
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static Uri AdminUri(ServerFixture server, string path) => new($"https://127.0.0.1:{server.Host.HttpsPort}/admin/v1/{path}");
}
