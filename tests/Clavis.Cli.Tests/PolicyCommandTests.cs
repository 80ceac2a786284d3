using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip.Messages;

namespace Clavis.Cli.Tests;

/// <summary><c>clavis policy …</c> and <c>clavis grant …</c> against a real node's admin API over mutual TLS.</summary>
public sealed class PolicyCommandTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Policy_put_list_get_test_history_and_delete()
    {
        string id = await RegisterKeyAsync();
        string file = WriteFile("""
            {"name":"cli-sensors","statements":[{"id":"encrypt-only","effect":"allow","subjects":[{"deviceClass":"sensor"}],"actions":["use:encrypt"],"resources":[{"any":true}]}]}
            """);

        (int put, string putOutput, string putError) = await RunAsync(["policy", "put", "--file", file]);
        Assert.True(put == 0, putError);
        Assert.Equal("policy cli-sensors is now version 1", putOutput.Trim());

        (int stale, _, string staleError) = await RunAsync(["policy", "put", "--file", file, "--expected-version", "0"]);
        Assert.Equal(1, stale);
        Assert.Contains("is at version 1, not 0", staleError, StringComparison.Ordinal);

        (_, string listOutput, _) = await RunAsync(["policy", "list"]);
        Assert.Contains("cli-sensors", listOutput, StringComparison.Ordinal);
        Assert.Contains("clavis-default", listOutput, StringComparison.Ordinal);

        (_, string getOutput, _) = await RunAsync(["policy", "get", "cli-sensors"]);
        Assert.Contains("\"encrypt-only\"", getOutput, StringComparison.Ordinal);

        (int allowed, string allowOutput, _) = await RunAsync(["policy", "test", "--as", "t-1", "--device-class", "sensor", "--op", "Encrypt", "--object", id]);
        Assert.Equal(0, allowed);
        Assert.StartsWith("ALLOW by cli-sensors@1#encrypt-only", allowOutput, StringComparison.Ordinal);
        (_, string denyOutput, _) = await RunAsync(["policy", "test", "--as", "t-1", "--device-class", "sensor", "--op", "Decrypt", "--object", id]);
        Assert.StartsWith("DENY by default-deny", denyOutput, StringComparison.Ordinal);
        Assert.Contains("the client would read: permission denied by policy rule default-deny", denyOutput, StringComparison.Ordinal);

        (int delete, _, string deleteError) = await RunAsync(["policy", "delete", "cli-sensors"]);
        Assert.True(delete == 0, deleteError);
        (_, string historyOutput, _) = await RunAsync(["policy", "history", "cli-sensors", "--json"]);
        Assert.Equal([false, true], JsonDocument.Parse(historyOutput).RootElement.EnumerateArray().Select(v => v.GetProperty("deleted").GetBoolean()));
    }

    [Fact]
    public async Task A_document_with_an_error_exits_1_naming_where()
    {
        string file = WriteFile("""{"name":"cli-broken","statements":[{"id":"x","effect":"perhaps","subjects":[{"any":true}],"actions":["*"]}]}""");

        (int code, _, string error) = await RunAsync(["policy", "put", "--file", file]);

        Assert.Equal(1, code);
        Assert.Contains("statements[0].effect", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grant_add_list_and_remove()
    {
        string id = await RegisterKeyAsync();

        (int add, string addOutput, string addError) = await RunAsync(["grant", "add", "--object", id, "--to", "group:payments", "--actions", "Encrypt,Decrypt"]);
        Assert.True(add == 0, addError);
        Assert.Equal("group:payments Encrypt,Decrypt", addOutput.Trim());

        (int bad, _, string badError) = await RunAsync(["grant", "add", "--object", id, "--to", "team:payments", "--actions", "Encrypt"]);
        Assert.Equal(1, bad);
        Assert.Contains("neither user nor group", badError, StringComparison.Ordinal);

        (int remove, string removeOutput, _) = await RunAsync(["grant", "remove", "--object", id, "--to", "group:payments", "--actions", "Encrypt,Decrypt"]);
        Assert.Equal(0, remove);
        Assert.Equal($"object {id} has no grants", removeOutput.Trim());
    }

    private async Task<string> RegisterKeyAsync()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        return await SymmetricKeys.RegisterActiveAsync(client, RandomNumberGenerator.GetBytes(32));
    }

    private static string WriteFile(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"clavis-policy-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(string[] args)
    {
        string[] connection = ["--server", $"https://127.0.0.1:{server.Host.HttpsPort}", "--ca", server.Host.Tls.CaCertificate, "--cert", server.Host.Tls.AdminCertificate, "--key", server.Host.Tls.AdminKey];
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await ClavisCommand.Create().Parse([.. args, .. connection]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
