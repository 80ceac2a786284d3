using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using Clavis.Core.Administration;
using Clavis.Core.Identity;
using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Server.Dispatch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Clavis.Server.Hosting;

/// <summary>
/// The administrator REST API on the HTTPS port (<c>/admin/v1/…</c>): the caller must present a client
/// certificate from the node's CA, in the administrators group. Errors answer
/// <c>{"reason": KMIP Result Reason, "message": …}</c> with a matching HTTP status.
/// </summary>
public static class AdminEndpoints
{
    /// <summary>Maps the endpoints onto <paramref name="routes"/>.</summary>
    public static void Map(IEndpointRouteBuilder routes, ObjectAdministration administration)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(administration);
        RouteGroupBuilder admin = routes.MapGroup("/admin/v1");
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

    private static async Task<IResult> RunAsync(HttpContext context, Func<ClientIdentity, Task<ManagedObject>> action)
    {
        X509Certificate2? certificate = context.Connection.ClientCertificate;
        if (certificate is null)
        {
            return Error(StatusCodes.Status401Unauthorized, ResultReason.AuthenticationNotSuccessful, "a client certificate from this server's CA is required");
        }

        try
        {
            ManagedObject changed = await action(CertificateIdentity.From(certificate)).ConfigureAwait(false);
            return Results.Json(new ObjectStatus(changed.Id, changed.State.ToString(), ObjectSuspension.IsSuspended(changed)), AdminJsonContext.Default.ObjectStatus);
        }
        catch (KmipException ex)
        {
            int status = ex.Reason switch
            {
                ResultReason.ItemNotFound => StatusCodes.Status404NotFound,
                ResultReason.PermissionDenied => StatusCodes.Status403Forbidden,
                ResultReason.WrongKeyLifecycleState => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status400BadRequest,
            };
            return Error(status, ex.Reason, ex.Message);
        }
    }

    private static IResult Error(int status, ResultReason reason, string message) =>
        Results.Json(new AdminError(reason.ToString(), message), AdminJsonContext.Default.AdminError, statusCode: status);

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
[JsonSerializable(typeof(AdminEndpoints.ObjectStatus))]
[JsonSerializable(typeof(AdminEndpoints.AdminError))]
public sealed partial class AdminJsonContext : JsonSerializerContext;
