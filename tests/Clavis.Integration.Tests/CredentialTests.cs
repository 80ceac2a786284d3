using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Clavis.Core.Audit;
using Clavis.Core.Ports;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Storage.Sqlite;

namespace Clavis.Integration.Tests;

/// <summary>KMIP credentials over real mutual TLS: verified against the registry the admin API writes, refusals audited.</summary>
public sealed class CredentialTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_registered_username_and_password_is_accepted_and_a_wrong_one_refuses_every_item_with_an_audit_record()
    {
        using (var admin = new AdminHttps(server, server.AdminCertificate))
        {
            (await admin.PutAsync("users/carol", """{"password": "carols password", "groups": ["apps"]}"""))?.Dispose();
        }

        await using KmipTestClient client = await server.ConnectAsync();
        ResponseMessage accepted = await client.SendAsync(WithCredentials(Requests.Message(ProtocolVersion.V2_0, Requests.Query()), User("carol", "carols password")));
        Responses.Success<QueryResponsePayload>(accepted);

        RequestMessage wrong = WithCredentials(Requests.Message(ProtocolVersion.V1_4, Requests.Query(), Requests.CreateAes(128)), User("carol", "not her password"));
        ResponseMessage refused = await client.SendAsync(wrong);
        Assert.Equal(2, refused.BatchItems.Count);
        Assert.All(refused.BatchItems, item =>
        {
            Assert.Equal(ResultStatus.OperationFailed, item.ResultStatus);
            Assert.Equal(ResultReason.AuthenticationNotSuccessful, item.ResultReason);
            Assert.Equal("username/password not accepted", item.ResultMessage);
        });

        // An unknown user reads the same, so the answer does not tell who exists.
        ResponseMessage unknown = await client.SendAsync(WithCredentials(Requests.Message(Requests.Query()), User("nobody", "carols password")));
        Assert.Equal("username/password not accepted", Assert.Single(unknown.BatchItems).ResultMessage);

        List<AuditRecord> records = await ReadJournalAsync();
        List<AuditRecord> refusals = [.. records.Where(r => r.ResultReason == nameof(ResultReason.AuthenticationNotSuccessful) && (r.Message ?? "").StartsWith("username/password", StringComparison.Ordinal))];
        Assert.Equal([("Query", 0), ("Create", 1), ("Query", 0)], refusals.Select(r => (r.Operation, r.BatchItemIndex ?? -1)));
        Assert.Contains("user \"carol\": wrong password", refusals[0].Message, StringComparison.Ordinal);
        Assert.Contains("user \"nobody\": no such user", refusals[2].Message, StringComparison.Ordinal);
        Assert.All(refusals, r => Assert.Equal("admin", r.Principal));
        Assert.DoesNotContain(records, r => (r.Message ?? "").Contains("carols password", StringComparison.Ordinal) || (r.Message ?? "").Contains("not her password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_registered_device_credential_is_accepted_and_one_with_another_identifier_is_refused()
    {
        using (var admin = new AdminHttps(server, server.AdminCertificate))
        {
            (await admin.PutAsync("devices/SN-4711", """{"deviceIdentifier": "array-1", "networkIdentifier": "00:11:22:33:44:55", "password": "array password", "deviceType": "storage-array"}"""))?.Dispose();
        }

        await using KmipTestClient client = await server.ConnectAsync();
        var device = new DeviceCredential { DeviceSerialNumber = "SN-4711", DeviceIdentifier = "array-1", NetworkIdentifier = "00:11:22:33:44:55", Password = "array password" };
        Responses.Success<QueryResponsePayload>(await client.SendAsync(WithCredentials(Requests.Message(ProtocolVersion.V1_2, Requests.Query()), Device(device))));

        device.NetworkIdentifier = "66:77:88:99:aa:bb";
        ResponseBatchItem refused = Assert.Single((await client.SendAsync(WithCredentials(Requests.Message(ProtocolVersion.V1_2, Requests.Query()), Device(device)))).BatchItems);
        Assert.Equal((ResultReason.AuthenticationNotSuccessful, "device credential not accepted"), (refused.ResultReason, refused.ResultMessage));
        Assert.Contains(await ReadJournalAsync(), r => (r.Message ?? "").Contains("device \"SN-4711\": its Network Identifier differs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_gateway_certificate_carrying_a_users_credential_acts_as_that_user_when_a_rule_says_so()
    {
        using (var admin = new AdminHttps(server, server.AdminCertificate))
        {
            (await admin.PutAsync("users/dave", """{"password": "daves password"}"""))?.Dispose();
            (await admin.PutAsync("principal-rules", """{"rules": [{"name": "gateway-users", "match": {"organizationalUnit": "gateways", "credentialType": "UsernameAndPassword"}, "assign": {"identityFromUsername": true}}]}"""))?.Dispose();
        }

        string pem = server.Host.Tls.IssueClient("gateway-1", "gateways", Path.Combine(server.DataDirectory, "issued-gateway"));
        using X509Certificate2 gatewayCertificate = X509Certificate2.CreateFromPemFile(pem, Path.ChangeExtension(pem, ".key"));
        await using KmipTestClient gateway = await KmipTestClient.ConnectAsync(server.KmipEndPoint, gatewayCertificate, server.CaCertificate);

        // Dave's key is dave's: the gateway alone (no credential) is not its owner, dave through the gateway is.
        string id = Responses.Success<CreateResponsePayload>(await gateway.SendAsync(WithCredentials(Requests.Message(Requests.CreateAes(128)), User("dave", "daves password")))).UniqueIdentifier!;
        Responses.Success<GetAttributesResponsePayload>(await gateway.SendAsync(WithCredentials(Requests.Message(new GetAttributesRequestPayload { UniqueIdentifier = id }), User("dave", "daves password"))));
        Responses.Failure(await gateway.SendAsync(Requests.Message(new GetAttributesRequestPayload { UniqueIdentifier = id })), ResultReason.PermissionDenied);

        AuditRecord created = (await ReadJournalAsync()).Last(r => r.Operation == "Create");
        Assert.Equal("dave", created.Principal);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(gatewayCertificate.RawData)), created.CertificateFingerprint, ignoreCase: true);

        using var cleanup = new AdminHttps(server, server.AdminCertificate);
        (await cleanup.PutAsync("principal-rules", """{"rules": []}"""))?.Dispose();
    }

    private async Task<List<AuditRecord>> ReadJournalAsync()
    {
        await server.FlushAuditSpoolAsync();
        using SqliteAuditReader reader = SqliteAuditReader.Open(Path.Combine(server.DataDirectory, "clavis.db"));
        return [.. reader.ReadRecords("node-1", 1, null).Select(r => AuditRecordCodec.Decode(r.Encoded).Record)];
    }

    private static RequestMessage WithCredentials(RequestMessage message, params Credential[] credentials)
    {
        message.Header.Authentication = new Authentication { Credentials = [.. credentials] };
        return message;
    }

    private static Credential User(string username, string password) => new()
    {
        CredentialType = CredentialType.UsernameAndPassword,
        CredentialValue = new UsernameAndPasswordCredential { Username = username, Password = password },
    };

    private static Credential Device(DeviceCredential value) => new() { CredentialType = CredentialType.Device, CredentialValue = value };
}
