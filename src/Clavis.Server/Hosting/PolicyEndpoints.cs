using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Clavis.Core.Administration;
using Clavis.Core.Ports;
using Clavis.Kmip;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Clavis.Server.Hosting;

/// <summary>
/// The access-policy part of the administrator REST API (docs/admin-api.md, docs/policy.md): policy documents
/// (<c>/policies</c>), the dry-run decision (<c>POST /policy/test</c>) and object grants (<c>/objects/{id}/grants</c>).
/// Same authentication and error form as <see cref="AdminEndpoints"/>.
/// </summary>
public static class PolicyEndpoints
{
    private const int MaxBodyBytes = 1 << 20;

    /// <summary>Maps the endpoints onto <paramref name="routes"/>.</summary>
    public static void Map(IEndpointRouteBuilder routes, PolicyAdministration policies, ObjectAdministration objects)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(objects);
        RouteGroupBuilder admin = routes.MapGroup("/admin/v1");
        Func<HttpContext, Task<IResult>> list = context => AdminEndpoints.RunAsync(context, async identity =>
            Json(new JsonArray([.. (await policies.ListAsync(identity, context.RequestAborted).ConfigureAwait(false)).Select(d => (JsonNode)Summary(d))])));
        admin.MapGet("/policies", (Delegate)list);
        admin.MapGet("/policies/{name}", (string name, HttpContext context) => AdminEndpoints.RunAsync(context, async identity =>
        {
            int? version = context.Request.Query.TryGetValue("version", out var asked) ? ParseInt(asked.ToString(), "version") : null;
            StoredDocument document = await policies.GetAsync(name, version, identity, context.RequestAborted).ConfigureAwait(false);
            JsonObject answer = Summary(document);
            answer["document"] = JsonNode.Parse(document.Body!);
            return Json(answer);
        }));
        admin.MapGet("/policies/{name}/versions", (string name, HttpContext context) => AdminEndpoints.RunAsync(context, async identity =>
            Json(new JsonArray([.. (await policies.HistoryAsync(name, identity, context.RequestAborted).ConfigureAwait(false)).Select(d => (JsonNode)Summary(d))]))));
        admin.MapPut("/policies/{name}", (string name, HttpContext context) => AdminEndpoints.RunAsync(context, async identity =>
        {
            int? expected = context.Request.Query.TryGetValue("expectedVersion", out var asked) ? ParseInt(asked.ToString(), "expectedVersion") : null;
            string body = await ReadBodyAsync(context).ConfigureAwait(false);
            StoredDocument written = await policies.PutAsync(name, body, expected, identity, context.RequestAborted).ConfigureAwait(false);
            return Json(Summary(written));
        }));
        admin.MapDelete("/policies/{name}", (string name, HttpContext context) => AdminEndpoints.RunAsync(context, async identity =>
        {
            await policies.DeleteAsync(name, identity, context.RequestAborted).ConfigureAwait(false);
            return Results.NoContent();
        }));
        Func<HttpContext, Task<IResult>> test = context => AdminEndpoints.RunAsync(context, async identity =>
        {
            JsonObject body = await ReadObjectAsync(context).ConfigureAwait(false);
            (PolicyTestSubject subject, Operation operation, string? objectId, long? dataSize) = ReadTest(body);
            PolicyTestResult result = await policies.TestAsync(identity, subject, operation, objectId, dataSize, context.RequestAborted).ConfigureAwait(false);
            return Json(new JsonObject
            {
                ["allowed"] = result.Allowed,
                ["rule"] = result.Rule,
                ["reason"] = result.Reason,
                ["clientMessage"] = result.ClientMessage,
            });
        });
        admin.MapPost("/policy/test", (Delegate)test);
        admin.MapGet("/objects/{id}/grants", (string id, HttpContext context) => AdminEndpoints.RunAsync(context, async identity =>
            Grants(id, await objects.ListGrantsAsync(id, identity, context.RequestAborted).ConfigureAwait(false))));
        admin.MapPost("/objects/{id}/grants", (string id, HttpContext context) => AdminEndpoints.RunAsync(context, async identity =>
        {
            string grant = RequiredString(await ReadObjectAsync(context).ConfigureAwait(false), "grant");
            await objects.AddGrantAsync(id, grant, identity, context.RequestAborted).ConfigureAwait(false);
            return Grants(id, await objects.ListGrantsAsync(id, identity, context.RequestAborted).ConfigureAwait(false));
        }));
        admin.MapPost("/objects/{id}/grants/remove", (string id, HttpContext context) => AdminEndpoints.RunAsync(context, async identity =>
        {
            string grant = RequiredString(await ReadObjectAsync(context).ConfigureAwait(false), "grant");
            await objects.RemoveGrantAsync(id, grant, identity, context.RequestAborted).ConfigureAwait(false);
            return Grants(id, await objects.ListGrantsAsync(id, identity, context.RequestAborted).ConfigureAwait(false));
        }));
    }

    private static (PolicyTestSubject Subject, Operation Operation, string? ObjectId, long? DataSize) ReadTest(JsonObject body)
    {
        JsonObject principal = body["principal"] as JsonObject ?? throw Invalid("principal: an object with at least \"name\" is required");
        string operationName = RequiredString(body, "operation");
        if (!Enum.TryParse(operationName, ignoreCase: true, out Operation operation) || !Enum.IsDefined(operation))
        {
            throw Invalid($"operation: \"{operationName}\" is not a KMIP operation");
        }

        var subject = new PolicyTestSubject(RequiredString(principal, "name"))
        {
            Groups = [.. (principal["groups"] as JsonArray ?? []).Select(g => g?.GetValue<string>() ?? throw Invalid("principal.groups: strings only"))],
            DeviceType = OptionalString(principal, "deviceType"),
            DeviceClass = OptionalString(principal, "deviceClass"),
            Application = OptionalString(principal, "application"),
            SoftwareLevel = OptionalInt(principal, "softwareLevel"),
            HardwareLevel = OptionalInt(principal, "hardwareLevel"),
            CredentialTypes = [.. (principal["credentialTypes"] as JsonArray ?? []).Select(ReadCredentialType)],
            SourceAddress = OptionalString(principal, "address") is string address
                ? IPAddress.TryParse(address, out IPAddress? parsed) ? parsed : throw Invalid($"principal.address: \"{address}\" is not an IP address")
                : null,
            ProtocolVersion = OptionalString(principal, "protocolVersion") is string version ? ReadVersion(version) : null,
        };
        long? dataSize = body["dataSize"] is JsonValue size ? size.TryGetValue(out long bytes) && bytes >= 0 ? bytes : throw Invalid("dataSize: a number of bytes") : null;
        return (subject, operation, OptionalString(body, "objectId"), dataSize);
    }

    private static CredentialType ReadCredentialType(JsonNode? node)
    {
        string name = node?.GetValue<string>() ?? throw Invalid("principal.credentialTypes: strings only");
        return Enum.TryParse(name, ignoreCase: true, out CredentialType type) && Enum.IsDefined(type)
            ? type
            : throw Invalid($"principal.credentialTypes: \"{name}\" is not a KMIP Credential Type");
    }

    private static ProtocolVersion ReadVersion(string text)
    {
        string[] parts = text.Split('.');
        return parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int major) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int minor)
            ? new ProtocolVersion(major, minor)
            : throw Invalid($"principal.protocolVersion: \"{text}\" is not MAJOR.MINOR");
    }

    private static JsonObject Summary(StoredDocument document) => new()
    {
        ["name"] = document.Name,
        ["version"] = document.Version,
        ["changedAt"] = document.ChangedAt.ToString("O", CultureInfo.InvariantCulture),
        ["changedBy"] = document.ChangedBy,
        ["deleted"] = document.IsDeleted,
    };

    private static IResult Grants(string id, IReadOnlyList<string> grants) =>
        Json(new JsonObject { ["id"] = id, ["grants"] = new JsonArray([.. grants.Select(g => (JsonNode)g)]) });

    private static IResult Json(JsonNode node) => Results.Text(node.ToJsonString(), "application/json");

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            throw Invalid($"the body is larger than {MaxBodyBytes} bytes");
        }

        using var reader = new StreamReader(context.Request.Body);
        char[] buffer = new char[MaxBodyBytes + 1];
        int read = await reader.ReadBlockAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return read > MaxBodyBytes ? throw Invalid($"the body is larger than {MaxBodyBytes} bytes") : new string(buffer, 0, read);
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        string body = await ReadBodyAsync(context).ConfigureAwait(false);
        try
        {
            return JsonNode.Parse(body) as JsonObject ?? throw Invalid("the body must be a JSON object");
        }
        catch (JsonException ex)
        {
            throw Invalid($"the body is not valid JSON: {ex.Message}");
        }
    }

    private static string RequiredString(JsonObject body, string name) =>
        OptionalString(body, name) ?? throw Invalid($"{name}: a string is required");

    private static string? OptionalString(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out string? text) => text,
        _ => throw Invalid($"{name}: must be a string"),
    };

    private static int? OptionalInt(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out int number) => number,
        _ => throw Invalid($"{name}: must be an integer"),
    };

    private static int ParseInt(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : throw Invalid($"{name}: \"{text}\" is not a number");

    private static KmipException Invalid(string message) => new(ResultReason.InvalidField, message);
}
