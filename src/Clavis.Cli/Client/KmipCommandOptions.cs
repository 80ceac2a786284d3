using System.CommandLine;
using System.Globalization;

namespace Clavis.Cli.Client;

/// <summary>
/// The connection and output options every KMIP client command takes: <c>--server --ca --cert --key|--tls-key --p12
/// --profile --admin-server --timeout --kmip-version --json</c>. Values resolve flag, then environment, then profile.
/// </summary>
internal sealed class KmipCommandOptions
{
    private KmipCommandOptions(bool keyAlias)
    {
        // encrypt, decrypt, sign, verify and mac name the KMIP key with --key; there the TLS key is --tls-key only.
        TlsKey = keyAlias
            ? new Option<string?>("--key", "--tls-key") { Description = "The client certificate's private key, PEM (env CLAVIS_KEY).", HelpName = "FILE" }
            : new Option<string?>("--tls-key") { Description = "The client certificate's private key, PEM (env CLAVIS_KEY).", HelpName = "FILE" };
    }

    public Option<string?> Server { get; } = new("--server") { Description = "The KMIP server, HOST:PORT (default port 5696), or srv:DOMAIN to find them by DNS SRV (_kmip._tcp.DOMAIN); several separated by commas (env CLAVIS_SERVER).", HelpName = "HOST:PORT" };

    public Option<string?> DnsServer { get; } = new("--dns-server") { Description = "With srv:DOMAIN: ask this DNS server, HOST:PORT (default port 53), instead of the system's resolvers (env CLAVIS_DNS_SERVER).", HelpName = "HOST:PORT" };

    public Option<string?> Ca { get; } = new("--ca") { Description = "The CA certificate (PEM) the server's certificate must chain to, e.g. DATA/certs/ca.pem (env CLAVIS_CA).", HelpName = "FILE" };

    public Option<string?> Cert { get; } = new("--cert") { Description = "The client certificate, PEM (env CLAVIS_CERT).", HelpName = "FILE" };

    public Option<string?> TlsKey { get; }

    public Option<string?> P12 { get; } = new("--p12") { Description = "The client certificate and key as PKCS#12 instead of --cert/--key; password in CLAVIS_P12_PASSWORD (env CLAVIS_P12).", HelpName = "FILE" };

    public Option<string?> Profile { get; } = new("--profile") { Description = "The profile of the client configuration file to use (env CLAVIS_PROFILE; default: \"default\").", HelpName = "NAME" };

    public Option<string?> AdminServer { get; } = new("--admin-server") { Description = "The admin HTTPS API, https://HOST:PORT, for key suspend|resume (env CLAVIS_ADMIN_SERVER; default: the first server's host, port 8443).", HelpName = "URL" };

    public Option<double?> Timeout { get; } = new("--timeout") { Description = "Seconds one request may take (env CLAVIS_TIMEOUT; default 30).", HelpName = "SECONDS" };

    public Option<string?> KmipVersion { get; } = new("--kmip-version") { Description = "Speak only this KMIP version, e.g. 2.1 (default: negotiate).", HelpName = "VERSION" };

    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON for scripts (KMIP names in camelCase) instead of text." };

    /// <summary>Creates the options and adds them to <paramref name="command"/>.</summary>
    /// <param name="command">The command.</param>
    /// <param name="keyAlias">Whether <c>--key</c> may name the TLS key (false where it names the KMIP key).</param>
    public static KmipCommandOptions AddTo(Command command, bool keyAlias = true)
    {
        var options = new KmipCommandOptions(keyAlias);
        command.Options.Add(options.Server);
        command.Options.Add(options.DnsServer);
        command.Options.Add(options.Ca);
        command.Options.Add(options.Cert);
        command.Options.Add(options.TlsKey);
        command.Options.Add(options.P12);
        command.Options.Add(options.Profile);
        command.Options.Add(options.AdminServer);
        command.Options.Add(options.Timeout);
        command.Options.Add(options.KmipVersion);
        command.Options.Add(options.Json);
        return options;
    }

    /// <summary>Resolves every setting: flag, else environment variable, else the selected profile.</summary>
    /// <exception cref="AdminClientException">A named profile does not exist or the file is unreadable (exit 2).</exception>
    public KmipConnectionSettings Resolve(ParseResult parse)
    {
        string path = ClientProfileFile.DefaultPath();
        string? explicitProfile = parse.GetValue(Profile) ?? Environment("CLAVIS_PROFILE");
        string profileName = explicitProfile ?? "default";
        ClientProfile? profile = null;
        ClientProfileFile file = ClientProfileFile.Load(path);
        if (file.Profiles.TryGetValue(profileName, out ClientProfile? found))
        {
            profile = found;
        }
        else if (explicitProfile is not null)
        {
            throw new AdminClientException(AdminClientException.UsageError, $"no profile '{explicitProfile}' in {path} (clavis profile list shows them)");
        }

        List<string> servers = parse.GetValue(Server) is { Length: > 0 } flag ? Split(flag)
            : Environment("CLAVIS_SERVER") is { } fromEnvironment ? Split(fromEnvironment)
            : profile?.Servers ?? [];
        double? timeout = parse.GetValue(Timeout)
            ?? (Environment("CLAVIS_TIMEOUT") is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) ? seconds : (double?)null)
            ?? profile?.Timeout;
        if (timeout is <= 0)
        {
            throw new AdminClientException(AdminClientException.UsageError, "--timeout must be a positive number of seconds");
        }

        return new KmipConnectionSettings
        {
            Servers = servers,
            DnsServer = parse.GetValue(DnsServer) ?? Environment("CLAVIS_DNS_SERVER"),
            Ca = parse.GetValue(Ca) ?? Environment("CLAVIS_CA") ?? ClientProfileFile.Resolve(profile?.Ca, path),
            Cert = parse.GetValue(Cert) ?? Environment("CLAVIS_CERT") ?? ClientProfileFile.Resolve(profile?.Cert, path),
            Key = parse.GetValue(TlsKey) ?? Environment("CLAVIS_KEY") ?? ClientProfileFile.Resolve(profile?.Key, path),
            P12 = parse.GetValue(P12) ?? Environment("CLAVIS_P12") ?? ClientProfileFile.Resolve(profile?.P12, path),
            AdminServer = parse.GetValue(AdminServer) ?? Environment("CLAVIS_ADMIN_SERVER") ?? profile?.AdminServer,
            KmipVersion = parse.GetValue(KmipVersion) ?? profile?.KmipVersion,
            Timeout = timeout is { } value ? TimeSpan.FromSeconds(value) : TimeSpan.FromSeconds(30),
            ProfileName = profile is null ? null : profileName,
        };
    }

    private static List<string> Split(string text) => [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string? Environment(string name) => System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
