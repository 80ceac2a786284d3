using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clavis.Core.Administration;
using Clavis.Core.Identity;
using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Kmip;
using KmipAttribute = Clavis.Kmip.Messages.KmipAttribute;
using Clavis.Server.Dispatch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Clavis.Server.Hosting;

/// <summary>
/// The administrator REST API on the HTTPS port (<c>/admin/v1/…</c>): the caller must present a client
/// certificate from the node's CA, in the administrators group. Objects: suspend and resume. Key profiles
/// (docs/templates.md): <c>GET /profiles</c>, <c>GET|PUT|DELETE /profiles/{name}</c>, bodies as
/// <see cref="ProfileJson"/> describes. Errors answer
/// <c>{"reason": KMIP Result Reason, "message": …}</c> with a matching HTTP status.
/// </summary>
public static partial class AdminEndpoints
{
    /// <summary>Maps the endpoints onto <paramref name="routes"/>.</summary>
    public static void Map(IEndpointRouteBuilder routes, ObjectAdministration administration, ProfileAdministration profiles, MasterKeyAdministration masterKey)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(administration);
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(masterKey);
        RouteGroupBuilder admin = routes.MapGroup("/admin/v1");
        MapProfiles(admin, profiles);
        Func<HttpContext, Task<IResult>> rotate = context => RunAsync(context, async identity =>
            Results.Json(new MasterKeyStatus(await masterKey.RotateAsync(identity, context.RequestAborted).ConfigureAwait(false)), AdminJsonContext.Default.MasterKeyStatus));
        admin.MapPost("/master-key/rotate", (Delegate)rotate);
        admin.MapPost("/objects/{id}/suspend", async (string id, HttpContext context) =>
        {
            SuspendRequest? body = context.Request.ContentLength > 0
                ? await context.Request.ReadFromJsonAsync(AdminJsonContext.Default.SuspendRequest, context.RequestAborted).ConfigureAwait(false)
                : null;
            return await RunAsync(context, identity => administration.SuspendAsync(id, body?.Reason ?? "suspended by an administrator", identity, context.RequestAborted)).ConfigureAwait(false);
        });
        admin.MapPost("/objects/{id}/resume", (string id, HttpContext context) =>
            RunAsync(context, identity => administration.ResumeAsync(id, identity, context.RequestAborted)));
    }

    // Key profiles (docs/templates.md): named Template objects that Create applies.
    private static void MapProfiles(RouteGroupBuilder admin, ProfileAdministration profiles)
    {
        // A route handler, not a RequestDelegate: its IResult is what is written.
        Func<HttpContext, Task<IResult>> list = context => RunAsync(context, async identity =>
            Json(ProfileJson.ToJson(await profiles.ListAsync(identity, context.RequestAborted).ConfigureAwait(false))));
        admin.MapGet("/profiles", (Delegate)list);
        admin.MapGet("/profiles/{name}", (string name, HttpContext context) => RunAsync(context, async identity =>
            Json(ProfileJson.ToJson(await profiles.GetAsync(name, identity, context.RequestAborted).ConfigureAwait(false)))));
        admin.MapPut("/profiles/{name}", (string name, HttpContext context) => RunAsync(context, async identity =>
        {
            IReadOnlyList<KmipAttribute> attributes;
            try
            {
                using JsonDocument body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
                attributes = ProfileJson.ReadAttributes(body.RootElement);
            }
            catch (JsonException ex)
            {
                throw new KmipException(ResultReason.InvalidField, $"the body is not valid JSON: {ex.Message}");
            }

            KeyProfile written = await profiles.PutAsync(name, attributes, identity, context.RequestAborted).ConfigureAwait(false);
            return Json(ProfileJson.ToJson(written));
        }));
        admin.MapDelete("/profiles/{name}", (string name, HttpContext context) => RunAsync(context, async identity =>
        {
            await profiles.DeleteAsync(name, identity, context.RequestAborted).ConfigureAwait(false);
            return Results.NoContent();
        }));
    }

    private static IResult Json(string json) => Results.Text(json, "application/json");

    private static Task<IResult> RunAsync(HttpContext context, Func<ClientIdentity, Task<ManagedObject>> action) =>
        RunAsync(context, async identity =>
        {
            ManagedObject changed = await action(identity).ConfigureAwait(false);
            return Results.Json(new ObjectStatus(changed.Id, changed.State.ToString(), ObjectSuspension.IsSuspended(changed)), AdminJsonContext.Default.ObjectStatus);
        });

    /// <summary>Runs an administrator action for the caller's certificate identity, mapping KMIP refusals to HTTP answers.</summary>
    internal static async Task<IResult> RunAsync(HttpContext context, Func<ClientIdentity, Task<IResult>> action)
    {
        X509Certificate2? certificate = context.Connection.ClientCertificate;
        if (certificate is null)
        {
            return Error(StatusCodes.Status401Unauthorized, ResultReason.AuthenticationNotSuccessful, "a client certificate from this server's CA is required");
        }

        try
        {
            return await action(CertificateIdentity.From(certificate)).ConfigureAwait(false);
        }
        catch (KmipException ex)
        {
            int status = ex.Reason switch
            {
                ResultReason.ItemNotFound => StatusCodes.Status404NotFound,
                ResultReason.PermissionDenied => StatusCodes.Status403Forbidden,
                ResultReason.WrongKeyLifecycleState or ResultReason.IllegalOperation => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status400BadRequest,
            };
            return Error(status, ex.Reason, ex.Message);
        }
    }

    /// <summary>An error answer in the admin API's form.</summary>
    internal static IResult Error(int status, ResultReason reason, string message) =>
        Results.Json(new AdminError(reason.ToString(), message), AdminJsonContext.Default.AdminError, statusCode: status);

    /// <summary>The master key in use after a rotation.</summary>
    /// <param name="MasterKeyId">The new master key's identifier (never the key).</param>
    public sealed record MasterKeyStatus([property: JsonPropertyName("masterKeyId")] string MasterKeyId);

    /// <summary>Body of a suspend request.</summary>
    /// <param name="Reason">Why, for the record.</param>
    public sealed record SuspendRequest([property: JsonPropertyName("reason")] string? Reason);

    /// <summary>An object's state after an administrator action.</summary>
    /// <param name="Id">The Unique Identifier.</param>
    /// <param name="State">The KMIP state.</param>
    /// <param name="Suspended">Whether it is suspended.</param>
    public sealed record ObjectStatus(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("state")] string State,
        [property: JsonPropertyName("suspended")] bool Suspended);

    /// <summary>An error answer.</summary>
    /// <param name="Reason">The KMIP Result Reason.</param>
    /// <param name="Message">What went wrong.</param>
    public sealed record AdminError(
        [property: JsonPropertyName("reason")] string Reason,
        [property: JsonPropertyName("message")] string Message);
}

/// <summary>Source-generated JSON for the admin API.</summary>
[JsonSerializable(typeof(AdminEndpoints.SuspendRequest))]
[JsonSerializable(typeof(AdminEndpoints.MasterKeyStatus))]
[JsonSerializable(typeof(AdminEndpoints.ObjectStatus))]
[JsonSerializable(typeof(AdminEndpoints.AdminError))]
public sealed partial class AdminJsonContext : JsonSerializerContext;
