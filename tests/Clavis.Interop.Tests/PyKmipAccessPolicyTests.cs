using System.Net;
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

        using var admin = new AdminHttps(server, server.AdminCertificate);
        (await admin.SendAsync(HttpMethod.Post, $"objects/{id}/grants", """{"grant":"user:bob Encrypt"}""", HttpStatusCode.OK))?.Dispose();

        JsonElement granted2 = await TryAsync(server, version, bobCertificate, bobKey, id);
        Assert.True(Allowed(granted2, "encrypt"), granted2.ToString());
        Assert.False(Allowed(granted2, "get"));

        (await admin.SendAsync(HttpMethod.Post, $"objects/{id}/grants/remove", """{"grant":"user:bob Encrypt"}""", HttpStatusCode.OK))?.Dispose();

        Assert.False(Allowed(await TryAsync(server, version, bobCertificate, bobKey, id), "encrypt"));

        await PutPolicyAsync(admin, "bob-three", """
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

    [Fact]
    public async Task PyKMIP_as_a_sensor_encrypts_only_small_data_in_office_hours()
    {
        var clock = new ShiftableClock();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var wednesday = new DateTimeOffset(now.UtcDateTime.Date.AddDays(((int)DayOfWeek.Wednesday - (int)now.DayOfWeek + 7) % 7).AddHours(10), TimeSpan.Zero);
        clock.Advance(wednesday - now);
        await using ServerFixture server = await ServerFixture.StartAsync(clock: clock);
        (string aliceCertificate, string aliceKey) = Issue(server, "alice");
        (string sensorCertificate, string sensorKey) = Issue(server, "sensor-9");
        JsonElement created = await PyKmip.RunAsAsync("access_policy.py", server, "2.0", aliceCertificate, aliceKey, "create");
        PyKmip.AssertAllStepsSucceeded(created);
        string id = created.GetProperty("create").GetProperty("uid").GetString()!;

        // The registry makes the certificate "sensor-9" a device of class "sensor"; policy lets sensors encrypt at
        // most 1 KiB, on working days from 08:00 to 18:00 UTC, and nothing else.
        using System.Security.Cryptography.X509Certificates.X509Certificate2 sensor = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(sensorCertificate));
        string fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(sensor.RawData));
        using var admin = new AdminHttps(server, server.AdminCertificate);
        (await admin.PutAsync("clients/sensor-9", $$"""{"certificateFingerprint":"{{fingerprint}}","deviceClass":"sensor"}"""))?.Dispose();

        await PutPolicyAsync(admin, "sensors", """
            {"name":"sensors","statements":[{"id":"encrypt-small-in-hours","effect":"allow","subjects":[{"deviceClass":"sensor"}],
              "actions":["use:encrypt"],"resources":[{"any":true}],
              "conditions":{"dataSize":{"max":1024},"timeWindow":{"start":"08:00","end":"18:00","days":["Mon","Tue","Wed","Thu","Fri"],"timeZone":"UTC"}}}]}
            """);

        JsonElement inHours = await TryAsync(server, "2.0", sensorCertificate, sensorKey, id, 1024);
        Assert.True(Allowed(inHours, "encrypt"), inHours.ToString());
        Assert.Equal("PERMISSION_DENIED", inHours.GetProperty("decrypt").GetProperty("reason").GetString());
        Assert.False(Allowed(inHours, "get"));
        Assert.False(Allowed(await TryAsync(server, "2.0", sensorCertificate, sensorKey, id, 1025), "encrypt"));

        clock.Advance(TimeSpan.FromHours(9));
        JsonElement evening = await TryAsync(server, "2.0", sensorCertificate, sensorKey, id, 16);
        Assert.False(Allowed(evening, "encrypt"));
        Assert.Equal("permission denied by policy rule default-deny", evening.GetProperty("encrypt").GetProperty("message").GetString());
    }

    private static async Task<JsonElement> TryAsync(ServerFixture server, string version, string certificate, string key, string id, int bytes = 64)
    {
        JsonElement result = await PyKmip.RunAsAsync("access_policy.py", server, version, certificate, key, "try", id, bytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        PyKmip.AssertAllStepsSucceeded(result);
        return result;
    }

    private static bool Allowed(JsonElement result, string step) => result.GetProperty(step).GetProperty("allowed").GetBoolean();

    private static (string Certificate, string Key) Issue(ServerFixture server, string name)
    {
        string pem = server.Host.Tls.IssueClient(name, "apps", Path.Combine(server.DataDirectory, "issued-" + name));
        return (pem, Path.ChangeExtension(pem, ".key"));
    }

    private static async Task PutPolicyAsync(AdminHttps admin, string name, string json) => (await admin.PutAsync($"policies/{name}", json))?.Dispose();
}
