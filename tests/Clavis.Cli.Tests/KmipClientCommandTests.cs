using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Clavis.Cli.Tests.Support;
using Clavis.Integration.Tests.Support;

namespace Clavis.Cli.Tests;

/// <summary>
/// <c>clavis key|encrypt|decrypt|sign|verify|mac|server|profile</c> as a user runs them: the built binary in its own
/// process, against a real node over mutual TLS, with its output parsed as a script would.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes and bash: the CLI's Unix behaviour is what is tested
public sealed class KmipClientCommandTests : IClassFixture<ServerFixture>, IDisposable
{
    private readonly ServerFixture _server;
    private readonly ClavisCli _cli = new();

    public KmipClientCommandTests(ServerFixture server)
    {
        _server = server;
    }

    private string Server => $"127.0.0.1:{_server.KmipEndPoint.Port}";

    /// <summary>The admin's connection flags.</summary>
    private string[] Connection => With();

    /// <summary>The admin's connection flags with some replaced.</summary>
    private string[] With(string? server = null, string? ca = null, string? cert = null, string? key = null) =>
        ["--server", server ?? Server, "--ca", ca ?? _server.Host.Tls.CaCertificate, "--cert", cert ?? _server.Host.Tls.AdminCertificate, "--tls-key", key ?? _server.Host.Tls.AdminKey];

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task An_AES_key_encrypts_a_file_of_several_chunks_that_decrypts_to_the_same_bytes_and_a_changed_envelope_is_refused()
    {
        string id = await CreateAsync("--algorithm", "AES", "--length", "256", "--name", "roundtrip", "--activate");
        byte[] plaintext = RandomNumberGenerator.GetBytes((2 * 1024 * 1024) + 12345);
        string input = _cli.WriteFile("plain.bin", plaintext);

        CliRun encrypt = await _cli.RunAsync(["encrypt", "--key", id, "--in", input, "--out", "cipher.clv", .. Connection], null, null);
        Assert.True(encrypt.ExitCode == 0, encrypt.ToString());
        byte[] envelope = File.ReadAllBytes(Path.Combine(_cli.Home, "cipher.clv"));
        Assert.Equal("CLVE"u8.ToArray(), envelope[..4]);

        // No --key: the envelope names it.
        CliRun decrypt = await _cli.RunAsync(["decrypt", "--in", "cipher.clv", "--out", "again.bin", .. Connection], null, null);
        Assert.True(decrypt.ExitCode == 0, decrypt.ToString());
        Assert.Equal(plaintext, File.ReadAllBytes(Path.Combine(_cli.Home, "again.bin")));

        envelope[^5] ^= 1;
        _cli.WriteFile("changed.clv", envelope);
        CliRun changed = await _cli.RunAsync(["decrypt", "--in", "changed.clv", "--out", "changed.bin", .. Connection], null, null);
        Assert.True(changed.ExitCode == 1, changed.ToString());
        Assert.StartsWith("clavis decrypt: ", changed.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_cli.Home, "changed.bin")), "a failed decryption leaves no partial plaintext");
    }

    [Fact]
    public async Task A_cut_envelope_is_refused_and_stdin_to_stdout_works()
    {
        string id = await CreateAsync("--algorithm", "AES", "--name", "pipes", "--activate");
        byte[] plaintext = Encoding.UTF8.GetBytes("attack at dawn");
        CliRun encrypt = await _cli.RunAsync(["encrypt", "--key", id, .. Connection], plaintext, null);
        Assert.True(encrypt.ExitCode == 0, encrypt.Error);
        byte[] envelope = encrypt.OutputBytes;

        CliRun decrypt = await _cli.RunAsync(["decrypt", .. Connection], envelope, null);
        Assert.Equal((0, "attack at dawn"), (decrypt.ExitCode, decrypt.Output));

        // Records are [uint32 length][...]; dropping the only record leaves a header with no final record.
        int headerLength = 9 + (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(envelope.AsSpan(5));
        CliRun cut = await _cli.RunAsync(["decrypt", .. Connection], envelope[..headerLength], null);
        Assert.Equal(1, cut.ExitCode);
        Assert.Contains("cut short", cut.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_and_verify_say_valid_with_exit_0_and_not_valid_with_exit_1()
    {
        CliRun pair = await _cli.RunAsync(["key", "create", "--algorithm", "RSA", "--name", "signer", "--activate", "--json", .. Connection], null, null);
        Assert.True(pair.ExitCode == 0, pair.ToString());
        using JsonDocument ids = JsonDocument.Parse(pair.Output);
        string privateKey = ids.RootElement.GetProperty("privateKeyUniqueIdentifier").GetString()!;
        string publicKey = ids.RootElement.GetProperty("publicKeyUniqueIdentifier").GetString()!;
        string document = _cli.WriteFile("contract.txt", "I owe you 10 EUR");
        _cli.WriteFile("tampered.txt", "I owe you 99 EUR");

        CliRun sign = await _cli.RunAsync(["sign", "--key", privateKey, "--in", document, "--out", "contract.sig", .. Connection], null, null);
        Assert.True(sign.ExitCode == 0, sign.ToString());

        CliRun valid = await _cli.RunAsync(["verify", "--key", publicKey, "--in", "contract.txt", "--signature", "contract.sig", .. Connection], null, null);
        Assert.Equal(0, valid.ExitCode);
        Assert.Contains("signature is valid", valid.Output, StringComparison.Ordinal);

        // The private key's identifier finds its public key through its link.
        CliRun tampered = await _cli.RunAsync(["verify", "--key", privateKey, "--in", "tampered.txt", "--signature", "contract.sig", "--json", .. Connection], null, null);
        Assert.True(tampered.ExitCode == 1, tampered.ToString());
        using JsonDocument verdict = JsonDocument.Parse(tampered.Output);
        Assert.Equal("Invalid", verdict.RootElement.GetProperty("validityIndicator").GetString());
        Assert.Equal(publicKey, verdict.RootElement.GetProperty("uniqueIdentifier").GetString());

        // Re-keying through the private key replaces the pair.
        CliRun rekey = await _cli.RunAsync(["key", "rekey", privateKey, "--json", .. Connection], null, null);
        Assert.True(rekey.ExitCode == 0, rekey.ToString());
        using JsonDocument renewed = JsonDocument.Parse(rekey.Output);
        Assert.Equal(privateKey, renewed.RootElement.GetProperty("replacedUniqueIdentifier").GetString());
        Assert.NotEqual(privateKey, renewed.RootElement.GetProperty("privateKeyUniqueIdentifier").GetString());
        Assert.NotEqual(publicKey, renewed.RootElement.GetProperty("publicKeyUniqueIdentifier").GetString());
    }

    [Fact]
    public async Task Srv_DOMAIN_finds_the_server_through_DNS_SRV_records_from_a_real_DNS_server()
    {
        // dnsmasq on loopback answers _kmip._tcp.clavis.test with this node under "localhost", a name its certificate carries.
        await using Clavis.Client.Tests.Support.Dnsmasq dns = await Clavis.Client.Tests.Support.Dnsmasq.StartAsync(
            [$"--srv-host=_kmip._tcp.clavis.test,localhost,{_server.KmipEndPoint.Port},0,1", "--host-record=localhost,127.0.0.1"], ttlSeconds: 60);
        string dnsServer = $"127.0.0.1:{dns.Port}";

        CliRun created = await _cli.RunAsync(["key", "create", "--algorithm", "AES", "--length", "256", "--name", "found-by-srv", "--json",
            "--dns-server", dnsServer, .. With(server: "srv:clavis.test")], null, null);
        CliRun missing = await _cli.RunAsync(["key", "list", "--dns-server", dnsServer, .. With(server: "srv:nowhere.test")], null, null);
        CliRun lonely = await _cli.RunAsync(["key", "list", "--dns-server", dnsServer, .. Connection], null, null);

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(created.Output).RootElement.GetProperty("uniqueIdentifier").GetString()));
        Assert.True(missing.ExitCode == 3, missing.ToString());
        Assert.Contains("_kmip._tcp.nowhere.test", missing.Error, StringComparison.Ordinal);
        Assert.Equal(2, lonely.ExitCode);
        Assert.Contains("--dns-server is for finding servers by DNS SRV", lonely.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_list_moves_past_a_server_that_is_down_even_for_a_create()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        int deadPort = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        CliRun created = await _cli.RunAsync(["key", "create", "--algorithm", "AES", "--length", "128", "--name", "listed", "--json", .. With(server: $"127.0.0.1:{deadPort},{Server}")], null, null);

        // Nothing reached the closed port, so even a Create may go on to the next server.
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(created.Output).RootElement.GetProperty("uniqueIdentifier").GetString()));
    }

    [Fact]
    public async Task An_EC_signature_in_base64_on_stdout_verifies_from_that_text()
    {
        CliRun pair = await _cli.RunAsync(["key", "create", "--algorithm", "EC", "--curve", "P-256", "--name", "ec-signer", "--activate", .. Connection], null, null);
        Assert.True(pair.ExitCode == 0, pair.ToString());
        _cli.WriteFile("data.txt", "ship it");

        CliRun sign = await _cli.RunAsync(["sign", "--key", "name:ec-signer", "--in", "data.txt", .. Connection], null, null);
        Assert.True(sign.ExitCode == 0, sign.ToString());
        Assert.NotNull(Convert.FromBase64String(sign.Output.Trim()));
        _cli.WriteFile("data.sig", sign.Output);

        CliRun valid = await _cli.RunAsync(["verify", "--key", "name:ec-signer.pub", "--in", "data.txt", "--signature", "data.sig", .. Connection], null, null);
        Assert.True(valid.ExitCode == 0, valid.ToString());
    }

    [Fact]
    public async Task Mac_prints_hex_that_mac_verify_accepts_and_other_data_fails()
    {
        string id = await CreateAsync("--algorithm", "HMAC-SHA256", "--name", "macker", "--activate");
        _cli.WriteFile("message.txt", "pay 5");
        _cli.WriteFile("other.txt", "pay 500");

        CliRun mac = await _cli.RunAsync(["mac", "--key", id, "--in", "message.txt", .. Connection], null, null);
        Assert.True(mac.ExitCode == 0, mac.ToString());
        byte[] expected = HMACSHA256.HashData(await ReadKeyAsync(id), File.ReadAllBytes(Path.Combine(_cli.Home, "message.txt")));
        Assert.Equal(Convert.ToHexStringLower(expected), mac.Output.Trim());
        _cli.WriteFile("message.mac", mac.Output);

        CliRun good = await _cli.RunAsync(["mac", "--key", id, "--in", "message.txt", "--verify", "message.mac", .. Connection], null, null);
        Assert.Equal(0, good.ExitCode);
        CliRun bad = await _cli.RunAsync(["mac", "--key", id, "--in", "other.txt", "--verify", "message.mac", .. Connection], null, null);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("MAC is NOT valid", bad.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_get_attributes_suspend_revoke_and_destroy_with_json_output()
    {
        string id = await CreateAsync("--algorithm", "AES", "--length", "128", "--name", "ledger", "--group", "finance", "--activate");

        CliRun list = await _cli.RunAsync(["key", "list", "--group", "finance", "--json", .. Connection], null, null);
        Assert.True(list.ExitCode == 0, list.ToString());
        using (JsonDocument rows = JsonDocument.Parse(list.Output))
        {
            JsonElement row = Assert.Single(rows.RootElement.EnumerateArray());
            Assert.Equal(
                (id, "ledger", "SymmetricKey", "AES", 128, "Active"),
                (row.GetProperty("uniqueIdentifier").GetString(), row.GetProperty("name").GetString(), row.GetProperty("objectType").GetString(),
                 row.GetProperty("cryptographicAlgorithm").GetString(), row.GetProperty("cryptographicLength").GetInt32(), row.GetProperty("state").GetString()));
        }

        CliRun get = await _cli.RunAsync(["key", "get", id, "--out", "ledger.key", .. Connection], null, null);
        Assert.True(get.ExitCode == 0, get.ToString());
        string keyFile = Path.Combine(_cli.Home, "ledger.key");
        Assert.Equal(16, new FileInfo(keyFile).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));

        CliRun suspend = await _cli.RunAsync(["key", "suspend", id, "--reason", "audit 7", "--json", "--admin-server", $"https://127.0.0.1:{_server.Host.HttpsPort}", .. Connection], null, null);
        Assert.True(suspend.ExitCode == 0, suspend.ToString());
        using (JsonDocument suspended = JsonDocument.Parse(suspend.Output))
        {
            Assert.True(suspended.RootElement.GetProperty("suspended").GetBoolean());
        }

        CliRun revoke = await _cli.RunAsync(["key", "revoke", id, "--reason", "superseded", .. Connection], null, null);
        Assert.True(revoke.ExitCode == 0, revoke.ToString());
        CliRun destroy = await _cli.RunAsync(["key", "destroy", "name:ledger", "--json", .. Connection], null, null);
        Assert.True(destroy.ExitCode == 0, destroy.ToString());

        CliRun attributes = await _cli.RunAsync(["key", "attributes", id, "--json", .. Connection], null, null);
        Assert.True(attributes.ExitCode == 0, attributes.ToString());
        using JsonDocument all = JsonDocument.Parse(attributes.Output);
        Assert.Equal("Destroyed", all.RootElement.GetProperty("state").GetString());
        Assert.Equal("AES", all.RootElement.GetProperty("cryptographicAlgorithm").GetString());
        Assert.Equal(["Encrypt", "Decrypt"], all.RootElement.GetProperty("cryptographicUsageMask").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("audit 7", all.RootElement.GetProperty("y-ClavisSuspensionReason").GetString());
    }

    [Fact]
    public async Task Register_dir_imports_every_file_with_a_final_progress_line_get_all_exports_and_rekey_all_replaces_them()
    {
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string name in new[] { "bulk-a", "bulk-b", "bulk-c" })
        {
            keys[name] = RandomNumberGenerator.GetBytes(32);
            _cli.WriteFile(Path.Combine("import", name + ".bin"), keys[name]);
        }

        CliRun register = await _cli.RunAsync(["key", "register", "--dir", "import", "--algorithm", "AES", "--activate", "--json", .. Connection], null, null);
        Assert.True(register.ExitCode == 0, register.ToString());
        // Standard error is not a terminal here: no redrawn bar, one final line.
        Assert.Equal("registered 3 of 3", register.Error.Trim());
        using JsonDocument registered = JsonDocument.Parse(register.Output);
        Assert.Equal(["bulk-a", "bulk-b", "bulk-c"], registered.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()));

        CliRun export = await _cli.RunAsync(["key", "get", "--all", "--name", "bulk-b", "--out-dir", "export", .. Connection], null, null);
        Assert.True(export.ExitCode == 0, export.ToString());
        string file = Assert.Single(Directory.GetFiles(Path.Combine(_cli.Home, "export")));
        Assert.Equal(keys["bulk-b"], File.ReadAllBytes(file));

        CliRun rekey = await _cli.RunAsync(["key", "rekey", "--all", "--name-glob", "bulk-?", "--json", .. Connection], null, null);
        Assert.True(rekey.ExitCode == 0, rekey.ToString());
        Assert.Equal("re-keyed 3 of 3", rekey.Error.Trim());
        using JsonDocument replaced = JsonDocument.Parse(rekey.Output);
        Assert.Equal(
            registered.RootElement.EnumerateArray().Select(e => e.GetProperty("uniqueIdentifier").GetString()).Order(StringComparer.Ordinal),
            replaced.RootElement.EnumerateArray().Select(e => e.GetProperty("replacedUniqueIdentifier").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task On_a_terminal_the_bulk_progress_is_a_bar_redrawn_in_place()
    {
        for (int i = 1; i <= 3; i++)
        {
            _cli.WriteFile(Path.Combine("tty-import", $"tty-{i}.bin"), RandomNumberGenerator.GetBytes(16));
        }

        // script(1) gives the command a terminal as standard error; standard output goes to a file.
        string[] words = ["dotnet", ClavisCli.Dll, "key", "register", "--dir", "tty-import", "--algorithm", "AES", .. Connection];
        string command = string.Join(' ', words.Select(a => $"'{a}'"));
        CliRun run = await _cli.BashAsync($"script -qec \"{command} > registered.txt\" /dev/null");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("\r[##########....................] 1/3 registered tty-1", run.Output, StringComparison.Ordinal);
        Assert.EndsWith("registered 3 of 3", run.Output.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(_cli.Home, "registered.txt")).Length);
    }

    [Fact]
    public async Task The_profile_file_supplies_the_connection_env_overrides_it_and_flags_override_env()
    {
        CliRun add = await _cli.RunAsync(["profile", "add", "--server", Server, "--ca", _server.Host.Tls.CaCertificate, "--cert", _server.Host.Tls.AdminCertificate, "--key", _server.Host.Tls.AdminKey], null, null);
        Assert.True(add.ExitCode == 0, add.ToString());
        string file = Path.Combine(_cli.Home, ".config", "clavis", "config.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        CliRun fromProfile = await _cli.RunAsync(["key", "create", "--algorithm", "AES", "--name", "from-profile", "--json"], null, null);
        Assert.True(fromProfile.ExitCode == 0, fromProfile.ToString());

        int closed = ClosedPort();
        var wrongServer = new Dictionary<string, string> { ["CLAVIS_SERVER"] = $"127.0.0.1:{closed}" };
        CliRun envWins = await _cli.RunAsync(["key", "locate", "--name", "from-profile"], null, wrongServer);
        Assert.Equal(3, envWins.ExitCode);
        CliRun flagWins = await _cli.RunAsync(["key", "locate", "--name", "from-profile", "--server", Server], null, wrongServer);
        Assert.True(flagWins.ExitCode == 0, flagWins.ToString());
        Assert.Single(flagWins.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // A hand-written file elsewhere (CLAVIS_CONFIG), paths relative to its folder, a named profile chosen by CLAVIS_PROFILE.
        string folder = Path.Combine(_cli.Home, "elsewhere");
        Directory.CreateDirectory(folder);
        File.Copy(_server.Host.Tls.CaCertificate, Path.Combine(folder, "ca.pem"));
        File.Copy(_server.Host.Tls.AdminCertificate, Path.Combine(folder, "me.pem"));
        File.Copy(_server.Host.Tls.AdminKey, Path.Combine(folder, "me.key"));
        File.WriteAllText(Path.Combine(folder, "clavis.json"), $$$$"""
            {"profiles": {"lab": {"servers": ["{{{{Server}}}}", "127.0.0.1:{{{{closed}}}}"], "ca": "ca.pem", "cert": "me.pem", "key": "me.key", "timeout": 20}}}
            """);
        CliRun status = await _cli.RunAsync(["server", "status", "--json"], null,
            new Dictionary<string, string> { ["CLAVIS_CONFIG"] = Path.Combine(folder, "clavis.json"), ["CLAVIS_PROFILE"] = "lab" });
        // The second server of the list is down: status reports both and exits 3.
        Assert.True(status.ExitCode == 3, status.ToString());
        using JsonDocument servers = JsonDocument.Parse(status.Output);
        JsonElement[] entries = [.. servers.RootElement.EnumerateArray()];
        Assert.True(entries[0].GetProperty("reachable").GetBoolean());
        Assert.Contains("2.1", entries[0].GetProperty("protocolVersions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("Clavis", entries[0].GetProperty("vendorIdentification").GetString());
        Assert.False(entries[1].GetProperty("reachable").GetBoolean());
    }

    [Fact]
    public async Task Failures_read_as_sentences_with_their_exit_codes()
    {
        int closed = ClosedPort();
        CliRun down = await _cli.RunAsync(["key", "list", .. With(server: $"127.0.0.1:{closed}")], null, null);
        Assert.Equal(3, down.ExitCode);
        Assert.Equal($"clavis key list: cannot reach 127.0.0.1:{closed}: connection refused (is the server running, on this port?)", down.Error.Trim());

        (string otherCert, string otherKey) = WriteSelfSignedClient();
        CliRun stranger = await _cli.RunAsync(["key", "list", .. With(cert: otherCert, key: otherKey)], null, null);
        Assert.Equal(3, stranger.ExitCode);
        Assert.Contains("did not accept the client certificate", stranger.Error, StringComparison.Ordinal);

        CliRun untrusted = await _cli.RunAsync(["key", "list", .. With(ca: otherCert)], null, null);
        Assert.Equal(3, untrusted.ExitCode);
        Assert.Contains("the server's certificate is not trusted by --ca", untrusted.Error, StringComparison.Ordinal);

        CliRun unknown = await _cli.RunAsync(["key", "attributes", "no-such-key", .. Connection], null, null);
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("clavis key attributes: Item Not Found: ", unknown.Error, StringComparison.Ordinal);

        CliRun usage = await _cli.RunAsync(["key", "create", "--algorithm", "Rot13", .. Connection], null, null);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("--algorithm: 'Rot13' is not one of", usage.Error, StringComparison.Ordinal);

        // Another client of the same CA (its PKCS#12 file this time) may not use the admin's key: the server's reason and message, exit 1.
        string id = await CreateAsync("--algorithm", "AES", "--name", "admins-own", "--activate");
        CliRun issue = await _cli.RunAsync(["cert", "issue", "--data", _server.DataDirectory, "--name", "bob", "--out", Path.Combine(_cli.Home, "bob")], null, null);
        Assert.True(issue.ExitCode == 0, issue.ToString());
        _cli.WriteFile("secret.txt", "not for bob");
        CliRun denied = await _cli.RunAsync(
            ["encrypt", "--key", id, "--in", "secret.txt", "--out", "bob.clv", "--server", Server, "--ca", _server.Host.Tls.CaCertificate,
             "--p12", Path.Combine(_cli.Home, "bob", "bob.p12")], null, new Dictionary<string, string> { ["CLAVIS_P12_PASSWORD"] = "" });
        Assert.Equal(1, denied.ExitCode);
        Assert.StartsWith("clavis encrypt: Permission Denied: ", denied.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bash_completion_script_completes_commands_through_the_binary()
    {
        CliRun script = await _cli.RunAsync(["completion", "bash"]);
        Assert.Equal(0, script.ExitCode);
        _cli.WriteFile("clavis-completion.bash", script.Output);

        // What bash does on Tab: COMP_WORDS holds the line's words, COMP_CWORD the one being completed.
        CliRun completed = await _cli.BashAsync("""
            source ./clavis-completion.bash
            COMP_WORDS=(clavis ke); COMP_CWORD=1; _clavis_complete; echo "1:${COMPREPLY[*]}"
            COMP_WORDS=(clavis key cr); COMP_CWORD=2; _clavis_complete; echo "2:${COMPREPLY[*]}"
            COMP_WORDS=(clavis key create --algorithm H); COMP_CWORD=4; _clavis_complete; echo "3:${COMPREPLY[*]}"
            """);
        Assert.True(completed.ExitCode == 0, completed.ToString());
        Assert.Equal(["1:key", "2:create", "3:HMAC-SHA256 HMAC-SHA384 HMAC-SHA512"], completed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private async Task<string> CreateAsync(params string[] arguments)
    {
        CliRun create = await _cli.RunAsync(["key", "create", .. arguments, "--json", .. Connection], null, null);
        Assert.True(create.ExitCode == 0, create.ToString());
        using JsonDocument created = JsonDocument.Parse(create.Output);
        return created.RootElement.GetProperty("uniqueIdentifier").GetString()!;
    }

    private async Task<byte[]> ReadKeyAsync(string id)
    {
        CliRun get = await _cli.RunAsync(["key", "get", id, "--format", "raw", "--json", .. Connection], null, null);
        Assert.True(get.ExitCode == 0, get.ToString());
        using JsonDocument key = JsonDocument.Parse(get.Output);
        return Convert.FromBase64String(key.RootElement.GetProperty("keyMaterial").GetString()!);
    }

    private (string Certificate, string Key) WriteSelfSignedClient()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=mallory", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return (_cli.WriteFile("mallory.pem", certificate.ExportCertificatePem()), _cli.WriteFile("mallory.key", key.ExportPkcs8PrivateKeyPem()));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
