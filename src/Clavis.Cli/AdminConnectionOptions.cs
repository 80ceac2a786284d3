using System.CommandLine;

namespace Clavis.Cli;

/// <summary>The options that reach a running node's admin API: <c>--server</c>, <c>--ca</c>, <c>--cert</c>, <c>--key</c>.</summary>
internal sealed class AdminConnectionOptions
{
    public AdminConnectionOptions(string serverDescription)
    {
        Server = new Option<string?>("--server") { Description = serverDescription };
    }

    public Option<string?> Server { get; }

    public Option<string?> Ca { get; } = new("--ca") { Description = "With --server: the CA the node's certificate must chain to (DATA/certs/ca.pem). Default: the system's trusted roots." };

    public Option<string?> Certificate { get; } = new("--cert") { Description = "With --server: an administrator client certificate (PEM), e.g. DATA/certs/admin.pem." };

    public Option<string?> Key { get; } = new("--key") { Description = "With --server: the certificate's private key (PEM), e.g. DATA/certs/admin.key." };

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(Ca);
        command.Options.Add(Certificate);
        command.Options.Add(Key);
    }

    /// <exception cref="AdminApiException">The address or a TLS file is unusable.</exception>
    public AdminApiClient Connect(ParseResult parse) =>
        AdminApiClient.Create(parse.GetValue(Server)!, parse.GetValue(Ca), parse.GetValue(Certificate), parse.GetValue(Key));
}
