using System.CommandLine;
using System.Security.Cryptography;

namespace Clavis.Cli;

/// <summary><c>clavis principal-rules get|put --file</c>: the ordered mapping rules, through the admin REST API (docs/identity.md).</summary>
public static class PrincipalRulesCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var rules = new Command("principal-rules", "Read or replace the principal mapping rules (admin REST API).");
        rules.Subcommands.Add(CreateGet());
        rules.Subcommands.Add(CreatePut());
        return rules;
    }

    private static Command CreateGet()
    {
        var get = new Command("get", "Show the rules in their order.");
        Option<bool> json = AdminCommandRunner.JsonOption();
        get.Options.Add(json);
        AdminConnection connection = AdminConnection.AddTo(get);
        AdminCommandRunner.SetAction(get, "principal-rules get", connection, json, (_, client, cancellationToken) =>
            client.SendAsync(HttpMethod.Get, "principal-rules", null, cancellationToken),
            (output, answer) => AdminCommandRunner.Describe(output, answer));
        return get;
    }

    private static Command CreatePut()
    {
        var put = new Command("put", "Replace the rules with a JSON document {\"rules\": [...]}.");
        var file = new Option<string>("--file") { Description = "The rules document (JSON).", Required = true };
        Option<bool> json = AdminCommandRunner.JsonOption();
        put.Options.Add(file);
        put.Options.Add(json);
        AdminConnection connection = AdminConnection.AddTo(put);
        AdminCommandRunner.SetAction(put, "principal-rules put", connection, json, async (parse, client, cancellationToken) =>
        {
            byte[] body;
            try
            {
                body = await File.ReadAllBytesAsync(parse.GetValue(file)!, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new AdminClientException(AdminClientException.UsageError, $"cannot read the rules file: {ex.Message}", ex);
            }

            return await client.SendAsync(HttpMethod.Put, "principal-rules", body, cancellationToken).ConfigureAwait(false);
        }, (output, answer) => AdminCommandRunner.Describe(output, answer));
        return put;
    }
}
