using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;

namespace Clavis.Cli;

/// <summary><c>clavis grant list|add|remove</c>: the grants an object carries, through the admin REST API (docs/policy.md).</summary>
public static class GrantCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var grant = new Command("grant", "List, add and remove the grants on an object (admin REST API).");
        grant.Subcommands.Add(CreateList());
        grant.Subcommands.Add(CreateChange("add", "Grant a principal or group operations on an object.", "grants"));
        grant.Subcommands.Add(CreateChange("remove", "Remove a grant (the same --to and --actions it was added with).", "grants/remove"));
        return grant;
    }

    private static Command CreateList()
    {
        var list = new Command("list", "The grants an object carries.");
        var objectId = new Option<string>("--object") { Description = "The object's Unique Identifier.", Required = true };
        Option<bool> json = AdminCommandRunner.JsonOption();
        list.Options.Add(objectId);
        list.Options.Add(json);
        AdminConnection connection = AdminConnection.AddTo(list);
        AdminCommandRunner.SetAction(list, "grant list", connection, json, (parse, client, cancellationToken) =>
            client.SendAsync(HttpMethod.Get, AdminCommandRunner.Path("objects", parse.GetValue(objectId)!) + "/grants", null, cancellationToken), DescribeGrants);
        return list;
    }

    private static Command CreateChange(string name, string description, string path)
    {
        var change = new Command(name, description);
        var objectId = new Option<string>("--object") { Description = "The object's Unique Identifier.", Required = true };
        var to = new Option<string>("--to") { Description = "user:NAME or group:NAME.", Required = true };
        var actions = new Option<string>("--actions") { Description = "Operations or action groups, comma-separated (Encrypt,Decrypt or use:*).", Required = true };
        Option<bool> json = AdminCommandRunner.JsonOption();
        change.Options.Add(objectId);
        change.Options.Add(to);
        change.Options.Add(actions);
        change.Options.Add(json);
        AdminConnection connection = AdminConnection.AddTo(change);
        AdminCommandRunner.SetAction(change, "grant " + name, connection, json, (parse, client, cancellationToken) =>
        {
            var body = new JsonObject { ["grant"] = $"{parse.GetValue(to)} {parse.GetValue(actions)}" };
            return client.SendAsync(HttpMethod.Post, AdminCommandRunner.Path("objects", parse.GetValue(objectId)!) + "/" + path, Encoding.UTF8.GetBytes(body.ToJsonString()), cancellationToken);
        }, DescribeGrants);
        return change;
    }

    private static void DescribeGrants(TextWriter output, System.Text.Json.JsonElement answer)
    {
        int count = 0;
        foreach (System.Text.Json.JsonElement grant in answer.GetProperty("grants").EnumerateArray())
        {
            output.WriteLine(grant.GetString());
            count++;
        }

        if (count == 0)
        {
            output.WriteLine($"object {answer.GetProperty("id").GetString()} has no grants");
        }
    }
}
