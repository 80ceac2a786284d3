using System.CommandLine;

namespace Clavis.Cli;

/// <summary>
/// Where the admin REST API is and how to reach it: <c>--server https://HOST:PORT</c>, <c>--ca FILE</c> (the node's CA,
/// the only root trusted), <c>--cert FILE</c> and <c>--key FILE</c> (PEM, an administrator's client certificate). Each
/// falls back to an environment variable: CLAVIS_ADMIN_SERVER, CLAVIS_ADMIN_CA, CLAVIS_ADMIN_CERT, CLAVIS_ADMIN_KEY.
/// </summary>
public sealed class AdminConnection
{
    private AdminConnection()
    {
    }

    /// <summary>The <c>--server</c> option.</summary>
    public Option<string?> Server { get; } = WithEnvironment("--server", "CLAVIS_ADMIN_SERVER", "The admin API's base address, https://HOST:PORT (env CLAVIS_ADMIN_SERVER).");

    /// <summary>The <c>--ca</c> option.</summary>
    public Option<string?> CertificateAuthority { get; } = WithEnvironment("--ca", "CLAVIS_ADMIN_CA", "The node's CA certificate, PEM: the only root trusted (env CLAVIS_ADMIN_CA).");

    /// <summary>The <c>--cert</c> option.</summary>
    public Option<string?> Certificate { get; } = WithEnvironment("--cert", "CLAVIS_ADMIN_CERT", "An administrator's client certificate, PEM (env CLAVIS_ADMIN_CERT).");

    /// <summary>The <c>--key</c> option.</summary>
    public Option<string?> Key { get; } = WithEnvironment("--key", "CLAVIS_ADMIN_KEY", "Its private key, PEM (env CLAVIS_ADMIN_KEY).");

    /// <summary>Creates the options and adds them to <paramref name="command"/>.</summary>
    public static AdminConnection AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var connection = new AdminConnection();
        command.Options.Add(connection.Server);
        command.Options.Add(connection.CertificateAuthority);
        command.Options.Add(connection.Certificate);
        command.Options.Add(connection.Key);
        return connection;
    }

    /// <summary>Opens a client with the values parsed.</summary>
    /// <exception cref="AdminClientException">A value is missing or a file cannot be read (<see cref="AdminClientException.ExitCode"/> is 2).</exception>
    public AdminHttpsClient Open(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        string server = Required(parse, Server, "--server", "CLAVIS_ADMIN_SERVER");
        if (!Uri.TryCreate(server, UriKind.Absolute, out Uri? address) || address.Scheme != Uri.UriSchemeHttps)
        {
            throw new AdminClientException(AdminClientException.UsageError, $"--server must be an https:// address, not '{server}'");
        }

        return AdminHttpsClient.Open(address,
            Required(parse, CertificateAuthority, "--ca", "CLAVIS_ADMIN_CA"),
            Required(parse, Certificate, "--cert", "CLAVIS_ADMIN_CERT"),
            Required(parse, Key, "--key", "CLAVIS_ADMIN_KEY"));
    }

    private static string Required(ParseResult parse, Option<string?> option, string flag, string variable) =>
        parse.GetValue(option) is { Length: > 0 } value
            ? value
            : throw new AdminClientException(AdminClientException.UsageError, $"{flag} (or {variable}) is required");

    private static Option<string?> WithEnvironment(string name, string variable, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(variable),
    };
}
