using System.Globalization;
using System.Security.Cryptography;
using Clavis.Client;
using Clavis.Kmip;

namespace Clavis.Cli.Client;

/// <summary>
/// How the KMIP client commands reach a server, resolved from flags, then environment variables, then the profile
/// file (docs/cli.md, "Connection").
/// </summary>
internal sealed class KmipConnectionSettings
{
    /// <summary>The servers, HOST:PORT, most preferred first.</summary>
    public List<string> Servers { get; init; } = [];

    /// <summary>With a <c>srv:DOMAIN</c> entry: the DNS server to ask, HOST:PORT, instead of the system's resolvers.</summary>
    public string? DnsServer { get; init; }

    public string? Ca { get; init; }

    public string? Cert { get; init; }

    public string? Key { get; init; }

    public string? P12 { get; init; }

    public string? AdminServer { get; init; }

    public string? KmipVersion { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The profile that supplied missing values, or null.</summary>
    public string? ProfileName { get; init; }

    /// <summary>
    /// The SDK options: every server of the list, most preferred first (the SDK fails over between them and repeats
    /// only requests that are safe to repeat), or the one <paramref name="server"/> given (server status asks each alone).
    /// </summary>
    /// <exception cref="AdminClientException">A setting is missing or a TLS file cannot be loaded (exit 2).</exception>
    public KmipClientOptions ToClientOptions(string? server = null)
    {
        if (server is null && Servers.Count == 0)
        {
            throw Usage("no server: give --server HOST:PORT, set CLAVIS_SERVER, or add a profile (clavis profile add)");
        }

        var options = new KmipClientOptions
        {
            RequestTimeout = Timeout,
            ConnectTimeout = Timeout < TimeSpan.FromSeconds(10) ? Timeout : TimeSpan.FromSeconds(10),
            MaxConnections = 4,
        };
        foreach (string address in server is null ? Servers : [server])
        {
            if (SrvDomain(address) is string domain)
            {
                // The SDK finds the servers itself (RFC 2782 order, re-resolved after the records' TTL), ahead of any listed ones.
                options.DnsSrvDomain = options.DnsSrvDomain is null ? domain : throw Usage($"only one srv:DOMAIN entry may be given, not srv:{options.DnsSrvDomain} and {address}");
            }
            else
            {
                options.Servers.Add(ParseEndpoint(address));
            }
        }

        if (DnsServer is not null)
        {
            if (options.DnsSrvDomain is null)
            {
                throw Usage("--dns-server is for finding servers by DNS SRV: give --server srv:DOMAIN too");
            }

            options.DnsServers.Add(ParseDnsServer(DnsServer));
        }

        if (KmipVersion is not null)
        {
            options.PreferredProtocolVersions.Clear();
            options.PreferredProtocolVersions.Add(ParseVersion(KmipVersion));
        }

        if (Ca is null)
        {
            throw Usage("no CA: give --ca FILE (the server's CA certificate, e.g. DATA/certs/ca.pem), set CLAVIS_CA, or use a profile");
        }

        try
        {
            options.TrustCaPem(Ca);
            if (P12 is not null)
            {
                string password = Environment.GetEnvironmentVariable("CLAVIS_P12_PASSWORD") ?? "";
                options.UseClientCertificatePkcs12(P12, password);
            }
            else if (Cert is not null && Key is not null)
            {
                options.UseClientCertificatePem(Cert, Key);
            }
            else
            {
                throw Usage("no client certificate: give --cert FILE and --key FILE (PEM), or --p12 FILE, or set CLAVIS_CERT and CLAVIS_KEY, or use a profile");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw Usage($"cannot load the TLS files: {ex.Message}");
        }

        return options;
    }

    /// <summary>The admin API's address: --admin-server, CLAVIS_ADMIN_SERVER or the profile's, else the first server's host on port 8443.</summary>
    public Uri AdminAddress()
    {
        string text = AdminServer ?? (Servers.FirstOrDefault(s => SrvDomain(s) is null) is string first
            ? $"https://{ParseEndpoint(first).Host}:8443"
            : throw Usage("no admin server: give --admin-server https://HOST:PORT"));
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out Uri? address) && address.Scheme == Uri.UriSchemeHttps
            ? address
            : throw Usage($"--admin-server must be an https://HOST:PORT address, not '{AdminServer}'");
    }

    /// <summary>The domain of a <c>srv:DOMAIN</c> entry, or null for a HOST:PORT one.</summary>
    public static string? SrvDomain(string entry)
    {
        string value = entry.Trim();
        if (!value.StartsWith("srv:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string domain = value[4..].Trim().TrimEnd('.');
        return domain.Length > 0 && !domain.Contains(':', StringComparison.Ordinal) && !domain.Contains('/', StringComparison.Ordinal)
            ? domain
            : throw Usage($"'{entry}' is not srv:DOMAIN (e.g. srv:example.com, which asks for _kmip._tcp.example.com)");
    }

    private static System.Net.IPEndPoint ParseDnsServer(string text)
    {
        KmipServerEndpoint endpoint = ParseEndpoint(text.Contains(':', StringComparison.Ordinal) ? text : text + ":53");
        return System.Net.IPAddress.TryParse(endpoint.Host, out System.Net.IPAddress? address)
            ? new System.Net.IPEndPoint(address, endpoint.Port)
            : throw Usage($"--dns-server takes an IP address and port, not '{text}'");
    }

    /// <summary>HOST, HOST:PORT or [IPv6]:PORT.</summary>
    public static KmipServerEndpoint ParseEndpoint(string text)
    {
        string value = text.Trim();
        string host = value;
        int port = KmipServerEndpoint.DefaultPort;
        if (value.StartsWith('['))
        {
            int close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Usage($"'{text}' is not HOST:PORT");
            }

            host = value[1..close];
            if (close + 1 < value.Length)
            {
                port = value[close + 1] == ':' ? ParsePort(value[(close + 2)..], text) : throw Usage($"'{text}' is not HOST:PORT");
            }
        }
        else if (value.LastIndexOf(':') is int colon and > 0 && value.IndexOf(':', StringComparison.Ordinal) == colon)
        {
            host = value[..colon];
            port = ParsePort(value[(colon + 1)..], text);
        }

        return host.Length == 0 ? throw Usage($"'{text}' names no host") : new KmipServerEndpoint(host, port);
    }

    private static int ParsePort(string text, string whole) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is > 0 and <= 65535
            ? port
            : throw Usage($"'{whole}': '{text}' is not a TCP port");

    private static ProtocolVersion ParseVersion(string text)
    {
        foreach (ProtocolVersion version in ProtocolVersion.All)
        {
            if (string.Equals(version.ToString(), text.Trim(), StringComparison.Ordinal))
            {
                return version;
            }
        }

        throw Usage($"KMIP version '{text}' is not one of {string.Join(", ", ProtocolVersion.All)}");
    }

    private static AdminClientException Usage(string message) => new(AdminClientException.UsageError, message);
}
