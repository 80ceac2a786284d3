using System.CommandLine;
using System.Text.Json.Nodes;
using Clavis.Cli.Client;

namespace Clavis.Cli;

/// <summary><c>clavis profile add|list|show|remove</c>: the client configuration file, written owner-only (docs/cli.md).</summary>
public static class ProfileCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var profile = new Command("profile", "Manage connection profiles in the client configuration file (CLAVIS_CONFIG, else $XDG_CONFIG_HOME/clavis/config.json, else ~/.config/clavis/config.json).");
        profile.Subcommands.Add(CreateAdd());
        profile.Subcommands.Add(CreateList());
        profile.Subcommands.Add(CreateShow());
        profile.Subcommands.Add(CreateRemove());
        return profile;
    }

    private static Argument<string> NameArgument() => new("NAME") { Description = "The profile's name; \"default\" is used when none is chosen.", DefaultValueFactory = _ => "default" };

    private static Command CreateAdd()
    {
        var add = new Command("add", "Add or replace a profile. File paths are stored as given if absolute, else made absolute.");
        Argument<string> name = NameArgument();
        var server = new Option<string>("--server") { Description = "KMIP servers, HOST:PORT, comma-separated or repeated.", Required = true, HelpName = "HOST:PORT" };
        server.AllowMultipleArgumentsPerToken = false;
        var ca = new Option<string?>("--ca") { Description = "The server's CA certificate, PEM.", HelpName = "FILE" };
        var cert = new Option<string?>("--cert") { Description = "The client certificate, PEM.", HelpName = "FILE" };
        var key = new Option<string?>("--key", "--tls-key") { Description = "The client certificate's private key, PEM.", HelpName = "FILE" };
        var p12 = new Option<string?>("--p12") { Description = "The client certificate and key as PKCS#12 (password from CLAVIS_P12_PASSWORD when used).", HelpName = "FILE" };
        var admin = new Option<string?>("--admin-server") { Description = "The admin HTTPS API, https://HOST:PORT (key suspend|resume).", HelpName = "URL" };
        var version = new Option<string?>("--kmip-version") { Description = "Speak only this KMIP version, e.g. 2.1." };
        var timeout = new Option<double?>("--timeout") { Description = "Request timeout in seconds." };
        add.Arguments.Add(name);
        foreach (Option option in new Option[] { server, ca, cert, key, p12, admin, version, timeout })
        {
            add.Options.Add(option);
        }

        add.SetAction(parse => Run(parse, "profile add", (file, path) =>
        {
            List<string> servers = [.. parse.GetValue(server)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            servers.ForEach(s => KmipConnectionSettings.ParseEndpoint(s));
            if (parse.GetValue(cert) is null != (parse.GetValue(key) is null))
            {
                throw new AdminClientException(AdminClientException.UsageError, "--cert and --key go together");
            }

            var entry = new ClientProfile
            {
                Servers = servers,
                Ca = Absolute(parse.GetValue(ca)),
                Cert = Absolute(parse.GetValue(cert)),
                Key = Absolute(parse.GetValue(key)),
                P12 = Absolute(parse.GetValue(p12)),
                AdminServer = parse.GetValue(admin),
                KmipVersion = parse.GetValue(version),
                Timeout = parse.GetValue(timeout),
            };
            string profileName = parse.GetValue(name)!;
            file.Profiles[profileName] = entry;
            file.Save(path);
            parse.InvocationConfiguration.Output.WriteLine($"profile '{profileName}' saved in {path}");
        }));
        return add;
    }

    private static Command CreateList()
    {
        var list = new Command("list", "List the profiles.");
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        list.Options.Add(json);
        list.SetAction(parse => Run(parse, "profile list", (file, path) =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                output.WriteLine(new JsonArray([.. file.Profiles.Keys.Select(k => (JsonNode)k)]).ToJsonString(CliText.Json));
                return;
            }

            if (file.Profiles.Count == 0)
            {
                output.WriteLine($"no profiles in {path} (clavis profile add)");
                return;
            }

            CliText.Table(output, ["NAME", "SERVERS"], file.Profiles.Select(p => (IReadOnlyList<string>)[p.Key, string.Join(",", p.Value.Servers)]));
        }));
        return list;
    }

    private static Command CreateShow()
    {
        var show = new Command("show", "Print a profile as stored.");
        Argument<string> name = NameArgument();
        show.Arguments.Add(name);
        show.SetAction(parse => Run(parse, "profile show", (file, path) =>
        {
            string profileName = parse.GetValue(name)!;
            ClientProfile entry = file.Profiles.TryGetValue(profileName, out ClientProfile? found)
                ? found
                : throw new AdminClientException(AdminClientException.UsageError, $"no profile '{profileName}' in {path}");
            parse.InvocationConfiguration.Output.WriteLine(System.Text.Json.JsonSerializer.Serialize(entry, new System.Text.Json.JsonSerializerOptions
            {
                WriteIndented = true,
                DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
            }));
        }));
        return show;
    }

    private static Command CreateRemove()
    {
        var remove = new Command("remove", "Remove a profile.");
        var name = new Argument<string>("NAME") { Description = "The profile's name." };
        remove.Arguments.Add(name);
        remove.SetAction(parse => Run(parse, "profile remove", (file, path) =>
        {
            string profileName = parse.GetValue(name)!;
            if (!file.Profiles.Remove(profileName))
            {
                throw new AdminClientException(AdminClientException.UsageError, $"no profile '{profileName}' in {path}");
            }

            file.Save(path);
            parse.InvocationConfiguration.Output.WriteLine($"profile '{profileName}' removed");
        }));
        return remove;
    }

    private static string? Absolute(string? path) => path is null ? null : Path.GetFullPath(path);

    private static int Run(ParseResult parse, string name, Action<ClientProfileFile, string> action)
    {
        try
        {
            string path = ClientProfileFile.DefaultPath();
            action(ClientProfileFile.Load(path), path);
            return 0;
        }
        catch (AdminClientException ex)
        {
            parse.InvocationConfiguration.Error.WriteLine($"clavis {name}: {ex.Message}");
            return ex.ExitCode;
        }
    }
}
