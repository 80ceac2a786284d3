using System.CommandLine;
using System.Security.Cryptography;
using Clavis.Server.Tls;

namespace Clavis.Cli;

/// <summary><c>clavis cert issue</c>: further client certificates from a data folder's CA.</summary>
public static class CertCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var cert = new Command("cert", "Manage the certificates of a data folder's CA.");
        var issue = new Command("issue", "Issue a client certificate (NAME.pem, NAME.key, NAME.p12) signed by the data folder's CA.");
        var data = new Option<string>("--data") { Description = "The server's data folder.", DefaultValueFactory = _ => "./clavis-data" };
        var name = new Option<string>("--name") { Description = "The client's name (certificate CN).", Required = true };
        var group = new Option<string?>("--group") { Description = "A group the client belongs to (certificate OU)." };
        var outputDirectory = new Option<string?>("--out") { Description = "Where to write the files (default: DATA/certs/clients)." };
        issue.Options.Add(data);
        issue.Options.Add(name);
        issue.Options.Add(group);
        issue.Options.Add(outputDirectory);
        issue.SetAction(parse =>
        {
            string folder = parse.GetValue(data)!;
            string clientName = parse.GetValue(name)!;
            if (clientName.Length == 0 || clientName.IndexOfAny(['/', '\\', '\0']) >= 0 || clientName is "." or "..")
            {
                parse.InvocationConfiguration.Error.WriteLine($"clavis cert issue: '{clientName}' cannot name a certificate file");
                return 2;
            }

            var files = new TlsMaterialFiles(folder);
            string target = parse.GetValue(outputDirectory) ?? Path.Combine(files.Directory, "clients");
            try
            {
                string path = files.IssueClient(clientName, parse.GetValue(group), target);
                parse.InvocationConfiguration.Output.WriteLine($"issued {path} (+ {Path.ChangeExtension(path, ".key")}, {Path.ChangeExtension(path, ".p12")})");
                return 0;
            }
            catch (Exception ex) when (ex is FileNotFoundException or CryptographicException or IOException or UnauthorizedAccessException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"clavis cert issue: {ex.Message}");
                return 1;
            }
        });
        cert.Subcommands.Add(issue);
        return cert;
    }
}
