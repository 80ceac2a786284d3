using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;

namespace Clavis.Cli;

/// <summary>
/// <c>clavis user put|get|list|delete</c>: the users who may present a Username and Password credential, through the
/// admin REST API (docs/identity.md). The password comes from a prompt or <c>--password-file</c>, never from argv.
/// </summary>
public static class UserCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var user = new Command("user", "Manage the users of KMIP Username and Password credentials (admin REST API).");
        user.Subcommands.Add(CreatePut());
        user.Subcommands.Add(CreateGet());
        user.Subcommands.Add(CreateList());
        user.Subcommands.Add(CreateDelete());
        return user;
    }

    private static Command CreatePut()
    {
        var put = new Command("put", "Create or replace a user; the server hashes the password (Argon2id).");
        var name = new Argument<string>("name") { Description = "The username." };
        var passwordFile = new Option<string?>("--password-file") { Description = "Read the password from this file (default: ask on the terminal)." };
        var keepPassword = new Option<bool>("--keep-password") { Description = "Change groups or disabled only; the stored password stays." };
        var groups = new Option<string[]>("--group") { Description = "A group the user's credential adds; repeatable.", AllowMultipleArgumentsPerToken = false };
        var disabled = new Option<bool>("--disabled") { Description = "The user may not authenticate until put again without it." };
        Option<bool> json = AdminCommandRunner.JsonOption();
        put.Arguments.Add(name);
        put.Options.Add(passwordFile);
        put.Options.Add(keepPassword);
        put.Options.Add(groups);
        put.Options.Add(disabled);
        put.Options.Add(json);
        AdminConnection connection = AdminConnection.AddTo(put);
        AdminCommandRunner.SetAction(put, "user put", connection, json, async (parse, client, cancellationToken) =>
        {
            string username = parse.GetValue(name)!;
            bool keep = parse.GetValue(keepPassword);
            if (keep && parse.GetValue(passwordFile) is not null)
            {
                throw new AdminClientException(AdminClientException.UsageError, "--keep-password and --password-file exclude each other");
            }

            byte[]? password = keep ? null : SecretInput.ReadPassword(parse.GetValue(passwordFile), $"password for {username}: ");
            byte[]? body = null;
            try
            {
                body = SecretInput.JsonBody(writer =>
                {
                    writer.WriteStartObject();
                    if (password is not null)
                    {
                        writer.WriteString("password", password);
                    }

                    WriteGroups(writer, parse.GetValue(groups));
                    writer.WriteBoolean("disabled", parse.GetValue(disabled));
                    writer.WriteEndObject();
                });
                return await client.SendAsync(HttpMethod.Put, AdminCommandRunner.Path("users", username), body, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Zero(password);
                Zero(body);
            }
        }, (output, answer) => AdminCommandRunner.Describe(output, answer));
        return put;
    }

    private static Command CreateGet()
    {
        var get = new Command("get", "Show a user (never its password or hash).");
        var name = new Argument<string>("name") { Description = "The username." };
        Option<bool> json = AdminCommandRunner.JsonOption();
        get.Arguments.Add(name);
        get.Options.Add(json);
        AdminConnection connection = AdminConnection.AddTo(get);
        AdminCommandRunner.SetAction(get, "user get", connection, json, (parse, client, cancellationToken) =>
            client.SendAsync(HttpMethod.Get, AdminCommandRunner.Path("users", parse.GetValue(name)!), null, cancellationToken),
            (output, answer) => AdminCommandRunner.Describe(output, answer));
        return get;
    }

    private static Command CreateList()
    {
        var list = new Command("list", "List the users.");
        Option<bool> json = AdminCommandRunner.JsonOption();
        list.Options.Add(json);
        AdminConnection connection = AdminConnection.AddTo(list);
        AdminCommandRunner.SetAction(list, "user list", connection, json, (_, client, cancellationToken) =>
            client.SendAsync(HttpMethod.Get, "users", null, cancellationToken),
            (output, answer) => AdminCommandRunner.DescribeList(output, answer, "users"));
        return list;
    }

    private static Command CreateDelete()
    {
        var delete = new Command("delete", "Delete a user: its credential stops working.");
        var name = new Argument<string>("name") { Description = "The username." };
        delete.Arguments.Add(name);
        AdminConnection connection = AdminConnection.AddTo(delete);
        AdminCommandRunner.SetAction(delete, "user delete", connection, null, async (parse, client, cancellationToken) =>
        {
            string username = parse.GetValue(name)!;
            await client.SendAsync(HttpMethod.Delete, AdminCommandRunner.Path("users", username), null, cancellationToken).ConfigureAwait(false);
            parse.InvocationConfiguration.Output.WriteLine($"user {username} deleted");
            return null;
        }, (_, _) => { });
        return delete;
    }

    internal static void WriteGroups(Utf8JsonWriter writer, string[]? groups)
    {
        writer.WriteStartArray("groups");
        foreach (string group in groups ?? [])
        {
            writer.WriteStringValue(group);
        }

        writer.WriteEndArray();
    }

    internal static void Zero(byte[]? secret)
    {
        if (secret is not null)
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
