using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Clavis.Cli;

/// <summary>
/// <c>clavis policy list|get|history|put|delete|test</c>: policy documents and dry-run decisions, through the admin
/// REST API (docs/policy.md, docs/admin-api.md).
/// </summary>
public static class PolicyCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var policy = new Command("policy", "Manage access policy documents and ask what policy would decide (admin REST API).");
        policy.Subcommands.Add(CreateList());
        policy.Subcommands.Add(CreateGet());
        policy.Subcommands.Add(CreateHistory());
        policy.Subcommands.Add(CreatePut());
        policy.Subcommands.Add(CreateDelete());
        policy.Subcommands.Add(CreateTest());
        return policy;
    }

    private static Command CreateList()
    {
        var list = new Command("list", "The documents in force, newest version of each.");
        Option<bool> json = AdminCommandRunner.JsonOption();
        list.Options.Add(json);
        AdminConnection connection = AdminConnection.AddTo(list);
        AdminCommandRunner.SetAction(list, "policy list", connection, json, (_, client, cancellationToken) =>
            client.SendAsync(HttpMethod.Get, "policies", null, cancellationToken), DescribeVersions);
        return list;
    }

    private static Command CreateGet()
    {
        var get = new Command("get", "Print a document (the newest version, or --version N).");
        var name = new Argument<string>("name") { Description = "The document's name." };
        var version = new Option<int?>("--version") { Description = "A version other than the newest." };
        Option<bool> json = AdminCommandRunner.JsonOption();
        get.Arguments.Add(name);
        get.Options.Add(version);
        get.Options.Add(json);
        AdminConnection connection = AdminConnection.AddTo(get);
        AdminCommandRunner.SetAction(get, "policy get", connection, json, (parse, client, cancellationToken) =>
        {
            string path = AdminCommandRunner.Path("policies", parse.GetValue(name)!);
            return client.SendAsync(HttpMethod.Get, parse.GetValue(version) is int asked ? $"{path}?version={asked}" : path, null, cancellationToken);
        }, (output, answer) =>
        {
            output.WriteLine($"# {answer.GetProperty("name").GetString()} version {answer.GetProperty("version").GetInt32()}, by {answer.GetProperty("changedBy").GetString()} at {answer.GetProperty("changedAt").GetString()}");
            output.WriteLine(JsonNode.Parse(answer.GetProperty("document").GetRawText())!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        });
        return get;
    }

    private static Command CreateHistory()
    {
        var history = new Command("history", "Every version of a document, oldest first.");
        var name = new Argument<string>("name") { Description = "The document's name." };
        Option<bool> json = AdminCommandRunner.JsonOption();
        history.Arguments.Add(name);
        history.Options.Add(json);
        AdminConnection connection = AdminConnection.AddTo(history);
        AdminCommandRunner.SetAction(history, "policy history", connection, json, (parse, client, cancellationToken) =>
            client.SendAsync(HttpMethod.Get, AdminCommandRunner.Path("policies", parse.GetValue(name)!) + "/versions", null, cancellationToken), DescribeVersions);
        return history;
    }

    private static Command CreatePut()
    {
        var put = new Command("put", "Store a document (JSON) as the next version of its name; it is in force at once.");
        var file = new Option<string>("--file") { Description = "The policy document (JSON); its \"name\" names it.", Required = true };
        var expected = new Option<int?>("--expected-version") { Description = "Write only if the newest version is still this one (0: the document must not exist)." };
        Option<bool> json = AdminCommandRunner.JsonOption();
        put.Options.Add(file);
        put.Options.Add(expected);
        put.Options.Add(json);
        AdminConnection connection = AdminConnection.AddTo(put);
        AdminCommandRunner.SetAction(put, "policy put", connection, json, async (parse, client, cancellationToken) =>
        {
            byte[] body;
            string name;
            try
            {
                body = await File.ReadAllBytesAsync(parse.GetValue(file)!, cancellationToken).ConfigureAwait(false);
                using JsonDocument document = JsonDocument.Parse(body);
                name = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("name", out JsonElement named) && named.ValueKind == JsonValueKind.String
                    ? named.GetString()!
                    : throw new AdminClientException(AdminClientException.UsageError, "the document has no \"name\" (a string)");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new AdminClientException(AdminClientException.UsageError, $"cannot read the policy file: {ex.Message}", ex);
            }
            catch (JsonException ex)
            {
                throw new AdminClientException(AdminClientException.UsageError, $"the policy file is not JSON: {ex.Message}", ex);
            }

            string path = AdminCommandRunner.Path("policies", name);
            return await client.SendAsync(HttpMethod.Put, parse.GetValue(expected) is int version ? $"{path}?expectedVersion={version}" : path, body, cancellationToken).ConfigureAwait(false);
        }, (output, answer) => output.WriteLine($"policy {answer.GetProperty("name").GetString()} is now version {answer.GetProperty("version").GetInt32()}"));
        return put;
    }

    private static Command CreateDelete()
    {
        var delete = new Command("delete", "Delete a document (its history stays; deleting clavis-default restores the built-in one).");
        var name = new Argument<string>("name") { Description = "The document's name." };
        delete.Arguments.Add(name);
        AdminConnection connection = AdminConnection.AddTo(delete);
        AdminCommandRunner.SetAction(delete, "policy delete", connection, null, (parse, client, cancellationToken) =>
            client.SendAsync(HttpMethod.Delete, AdminCommandRunner.Path("policies", parse.GetValue(name)!), null, cancellationToken),
            (_, _) => { });
        return delete;
    }

    private static Command CreateTest()
    {
        var test = new Command("test", "What policy would decide, and why, without doing anything.");
        var principal = new Option<string>("--as") { Description = "The principal's name (its certificate CN).", Required = true };
        var operation = new Option<string>("--op") { Description = "The KMIP operation (Encrypt, Get, …).", Required = true };
        var objectId = new Option<string?>("--object") { Description = "The object's Unique Identifier (none for operations that name no object)." };
        var groups = new Option<string[]>("--group") { Description = "A group of the principal (repeat for several).", AllowMultipleArgumentsPerToken = false };
        var deviceType = new Option<string?>("--device-type") { Description = "The principal's device type." };
        var deviceClass = new Option<string?>("--device-class") { Description = "The principal's device class." };
        var application = new Option<string?>("--application") { Description = "The principal's application." };
        var address = new Option<string?>("--address") { Description = "The client's IP address." };
        var dataSize = new Option<long?>("--data-size") { Description = "Bytes of data the operation would carry." };
        Option<bool> json = AdminCommandRunner.JsonOption();
        foreach (Option option in new Option[] { principal, operation, objectId, groups, deviceType, deviceClass, application, address, dataSize, json })
        {
            test.Options.Add(option);
        }

        AdminConnection connection = AdminConnection.AddTo(test);
        AdminCommandRunner.SetAction(test, "policy test", connection, json, (parse, client, cancellationToken) =>
        {
            var who = new JsonObject
            {
                ["name"] = parse.GetValue(principal),
                ["groups"] = new JsonArray([.. (parse.GetValue(groups) ?? []).Select(g => (JsonNode)g)]),
            };
            AddIfSet(who, "deviceType", parse.GetValue(deviceType));
            AddIfSet(who, "deviceClass", parse.GetValue(deviceClass));
            AddIfSet(who, "application", parse.GetValue(application));
            AddIfSet(who, "address", parse.GetValue(address));
            var body = new JsonObject { ["principal"] = who, ["operation"] = parse.GetValue(operation) };
            AddIfSet(body, "objectId", parse.GetValue(objectId));
            if (parse.GetValue(dataSize) is long size)
            {
                body["dataSize"] = size;
            }

            return client.SendAsync(HttpMethod.Post, "policy/test", Encoding.UTF8.GetBytes(body.ToJsonString()), cancellationToken);
        }, (output, answer) =>
        {
            output.WriteLine($"{(answer.GetProperty("allowed").GetBoolean() ? "ALLOW" : "DENY")} by {answer.GetProperty("rule").GetString()}");
            output.WriteLine($"why: {answer.GetProperty("reason").GetString()}");
            output.WriteLine($"the client would read: {answer.GetProperty("clientMessage").GetString()}");
        });
        return test;
    }

    private static void AddIfSet(JsonObject target, string name, string? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }

    private static void DescribeVersions(TextWriter output, JsonElement answer)
    {
        foreach (JsonElement version in answer.EnumerateArray())
        {
            output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{version.GetProperty("name").GetString(),-32} v{version.GetProperty("version").GetInt32(),-4} {(version.GetProperty("deleted").GetBoolean() ? "deleted" : "")} by {version.GetProperty("changedBy").GetString()} at {version.GetProperty("changedAt").GetString()}"));
        }
    }
}
