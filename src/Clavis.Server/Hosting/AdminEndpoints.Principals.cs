using System.Security.Cryptography;
using Clavis.Core.Administration;
using Clavis.Core.Identity;
using Clavis.Kmip;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Clavis.Server.Hosting;

public static partial class AdminEndpoints
{
    /// <summary>
    /// Maps the principal registry (docs/identity.md, docs/admin-api.md): <c>GET /users</c>,
    /// <c>GET|PUT|DELETE /users/{name}</c>, the same for <c>/devices/{id}</c> and <c>/clients/{name}</c>, and
    /// <c>GET|PUT /principal-rules</c>. Bodies and answers are JSON; answers never carry a password or hash.
    /// </summary>
    public static void MapPrincipals(IEndpointRouteBuilder routes, PrincipalAdministration principals)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(principals);
        RouteGroupBuilder admin = routes.MapGroup("/admin/v1");
        MapEntries(admin, "users",
            principals.ListUsersAsync, principals.GetUserAsync, principals.PutUserAsync, principals.DeleteUserAsync);
        MapEntries(admin, "devices",
            principals.ListDevicesAsync, principals.GetDeviceAsync, principals.PutDeviceAsync, principals.DeleteDeviceAsync);
        MapEntries(admin, "clients",
            principals.ListClientsAsync, principals.GetClientAsync, principals.PutClientAsync, principals.DeleteClientAsync);

        Func<HttpContext, Task<IResult>> getRules = context => RunAsync(context, async identity =>
            Json(await principals.GetPrincipalRulesAsync(identity, context.RequestAborted).ConfigureAwait(false)));
        admin.MapGet("/principal-rules", (Delegate)getRules);
        Func<HttpContext, Task<IResult>> putRules = context => RunAsync(context, identity =>
            WithBodyAsync(context, PrincipalAdministration.MaxRulesBodyBytes, async body =>
                Json(await principals.PutPrincipalRulesAsync(body, identity, context.RequestAborted).ConfigureAwait(false))));
        admin.MapPut("/principal-rules", (Delegate)putRules);
    }

    private static void MapEntries(RouteGroupBuilder admin, string collection,
        Func<ClientIdentity, CancellationToken, Task<string>> list,
        Func<string, ClientIdentity, CancellationToken, Task<string>> get,
        Func<string, ReadOnlyMemory<byte>, ClientIdentity, CancellationToken, Task<string>> put,
        Func<string, ClientIdentity, CancellationToken, Task> delete)
    {
        Func<HttpContext, Task<IResult>> listAll = context => RunAsync(context, async identity =>
            Json(await list(identity, context.RequestAborted).ConfigureAwait(false)));
        admin.MapGet($"/{collection}", (Delegate)listAll);
        admin.MapGet($"/{collection}/{{name}}", (string name, HttpContext context) => RunAsync(context, async identity =>
            Json(await get(name, identity, context.RequestAborted).ConfigureAwait(false))));
        admin.MapPut($"/{collection}/{{name}}", (string name, HttpContext context) => RunAsync(context, identity =>
            WithBodyAsync(context, PrincipalAdministration.MaxEntryBodyBytes, async body =>
                Json(await put(name, body, identity, context.RequestAborted).ConfigureAwait(false)))));
        admin.MapDelete($"/{collection}/{{name}}", (string name, HttpContext context) => RunAsync(context, async identity =>
        {
            await delete(name, identity, context.RequestAborted).ConfigureAwait(false);
            return Results.NoContent();
        }));
    }

    // The body may hold a password: it is read into a buffer of our own and zeroed once the action is done with it.
    private static async Task<IResult> WithBodyAsync(HttpContext context, int limit, Func<ReadOnlyMemory<byte>, Task<IResult>> action)
    {
        if (context.Request.ContentLength > limit)
        {
            throw new KmipException(ResultReason.InvalidField, $"the body is {context.Request.ContentLength} bytes; at most {limit}");
        }

        byte[] buffer = new byte[limit + 1];
        int length = 0;
        try
        {
            int read;
            while (length < buffer.Length && (read = await context.Request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            if (length > limit)
            {
                throw new KmipException(ResultReason.InvalidField, $"the body is larger than {limit} bytes");
            }

            return await action(buffer.AsMemory(0, length)).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
        }
    }
}
