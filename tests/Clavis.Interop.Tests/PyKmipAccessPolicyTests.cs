using System.Text.Json;
using Clavis.Integration.Tests.Support;

namespace Clavis.Interop.Tests;

/// <summary>
/// The access policy seen by a third-party client: PyKMIP (Debian's python3-pykmip) as two principals with their own
/// certificates — the owner, and a stranger who is refused, granted Encrypt by the administrator, then revoked,
/// and finally limited to three uses by a policy document, across a server restart.
/// </summary>
public sealed class PyKmipAccessPolicyTests
{
    [Theory]
    [InlineData("1.4")]
    [InlineData("2.0")]
    public async Task PyKMIP_owner_and_stranger_through_grant_revoke_and_a_usage_count(string version)
    {
        await using ServerFixture server = await ServerFixture.StartAsync();
        (string aliceCertificate, string aliceKey) = Issue(server, "alice");
        (string bobCertificate, string bobKey) = Issue(server, "bob");

        JsonElement created = await PyKmip.RunAsAsync("access_policy.py", server, version, aliceCertificate, aliceKey, "create");
        PyKmip.AssertAllStepsSucceeded(created);
        string id = created.GetProperty("create").GetProperty("uid").GetString()!;

        JsonElement owner = await TryAsync(server, version, aliceCertificate, aliceKey, id);
        Assert.True(Allowed(owner, "encrypt") && Allowed(owner, "get"), owner.ToString());

        JsonElement stranger = await TryAsync(server, version, bobCertificate, bobKey, id);
        Assert.False(Allowed(stranger, "encrypt"));
        Assert.Equal("PERMISSION_DENIED", stranger.GetProperty("encrypt").GetProperty("reason").GetString());
        Assert.Equal("permission denied by policy rule default-deny", stranger.GetProperty("get").GetProperty("message").GetString());

        using HttpClient admin = AdminHttp.Client(server, server.AdminCertificate);
        Uri grants = new($"https://127.0.0.1:{server.Host.HttpsPort}/admin/v1/objects/{id}/grants");
        using (HttpResponseMessage granted = await admin.PostAsync(grants, Json("""{"grant":"user:bob Encrypt"}""")))
        {
            Assert.True(granted.IsSuccessStatusCode, await granted.Content.ReadAsStringAsync());
        }

        JsonElement granted2 = await TryAsync(server, version, bobCertificate, bobKey, id);
        Assert.True(Allowed(granted2, "encrypt"), granted2.ToString());
        Assert.False(Allowed(granted2, "get"));

        using (HttpResponseMessage revoked = await admin.PostAsync(new Uri(grants + "/remove"), Json("""{"grant":"user:bob Encrypt"}""")))
        {
            Assert.True(revoked.IsSuccessStatusCode, await revoked.Content.ReadAsStringAsync());
        }

        Assert.False(Allowed(await TryAsync(server, version, bobCertificate, bobKey, id), "encrypt"));

        await AdminHttp.PutPolicyAsync(server, "bob-three", """
            {"name":"bob-three","statements":[{"id":"three","effect":"allow","subjects":[{"identity":"bob"}],
              "actions":["Encrypt"],"resources":[{"id":"OBJECT_ID"}],"conditions":{"usageCount":{"max":3,"per":"object"}}}]}
            """.Replace("OBJECT_ID", id, StringComparison.Ordinal));
        for (int use = 1; use <= 3; use++)
        {
            Assert.True(Allowed(await TryAsync(server, version, bobCertificate, bobKey, id), "encrypt"), $"use {use}");
        }

        await server.RestartAsync();
        JsonElement fourth = await TryAsync(server, version, bobCertificate, bobKey, id);
        Assert.False(Allowed(fourth, "encrypt"), fourth.ToString());
    }

    private static async Task<JsonElement> TryAsync(ServerFixture server, string version, string certificate, string key, string id)
    {
        JsonElement result = await PyKmip.RunAsAsync("access_policy.py", server, version, certificate, key, "try", id);
        PyKmip.AssertAllStepsSucceeded(result);
        return result;
    }

    private static bool Allowed(JsonElement result, string step) => result.GetProperty(step).GetProperty("allowed").GetBoolean();

    private static (string Certificate, string Key) Issue(ServerFixture server, string name)
    {
        string pem = server.Host.Tls.IssueClient(name, "apps", Path.Combine(server.DataDirectory, "issued-" + name));
        return (pem, Path.ChangeExtension(pem, ".key"));
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
