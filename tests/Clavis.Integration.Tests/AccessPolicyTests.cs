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
        Assert.Equal(("Allow", "clavis-default@1#owner", null), (allowed.PolicyDecision, allowed.PolicyRule, allowed.PolicyReason));
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

        using var http = new AdminHttps(server, server.AdminCertificate);
        using JsonDocument? self = await http.SendAsync(HttpMethod.Post, $"objects/{id}/grants", """{"grant":"user:admin Get"}""", HttpStatusCode.Forbidden);
        // Nor through a group of theirs, by the admin API or by KMIP.
        using JsonDocument? ownGroup = await http.SendAsync(HttpMethod.Post, $"objects/{id}/grants", """{"grant":"group:administrators use:*"}""", HttpStatusCode.Forbidden);
        Responses.Failure(await admin.SendAsync(Requests.Message(ProtocolVersion.V2_0,
            new AddAttributeRequestPayload { UniqueIdentifier = id, NewAttribute = Grant("group:administrators Get") })), ResultReason.PermissionDenied);
        using JsonDocument? other = await http.SendAsync(HttpMethod.Post, $"objects/{id}/grants", """{"grant":"group:auditors GetAttributes"}""", HttpStatusCode.OK);
        Assert.Equal(["group:auditors GetAttributes"], other!.RootElement.GetProperty("grants").EnumerateArray().Select(g => g.GetString()));
        using JsonDocument? again = await http.SendAsync(HttpMethod.Post, $"objects/{id}/grants", """{"grant":"group:auditors GetAttributes"}""", HttpStatusCode.OK);
        Assert.Single(again!.RootElement.GetProperty("grants").EnumerateArray());

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

        await PutPolicyAsync(server, "three-uses", """
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

        await PutPolicyAsync(server, "office-hours", """
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
    public async Task A_device_class_allowed_only_to_encrypt_encrypts_and_nothing_more_and_the_record_names_the_class()
    {
        await using ServerFixture server = await ServerFixture.StartAsync();
        string id;
        await using (KmipTestClient alice = await ConnectAsAsync(server, "alice"))
        {
            id = await SymmetricKeys.RegisterActiveAsync(alice, RandomNumberGenerator.GetBytes(32));
        }

        // The registry says the certificate "sensor-7" is a device of class "sensor".
        string pem = server.Host.Tls.IssueClient("sensor-7", "devices", Path.Combine(server.DataDirectory, "issued-sensor-7"));
        using X509Certificate2 sensorCertificate = X509Certificate2.CreateFromPemFile(pem, Path.ChangeExtension(pem, ".key"));
        string fingerprint = Convert.ToHexString(SHA256.HashData(sensorCertificate.RawData));
        using (var http = new AdminHttps(server, server.AdminCertificate))
        {
            (await http.PutAsync("clients/sensor-7", $$"""{"certificateFingerprint":"{{fingerprint}}","deviceType":"thermostat","deviceClass":"sensor"}"""))?.Dispose();
        }

        await PutPolicyAsync(server, "sensors", """
            {"name":"sensors","statements":[{"id":"sensors-encrypt","effect":"allow","subjects":[{"deviceClass":"sensor"}],
              "actions":["use:encrypt"],"resources":[{"id":"OBJECT_ID"}]}]}
            """.Replace("OBJECT_ID", id, StringComparison.Ordinal));
        await using (KmipTestClient sensor = await KmipTestClient.ConnectAsync(server.KmipEndPoint,
            X509CertificateLoader.LoadPkcs12(sensorCertificate.Export(X509ContentType.Pkcs12), null), server.CaCertificate))
        {
            Responses.Success<EncryptResponsePayload>(await sensor.SendAsync(Encrypt(id, 64)));
            Responses.Failure(await sensor.SendAsync(Decrypt(id)), ResultReason.PermissionDenied);
            Responses.Failure(await sensor.SendAsync(Requests.Message(new GetRequestPayload { UniqueIdentifier = id })), ResultReason.PermissionDenied);
        }

        // A certificate without that registry entry is no sensor.
        await using (KmipTestClient bob = await ConnectAsAsync(server, "bob"))
        {
            Responses.Failure(await bob.SendAsync(Encrypt(id, 64)), ResultReason.PermissionDenied);
        }

        await server.StopAsync();
        AuditRecord encrypt = Assert.Single(ReadRecords(server), r => r.Operation == "Encrypt" && r.Principal == "sensor-7");
        Assert.Equal(("sensor", "thermostat", "sensors@1#sensors-encrypt"), (encrypt.DeviceClass, encrypt.DeviceType, encrypt.PolicyRule));
        Assert.Contains(encrypt.Claims, c => c.Value == "sensor-7");
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

        await PutPolicyAsync(server, "small-data", """
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

        using var http = new AdminHttps(server, server.AdminCertificate);
        using JsonDocument? bad = await http.PutAsync("policies/broken", """
            {"name":"broken","statements":[{"id":"x","effect":"allow","subjects":[{"any":true}],"actions":["Encrypt"],
              "conditions":{"timeWindow":{"start":"25:00","end":"18:00"}}}]}
            """, HttpStatusCode.BadRequest);
        Assert.Contains("statements[0].conditions.timeWindow.start", bad!.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);

        await PutPolicyAsync(server, "no-export", """
            {"name":"no-export","statements":[{"id":"nobody-gets","effect":"deny","subjects":[{"any":true}],"actions":["Get"],"resources":[{"any":true}]}]}
            """);
        ResponseBatchItem refused = Responses.Failure(await alice.SendAsync(Requests.Message(new GetRequestPayload { UniqueIdentifier = id })), ResultReason.PermissionDenied);
        Assert.Equal("permission denied by policy rule no-export@1#nobody-gets", refused.ResultMessage);
        Responses.Success<EncryptResponsePayload>(await alice.SendAsync(Encrypt(id, 16)));

        using JsonDocument? test = await http.SendAsync(HttpMethod.Post, "policy/test",
            $$"""{"principal":{"name":"alice"},"operation":"Get","objectId":"{{id}}"}""", HttpStatusCode.OK);
        Assert.False(test!.RootElement.GetProperty("allowed").GetBoolean());
        Assert.Equal("no-export@1#nobody-gets", test.RootElement.GetProperty("rule").GetString());

        await http.DeleteAsync("policies/no-export");
        Responses.Success<GetResponsePayload>(await alice.SendAsync(Requests.Message(new GetRequestPayload { UniqueIdentifier = id })));
        using JsonDocument? history = await http.GetAsync("policies/no-export/versions");
        Assert.Equal([false, true], history!.RootElement.EnumerateArray().Select(v => v.GetProperty("deleted").GetBoolean()));
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

    internal static async Task PutPolicyAsync(ServerFixture server, string name, string json)
    {
        using var http = new AdminHttps(server, server.AdminCertificate);
        (await http.PutAsync($"policies/{name}", json))?.Dispose();
    }
}
