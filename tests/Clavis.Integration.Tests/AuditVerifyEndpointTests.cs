using System.CommandLine;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Clavis.Cli;
using Clavis.Integration.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Clavis.Integration.Tests;

/// <summary>Verifying the journal through a running node: the admin endpoint and <c>clavis audit verify --server</c>.</summary>
public sealed class AuditVerifyEndpointTests
{
    [Fact]
    public async Task An_administrator_gets_the_report_of_an_intact_journal_and_then_of_a_changed_one()
    {
        await using ServerFixture server = await ServerFixture.StartAsync();
        await server.Host.AuditSigner!.CheckpointAsync(CancellationToken.None);
        using var admin = new AdminHttps(server, server.AdminCertificate);

        using JsonDocument intact = (await admin.GetAsync("audit/verify", HttpStatusCode.OK))!;
        Edit(server, "UPDATE audit_records SET principal = 'mallory' WHERE sequence = 1");
        using JsonDocument broken = (await admin.GetAsync("audit/verify?node=node-1&from=1", HttpStatusCode.OK))!;

        Assert.True(intact.RootElement.GetProperty("intact").GetBoolean());
        Assert.Equal(1, intact.RootElement.GetProperty("checkpointsChecked").GetInt32());
        Assert.Equal(1, intact.RootElement.GetProperty("checkpointCopiesChecked").GetInt32());
        JsonElement chain = Assert.Single(intact.RootElement.GetProperty("chains").EnumerateArray());
        Assert.Equal("node-1", chain.GetProperty("node").GetString());
        Assert.False(broken.RootElement.GetProperty("intact").GetBoolean());
        JsonElement found = Assert.Single(broken.RootElement.GetProperty("breaks").EnumerateArray());
        Assert.Equal(("ChangedRecord", "node-1", 1L), (found.GetProperty("kind").GetString(), found.GetProperty("node").GetString(), found.GetProperty("sequence").GetInt64()));
        Assert.Contains("column principal says 'mallory'", found.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_administrators_may_verify_and_a_bad_range_is_refused()
    {
        await using ServerFixture server = await ServerFixture.StartAsync();
        string pem = server.Host.Tls.IssueClient("app1", "apps", Path.Combine(server.DataDirectory, "issued"));
        using X509Certificate2 application = X509Certificate2.CreateFromPemFile(pem, Path.ChangeExtension(pem, ".key"));
        using var stranger = new AdminHttps(server, application);
        using var anonymous = new AdminHttps(server, null);
        using var admin = new AdminHttps(server, server.AdminCertificate);

        using JsonDocument forbidden = (await stranger.GetAsync("audit/verify", HttpStatusCode.Forbidden))!;
        using JsonDocument unauthorized = (await anonymous.GetAsync("audit/verify", HttpStatusCode.Unauthorized))!;
        using JsonDocument notANumber = (await admin.GetAsync("audit/verify?from=abc", HttpStatusCode.BadRequest))!;
        using JsonDocument backwards = (await admin.GetAsync("audit/verify?from=5&to=2", HttpStatusCode.BadRequest))!;

        Assert.Equal("PermissionDenied", forbidden.RootElement.GetProperty("reason").GetString());
        Assert.Equal("AuthenticationNotSuccessful", unauthorized.RootElement.GetProperty("reason").GetString());
        Assert.Equal("from 'abc' is not a sequence number", notANumber.RootElement.GetProperty("message").GetString());
        Assert.Equal("to (2) is before from (5)", backwards.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_cli_prints_the_servers_report_and_exits_as_the_offline_form_does()
    {
        await using ServerFixture server = await ServerFixture.StartAsync();
        string address = $"https://127.0.0.1:{server.Host.HttpsPort}";
        string[] tls = ["--ca", server.Host.Tls.CaCertificate, "--cert", server.Host.Tls.AdminCertificate, "--key", server.Host.Tls.AdminKey];

        (int intact, string output, string error) = Run(["audit", "verify", "--server", address, .. tls]);
        Edit(server, "UPDATE audit_records SET operation = 'Destroy' WHERE sequence = 1");
        (int broken, _, string report) = Run(["audit", "verify", "--server", address, "--node", "node-1", .. tls]);

        Assert.True(intact == 0, error);
        Assert.Contains($"verified by {address}", output, StringComparison.Ordinal);
        Assert.Contains("intact: 2 records and 0 checkpoints checked", output, StringComparison.Ordinal);
        Assert.Equal(1, broken);
        Assert.Contains("BROKEN (ChangedRecord) node node-1, sequence 1: changed field at sequence 1: column operation says 'Destroy' but the hashed record says 'Start'", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_exits_2_with_a_readable_reason_when_it_cannot_reach_or_is_refused()
    {
        await using ServerFixture server = await ServerFixture.StartAsync();
        string address = $"https://127.0.0.1:{server.Host.HttpsPort}";
        string pem = server.Host.Tls.IssueClient("app1", "apps", Path.Combine(server.DataDirectory, "issued"));
        using var otherCa = new TemporaryDirectory();
        var stranger = new Server.Tls.TlsMaterialFiles(otherCa.Path);
        stranger.EnsureCreated();

        (int noCertificate, _, string unauthorized) = Run("audit", "verify", "--server", address, "--ca", server.Host.Tls.CaCertificate);
        (int notAdministrator, _, string forbidden) = Run("audit", "verify", "--server", address, "--ca", server.Host.Tls.CaCertificate, "--cert", pem, "--key", Path.ChangeExtension(pem, ".key"));
        (int wrongCa, _, string untrusted) = Run("audit", "verify", "--server", address, "--ca", stranger.CaCertificate, "--cert", server.Host.Tls.AdminCertificate, "--key", server.Host.Tls.AdminKey);
        (int closed, _, string unreachable) = Run("audit", "verify", "--server", "https://127.0.0.1:1", "--ca", server.Host.Tls.CaCertificate);
        (int plain, _, string notHttps) = Run("audit", "verify", "--server", "http://127.0.0.1:1");

        Assert.Equal([2, 2, 2, 2, 2], new[] { noCertificate, notAdministrator, wrongCa, closed, plain });
        Assert.Contains("the server answered 401 Unauthorized: AuthenticationNotSuccessful", unauthorized, StringComparison.Ordinal);
        Assert.Contains("the server answered 403 Forbidden: PermissionDenied: app1 is not an administrator", forbidden, StringComparison.Ordinal);
        Assert.Contains("does not chain to the CA given with --ca", untrusted, StringComparison.Ordinal);
        Assert.Contains("cannot connect to https://127.0.0.1:1/", unreachable, StringComparison.Ordinal);
        Assert.Contains("is not an https://HOST:PORT address", notHttps, StringComparison.Ordinal);
    }

    private static void Edit(ServerFixture server, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "clavis.db")};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = ClavisCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
