using System.CommandLine;
using System.Text.Json;

namespace Clavis.Cli;

/// <summary>
/// <c>clavis device put|get|list|delete</c>: the devices that may present a KMIP Device credential, through the admin
/// REST API (docs/identity.md). A device's id is its serial number, or its device identifier when it sends none.
/// </summary>
public static class DeviceCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var device = new Command("device", "Manage the devices of KMIP Device credentials (admin REST API).");
        device.Subcommands.Add(CreatePut());
        device.Subcommands.Add(CreateGet());
        device.Subcommands.Add(CreateList());
        device.Subcommands.Add(CreateDelete());
        return device;
    }

    private static Command CreatePut()
    {
        var put = new Command("put", "Create or replace a device: the identifiers its credential must carry, and what the server then knows about it.");
        var id = new Argument<string>("id") { Description = "Its Device Serial Number (or Device Identifier when it sends none)." };
        (string Field, Option<string?> Option)[] texts =
        [
            ("deviceIdentifier", new Option<string?>("--device-identifier") { Description = "The Device Identifier its credential carries." }),
            ("networkIdentifier", new Option<string?>("--network-identifier") { Description = "The Network Identifier its credential carries." }),
            ("machineIdentifier", new Option<string?>("--machine-identifier") { Description = "The Machine Identifier its credential carries." }),
            ("mediaIdentifier", new Option<string?>("--media-identifier") { Description = "The Media Identifier its credential carries." }),
            ("deviceType", new Option<string?>("--device-type") { Description = "Its device type, for policy." }),
            ("deviceClass", new Option<string?>("--device-class") { Description = "Its device class, for policy." }),
            ("application", new Option<string?>("--application") { Description = "Its application, for policy." }),
        ];
        var softwareLevel = new Option<int?>("--software-level") { Description = "Its software level, for policy." };
        var hardwareLevel = new Option<int?>("--hardware-level") { Description = "Its hardware level, for policy." };
        var groups = new Option<string[]>("--group") { Description = "A group its credential adds; repeatable.", AllowMultipleArgumentsPerToken = false };
        var passwordFile = new Option<string?>("--password-file") { Description = "Its password, from this file." };
        var promptPassword = new Option<bool>("--prompt-password") { Description = "Ask for its password on the terminal." };
        var removePassword = new Option<bool>("--remove-password") { Description = "Drop its password (without a password option the stored one stays)." };
        Option<bool> json = AdminCommandRunner.JsonOption();
        put.Arguments.Add(id);
        foreach ((_, Option<string?> option) in texts)
        {
            put.Options.Add(option);
        }

        put.Options.Add(softwareLevel);
        put.Options.Add(hardwareLevel);
        put.Options.Add(groups);
        put.Options.Add(passwordFile);
        put.Options.Add(promptPassword);
        put.Options.Add(removePassword);
        put.Options.Add(json);
        AdminConnection connection = AdminConnection.AddTo(put);
        AdminCommandRunner.SetAction(put, "device put", connection, json, async (parse, client, cancellationToken) =>
        {
            string device = parse.GetValue(id)!;
            string? file = parse.GetValue(passwordFile);
            bool prompt = parse.GetValue(promptPassword);
            bool remove = parse.GetValue(removePassword);
            if ((file is not null ? 1 : 0) + (prompt ? 1 : 0) + (remove ? 1 : 0) > 1)
            {
                throw new AdminClientException(AdminClientException.UsageError, "--password-file, --prompt-password and --remove-password exclude each other");
            }

            byte[]? password = file is not null || prompt ? SecretInput.ReadPassword(file, $"password for device {device}: ") : null;
            byte[]? body = null;
            try
            {
                body = SecretInput.JsonBody(writer =>
                {
                    writer.WriteStartObject();
                    foreach ((string field, Option<string?> option) in texts)
                    {
                        if (parse.GetValue(option) is string value)
                        {
                            writer.WriteString(field, value);
                        }
                    }

                    if (parse.GetValue(softwareLevel) is int software)
                    {
                        writer.WriteNumber("softwareLevel", software);
                    }

                    if (parse.GetValue(hardwareLevel) is int hardware)
                    {
                        writer.WriteNumber("hardwareLevel", hardware);
                    }

                    UserCommand.WriteGroups(writer, parse.GetValue(groups));
                    if (password is not null)
                    {
                        writer.WriteString("password", password);
                    }

                    if (remove)
                    {
                        writer.WriteBoolean("removePassword", true);
                    }

                    writer.WriteEndObject();
                });
                return await client.SendAsync(HttpMethod.Put, AdminCommandRunner.Path("devices", device), body, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                UserCommand.Zero(password);
                UserCommand.Zero(body);
            }
        }, (output, answer) => AdminCommandRunner.Describe(output, answer));
        return put;
    }

    private static Command CreateGet()
    {
        var get = new Command("get", "Show a device (whether it has a password, never the password).");
        var id = new Argument<string>("id") { Description = "The device's id." };
        Option<bool> json = AdminCommandRunner.JsonOption();
        get.Arguments.Add(id);
        get.Options.Add(json);
        AdminConnection connection = AdminConnection.AddTo(get);
        AdminCommandRunner.SetAction(get, "device get", connection, json, (parse, client, cancellationToken) =>
            client.SendAsync(HttpMethod.Get, AdminCommandRunner.Path("devices", parse.GetValue(id)!), null, cancellationToken),
            (output, answer) => AdminCommandRunner.Describe(output, answer));
        return get;
    }

    private static Command CreateList()
    {
        var list = new Command("list", "List the devices.");
        Option<bool> json = AdminCommandRunner.JsonOption();
        list.Options.Add(json);
        AdminConnection connection = AdminConnection.AddTo(list);
        AdminCommandRunner.SetAction(list, "device list", connection, json, (_, client, cancellationToken) =>
            client.SendAsync(HttpMethod.Get, "devices", null, cancellationToken),
            (output, answer) => AdminCommandRunner.DescribeList(output, answer, "devices"));
        return list;
    }

    private static Command CreateDelete()
    {
        var delete = new Command("delete", "Delete a device: its credential stops working.");
        var id = new Argument<string>("id") { Description = "The device's id." };
        delete.Arguments.Add(id);
        AdminConnection connection = AdminConnection.AddTo(delete);
        AdminCommandRunner.SetAction(delete, "device delete", connection, null, async (parse, client, cancellationToken) =>
        {
            string device = parse.GetValue(id)!;
            await client.SendAsync(HttpMethod.Delete, AdminCommandRunner.Path("devices", device), null, cancellationToken).ConfigureAwait(false);
            parse.InvocationConfiguration.Output.WriteLine($"device {device} deleted");
            return null;
        }, (_, _) => { });
        return delete;
    }
}
