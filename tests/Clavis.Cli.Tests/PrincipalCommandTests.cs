using System.CommandLine;
using System.Text.Json;
using Clavis.Integration.Tests.Support;

namespace Clavis.Cli.Tests;

/// <summary><c>clavis user|device|principal-rules</c> against a real node's admin API over mutual TLS.</summary>
public sealed class PrincipalCommandTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task User_put_get_list_and_delete_with_the_password_from_a_file()
    {
        string passwordFile = WriteSecret("hanks password\n");

        (int put, string putOutput, string putError) = await RunAsync(["user", "put", "hank", "--password-file", passwordFile, "--group", "tellers", "--group", "apps"]);
        Assert.True(put == 0, putError);
        Assert.Contains("name: hank", putOutput, StringComparison.Ordinal);
        Assert.Contains("groups: tellers, apps", putOutput, StringComparison.Ordinal);
        Assert.Contains("passwordHashAlgorithm: argon2id", putOutput, StringComparison.Ordinal);

        (int get, string getOutput, _) = await RunAsync(["user", "get", "hank", "--json"]);
        Assert.Equal(0, get);
        JsonElement user = JsonDocument.Parse(getOutput).RootElement;
        Assert.False(user.GetProperty("disabled").GetBoolean());
        Assert.DoesNotContain("hanks password", getOutput, StringComparison.Ordinal);

        (int disable, _, string disableError) = await RunAsync(["user", "put", "hank", "--keep-password", "--disabled"]);
        Assert.True(disable == 0, disableError);
        (_, string listOutput, _) = await RunAsync(["user", "list", "--json"]);
        JsonElement listed = JsonDocument.Parse(listOutput).RootElement.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("name").GetString() == "hank");
        Assert.True(listed.GetProperty("disabled").GetBoolean());

        (int delete, string deleteOutput, _) = await RunAsync(["user", "delete", "hank"]);
        Assert.Equal((0, "user hank deleted"), (delete, deleteOutput.Trim()));
        (int missing, _, string missingError) = await RunAsync(["user", "get", "hank"]);
        Assert.Equal(1, missing);
        Assert.Equal("clavis user get: ItemNotFound: user \"hank\" does not exist", missingError.Trim());
    }

    [Fact]
    public async Task A_refused_body_exits_1_with_the_servers_reason_and_bad_arguments_exit_2()
    {
        (int weak, _, string weakError) = await RunAsync(["user", "put", "ivy", "--password-file", WriteSecret("short")]);
        Assert.Equal(1, weak);
        Assert.StartsWith("clavis user put: InvalidField: user \"ivy\": field 'password' must be 8 to 1024 bytes", weakError, StringComparison.Ordinal);

        (int both, _, string bothError) = await RunAsync(["user", "put", "ivy", "--keep-password", "--password-file", WriteSecret("long enough")]);
        Assert.Equal(2, both);
        Assert.Contains("exclude each other", bothError, StringComparison.Ordinal);

        (int noServer, _, string noServerError) = await RunAsync(["user", "list"], withConnection: false);
        Assert.Equal(2, noServer);
        Assert.Contains("--server (or CLAVIS_ADMIN_SERVER) is required", noServerError, StringComparison.Ordinal);

        (int notHttps, _, string notHttpsError) = await RunAsync(["user", "list", "--server", "http://127.0.0.1:1"], withConnection: false);
        Assert.Equal(2, notHttps);
        Assert.Contains("must be an https:// address", notHttpsError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_exits_3()
    {
        string[] files = ["--ca", server.Host.Tls.CaCertificate, "--cert", server.Host.Tls.AdminCertificate, "--key", server.Host.Tls.AdminKey];
        // Port 1 is closed: the connection is refused.
        (int code, _, string error) = await RunAsync(["user", "list", "--server", "https://127.0.0.1:1", .. files], withConnection: false);
        Assert.Equal(3, code);
        Assert.Contains("cannot reach", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Device_put_get_list_and_delete()
    {
        (int put, string putOutput, string putError) = await RunAsync(["device", "put", "SN-CLI-1", "--device-identifier", "array-9", "--network-identifier", "aa:bb",
            "--device-type", "storage-array", "--software-level", "4", "--password-file", WriteSecret("array password"), "--group", "arrays", "--json"]);
        Assert.True(put == 0, putError);
        JsonElement device = JsonDocument.Parse(putOutput).RootElement;
        Assert.True(device.GetProperty("hasPassword").GetBoolean());
        Assert.Equal(4, device.GetProperty("softwareLevel").GetInt32());
        Assert.DoesNotContain("array password", putOutput, StringComparison.Ordinal);

        (int get, string getOutput, _) = await RunAsync(["device", "get", "SN-CLI-1"]);
        Assert.Equal(0, get);
        Assert.Contains("deviceType: storage-array", getOutput, StringComparison.Ordinal);
        Assert.Contains("hasPassword: yes", getOutput, StringComparison.Ordinal);

        (_, string listOutput, _) = await RunAsync(["device", "list"]);
        Assert.Contains("id: SN-CLI-1", listOutput, StringComparison.Ordinal);
        (int delete, _, _) = await RunAsync(["device", "delete", "SN-CLI-1"]);
        Assert.Equal(0, delete);
    }

    [Fact]
    public async Task Principal_rules_put_from_a_file_and_get()
    {
        string file = Path.Combine(server.DataDirectory, "rules.json");
        await File.WriteAllTextAsync(file, """{"rules": [{"name": "gateway-users", "match": {"organizationalUnit": "gateways", "credentialType": "UsernameAndPassword"}, "assign": {"identityFromUsername": true, "groups": ["via-gateway"]}}]}""");

        (int put, _, string putError) = await RunAsync(["principal-rules", "put", "--file", file]);
        Assert.True(put == 0, putError);
        (int get, string getOutput, _) = await RunAsync(["principal-rules", "get"]);
        Assert.Equal(0, get);
        Assert.Contains("name: gateway-users", getOutput, StringComparison.Ordinal);
        Assert.Contains("organizationalUnit: gateways", getOutput, StringComparison.Ordinal);
        Assert.Contains("identityFromUsername: yes", getOutput, StringComparison.Ordinal);

        await File.WriteAllTextAsync(file, """{"rules": [{"name": "r", "assign": {}}]}""");
        (int bad, _, string badError) = await RunAsync(["principal-rules", "put", "--file", file]);
        Assert.Equal(1, bad);
        Assert.Contains("'assign' assigns nothing", badError, StringComparison.Ordinal);

        await File.WriteAllTextAsync(file, """{"rules": []}""");
        Assert.Equal(0, (await RunAsync(["principal-rules", "put", "--file", file])).Code);
    }

    private string WriteSecret(string text)
    {
        string path = Path.Combine(server.DataDirectory, $"secret-{Guid.NewGuid():N}");
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(string[] args, bool withConnection = true)
    {
        string[] connection = withConnection
            ? ["--server", $"https://127.0.0.1:{server.Host.HttpsPort}", "--ca", server.Host.Tls.CaCertificate, "--cert", server.Host.Tls.AdminCertificate, "--key", server.Host.Tls.AdminKey]
            : [];
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await ClavisCommand.Create().Parse([.. args, .. connection]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
