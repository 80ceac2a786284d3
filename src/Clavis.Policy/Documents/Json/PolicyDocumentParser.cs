using System.Collections.Immutable;
using System.Text.Json;
using Clavis.Policy.Actions;
using Clavis.Policy.Conditions;

namespace Clavis.Policy.Documents.Json;

/// <summary>Reads a <see cref="PolicyDocument"/> from its JSON, checking everything docs/policy.md says; split by part of the document.</summary>
internal static partial class PolicyDocumentParser
{
    public static readonly JsonDocumentOptions JsonOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        // The deepest valid path is statements[i].conditions.timeWindow.days[j]: depth 6.
        MaxDepth = 16,
    };

    private const int MaxDescriptionLength = 4096;

    private static readonly string[] s_statementProperties = ["id", "effect", "subjects", "actions", "notActions", "resources", "conditions"];

    /// <summary>The JSON reader's complaint without its own position suffix (the caller reports the position).</summary>
    public static string JsonProblem(JsonException exception)
    {
        var message = exception.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        }

        return (cut < 0 ? message : message[..cut]).TrimEnd('.', ' ');
    }

    public static PolicyDocument ReadDocument(JsonElement root)
    {
        var document = new StrictJsonObject(root, JsonPathText.Root, ["name", "description", "statements"]);
        var name = JsonValues.Identifier(document.Required("name"), document.PathOf("name"));
        var description = document.Optional("description") is { } text
            ? JsonValues.String(text, document.PathOf("description"), MaxDescriptionLength)
            : null;
        var statementsPath = document.PathOf("statements");
        var statementElements = JsonValues.NonEmptyArray(document.Required("statements"), statementsPath);

        var statements = ImmutableArray.CreateBuilder<PolicyStatement>(statementElements.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < statementElements.Count; i++)
        {
            var statement = ReadStatement(statementElements[i], JsonPathText.Index(statementsPath, i));
            if (!ids.Add(statement.Id))
            {
                throw new PolicyDocumentException(
                    JsonPathText.Property(JsonPathText.Index(statementsPath, i), "id"), $"\"{statement.Id}\" is already the id of an earlier statement");
            }

            statements.Add(statement);
        }

        return new PolicyDocument(name, description, statements.MoveToImmutable());
    }

    private static PolicyStatement ReadStatement(JsonElement element, string path)
    {
        var statement = new StrictJsonObject(element, path, s_statementProperties);
        var id = JsonValues.Identifier(statement.Required("id"), statement.PathOf("id"));
        var effect = ReadEffect(statement.Required("effect"), statement.PathOf("effect"));
        var subjects = ReadSubjects(statement.Required("subjects"), statement.PathOf("subjects"));

        var actions = statement.Optional("actions");
        var notActions = statement.Optional("notActions");
        if (actions is not null && notActions is not null)
        {
            throw new PolicyDocumentException(statement.PathOf("notActions"), "cannot be combined with actions (use one or the other)");
        }

        if (actions is null && notActions is null)
        {
            throw new PolicyDocumentException(statement.PathOf("actions"), "is required (or notActions)");
        }

        var excludes = notActions is not null;
        var (names, operations) = ReadActions(actions ?? notActions!.Value, statement.PathOf(excludes ? "notActions" : "actions"));
        if (excludes)
        {
            operations = operations.Complement();
        }

        var resources = statement.Optional("resources") is { } resourceElement
            ? ReadResources(resourceElement, statement.PathOf("resources"))
            : [];
        var conditions = statement.Optional("conditions") is { } conditionElement
            ? ReadConditions(conditionElement, statement.PathOf("conditions"))
            : [];
        // Only allows hand back a counter to increment, so a deny's count would stay 0 and the condition would always hold.
        if (effect == PolicyEffect.Deny && conditions.Any(condition => condition is UsageCountCondition))
        {
            throw new PolicyDocumentException(
                JsonPathText.Property(statement.PathOf("conditions"), "usageCount"), "only allow statements can have a usage count (nothing counts a deny's uses)");
        }

        return new PolicyStatement(id, effect, subjects, names, excludes, operations, resources, conditions);
    }

    private static PolicyEffect ReadEffect(JsonElement element, string path)
    {
        var text = JsonValues.String(element, path);
        if (string.Equals(text, "allow", StringComparison.OrdinalIgnoreCase))
        {
            return PolicyEffect.Allow;
        }

        if (string.Equals(text, "deny", StringComparison.OrdinalIgnoreCase))
        {
            return PolicyEffect.Deny;
        }

        throw new PolicyDocumentException(path, $"\"{text}\" is not allow or deny");
    }

    private static (ImmutableArray<string> Names, OperationSet Operations) ReadActions(JsonElement element, string path)
    {
        var items = JsonValues.NonEmptyArray(element, path);
        var names = ImmutableArray.CreateBuilder<string>(items.Count);
        var operations = OperationSet.Empty;
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = JsonPathText.Index(path, i);
            var text = JsonValues.String(items[i], itemPath);
            if (!PolicyActions.TryResolve(text, out var canonical, out var resolved))
            {
                throw new PolicyDocumentException(itemPath, $"\"{text}\" is not a KMIP operation or an action group (docs/policy.md lists them)");
            }

            if (names.Contains(canonical))
            {
                throw new PolicyDocumentException(itemPath, $"\"{text}\" is listed twice");
            }

            names.Add(canonical);
            operations = operations.Union(resolved);
        }

        return (names.MoveToImmutable(), operations);
    }
}
