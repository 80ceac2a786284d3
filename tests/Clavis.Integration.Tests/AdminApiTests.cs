using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Integration.Tests;

/// <summary>The administrator REST API over HTTPS: who may call it, and suspension taking effect on KMIP use.</summary>
public sealed class AdminApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task An_administrator_suspends_a_key_which_then_refuses_use_until_resumed()
    {
        string id = await CreateActiveKeyAsync();
        using var admin = new AdminHttps(server, server.AdminCertificate);

        using JsonDocument suspended = await PostAsync(admin, $"objects/{id}/suspend", """{"reason":"incident 4711"}""", HttpStatusCode.OK);
        Assert.True(suspended.RootElement.GetProperty("suspended").GetBoolean());
        Assert.Equal("Active", suspended.RootElement.GetProperty("state").GetString());

        await using KmipTestClient client = await server.ConnectAsync();
        Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_0, new ObtainLeaseRequestPayload { UniqueIdentifier = id })), ResultReason.PermissionDenied);

        using JsonDocument resumed = await PostAsync(admin, $"objects/{id}/resume", null, HttpStatusCode.OK);
        Assert.False(resumed.RootElement.GetProperty("suspended").GetBoolean());
        Responses.Success<ObtainLeaseResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_0, new ObtainLeaseRequestPayload { UniqueIdentifier = id })));
    }

    [Fact]
    public async Task A_client_outside_the_administrators_group_is_forbidden()
    {
        string id = await CreateActiveKeyAsync();
        string directory = Path.Combine(server.DataDirectory, "issued");
        string pem = server.Host.Tls.IssueClient("app1", "apps", directory);
        using X509Certificate2 application = X509Certificate2.CreateFromPemFile(pem, Path.ChangeExtension(pem, ".key"));
        using var http = new AdminHttps(server, application);
        using JsonDocument error = await PostAsync(http, $"objects/{id}/suspend", null, HttpStatusCode.Forbidden);
        Assert.Equal("PermissionDenied", error.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_caller_without_a_certificate_is_unauthorized_and_an_unknown_object_is_not_found()
    {
        using var anonymous = new AdminHttps(server, null);
        using JsonDocument unauthorized = await PostAsync(anonymous, "objects/nothing/suspend", null, HttpStatusCode.Unauthorized);
        Assert.Equal("AuthenticationNotSuccessful", unauthorized.RootElement.GetProperty("reason").GetString());

        using var admin = new AdminHttps(server, server.AdminCertificate);
        using JsonDocument missing = await PostAsync(admin, "objects/no-such-object/suspend", null, HttpStatusCode.NotFound);
        Assert.Equal("ItemNotFound", missing.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Rotating_the_master_key_keeps_every_key_readable_and_is_for_administrators_only()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        byte[] value = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        string id = Responses.Success<RegisterResponsePayload>(await client.SendAsync(Requests.Message(Requests.RegisterAes(value)))).UniqueIdentifier!;

        using var admin = new AdminHttps(server, server.AdminCertificate);
        using JsonDocument first = await PostAsync(admin, "master-key/rotate", null, HttpStatusCode.OK);
        using JsonDocument second = await PostAsync(admin, "master-key/rotate", null, HttpStatusCode.OK);
        Assert.NotEqual(first.RootElement.GetProperty("masterKeyId").GetString(), second.RootElement.GetProperty("masterKeyId").GetString());

        var key = Responses.Success<GetResponsePayload>(await client.SendAsync(Requests.Message(new GetRequestPayload { UniqueIdentifier = id })));
        Assert.Equal(value, ((SymmetricKey)key.Object!).KeyBlock!.KeyValue!.KeyMaterial!.ByteStringValue);

        string pem = server.Host.Tls.IssueClient("app2", "apps", Path.Combine(server.DataDirectory, "issued-rotate"));
        using X509Certificate2 application = X509Certificate2.CreateFromPemFile(pem, Path.ChangeExtension(pem, ".key"));
        using var stranger = new AdminHttps(server, application);
        using JsonDocument refused = await PostAsync(stranger, "master-key/rotate", null, HttpStatusCode.Forbidden);
        Assert.Equal("PermissionDenied", refused.RootElement.GetProperty("reason").GetString());
    }

    private async Task<string> CreateActiveKeyAsync()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        string id = Responses.Success<CreateResponsePayload>(await client.SendAsync(Requests.Message(Requests.CreateAes(128)))).UniqueIdentifier!;
        Responses.Success<ActivateResponsePayload>(await client.SendAsync(Requests.Message(new ActivateRequestPayload { UniqueIdentifier = id })));
        return id;
    }

    private static async Task<JsonDocument> PostAsync(AdminHttps http, string path, string? json, HttpStatusCode expected) =>
        await http.SendAsync(HttpMethod.Post, path, json, expected) ?? throw new InvalidOperationException($"{path} answered no body");
}
