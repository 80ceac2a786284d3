using System.Text.Json;
using Clavis.Integration.Tests.Support;

namespace Clavis.Interop.Tests;

/// <summary>Debian's PyKMIP sends KMIP credentials in its request headers; Clavis verifies them against its registry.</summary>
public sealed class PyKmipCredentialTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData("1.2")]
    [InlineData("2.0")]
    public async Task PyKMIP_username_and_password_and_device_credentials_are_verified(string version)
    {
        using (var admin = new AdminHttps(server, server.AdminCertificate))
        {
            (await admin.PutAsync("users/pykmip-user", """{"password": "pykmip password"}"""))?.Dispose();
            (await admin.PutAsync("devices/SN-PY-1", """{"deviceIdentifier": "py-array", "networkIdentifier": "00:11:22:33:44:55", "password": "device password"}"""))?.Dispose();
        }

        JsonElement result = await PyKmip.RunAsAsync("credentials.py", server, version, server.Host.Tls.AdminCertificate, server.Host.Tls.AdminKey, "pykmip-user", "pykmip password");
        PyKmip.AssertAllStepsSucceeded(result);

        Assert.Equal(128, result.GetProperty("accepted").GetProperty("length").GetInt32());
        JsonElement refused = result.GetProperty("refused");
        Assert.True(refused.GetProperty("refused").GetBoolean());
        Assert.Equal("AUTHENTICATION_NOT_SUCCESSFUL", refused.GetProperty("reason").GetString());
        Assert.Equal("username/password not accepted", refused.GetProperty("message").GetString());

        Assert.Equal("SUCCESS", result.GetProperty("device_accepted").GetProperty("status").GetString());
        JsonElement deviceRefused = result.GetProperty("device_refused");
        Assert.Equal(("OPERATION_FAILED", "AUTHENTICATION_NOT_SUCCESSFUL", "device credential not accepted"),
            (deviceRefused.GetProperty("status").GetString(), deviceRefused.GetProperty("reason").GetString(), deviceRefused.GetProperty("message").GetString()));
    }
}
