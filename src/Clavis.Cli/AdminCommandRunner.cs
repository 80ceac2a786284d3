using System.CommandLine;
using System.Text.Json;

namespace Clavis.Cli;

/// <summary>
/// Runs one admin API command: opens the client, calls the action, prints the answer (human text, or the server's JSON
/// with <c>--json</c>) and turns failures into a message on standard error and the exit code they mean.
/// </summary>
internal static class AdminCommandRunner
{
    /// <summary>The <c>--json</c> option.</summary>
    public static Option<bool> JsonOption() => new("--json") { Description = "Print the server's JSON answer instead of text." };

    public static void SetAction(Command command, string name, AdminConnection connection, Option<bool>? json,
        Func<ParseResult, AdminHttpsClient, CancellationToken, Task<JsonDocument?>> action, Action<TextWriter, JsonElement> describe)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            try
            {
                using AdminHttpsClient client = connection.Open(parse);
                using JsonDocument? answer = await action(parse, client, cancellationToken).ConfigureAwait(false);
                if (answer is not null)
                {
                    if (json is not null && parse.GetValue(json))
                    {
                        output.WriteLine(answer.RootElement.GetRawText());
                    }
                    else
                    {
                        describe(output, answer.RootElement);
                    }
                }

                return 0;
            }
            catch (AdminClientException ex)
            {
                parse.InvocationConfiguration.Error.WriteLine($"clavis {name}: {ex.Message}");
                return ex.ExitCode;
            }
        });
    }

    /// <summary>Writes an entry as "field: value" lines, arrays joined by commas, nested objects indented.</summary>
    public static void Describe(TextWriter output, JsonElement entry, string indent = "")
    {
        foreach (JsonProperty property in entry.EnumerateObject())
        {
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    output.WriteLine($"{indent}{property.Name}:");
                    Describe(output, property.Value, indent + "  ");
                    break;
                case JsonValueKind.Array when property.Value.EnumerateArray().All(v => v.ValueKind != JsonValueKind.Object):
                    output.WriteLine($"{indent}{property.Name}: {string.Join(", ", property.Value.EnumerateArray().Select(Text))}");
                    break;
                case JsonValueKind.Array:
                    output.WriteLine($"{indent}{property.Name}:");
                    foreach (JsonElement item in property.Value.EnumerateArray())
                    {
                        output.WriteLine($"{indent}  -");
                        Describe(output, item, indent + "    ");
                    }

                    break;
                default:
                    output.WriteLine($"{indent}{property.Name}: {Text(property.Value)}");
                    break;
            }
        }
    }

    /// <summary>Writes each element of the array <paramref name="name"/> of a list answer, a blank line between them.</summary>
    public static void DescribeList(TextWriter output, JsonElement answer, string name)
    {
        int count = 0;
        foreach (JsonElement entry in answer.GetProperty(name).EnumerateArray())
        {
            if (count++ > 0)
            {
                output.WriteLine();
            }

            Describe(output, entry);
        }

        if (count == 0)
        {
            output.WriteLine($"no {name}");
        }
    }

    /// <summary>An entry name made safe for the URL path.</summary>
    public static string Path(string collection, string name) => $"{collection}/{Uri.EscapeDataString(name)}";

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        _ => value.GetRawText(),
    };
}
