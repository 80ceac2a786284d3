using System.Globalization;
using System.Security.Cryptography;
using Clavis.Audit;
using Clavis.Core.Ports;
using Clavis.Kmip;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Clavis.Server.Hosting;

/// <summary>
/// The audit journal through a running node, under <c>/admin/v1/audit/</c>: <c>GET verify?node=&amp;from=&amp;to=</c>
/// answers <see cref="AuditVerificationJson"/> (200 whether intact or not; the report says). Administrators only,
/// as the rest of the admin API (docs/admin-api.md).
/// </summary>
public static class AuditAdminEndpoints
{
    /// <summary>Maps the endpoints onto <paramref name="routes"/>.</summary>
    public static void Map(IEndpointRouteBuilder routes, AuditAdministration audit)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(audit);
        RouteGroupBuilder group = routes.MapGroup("/admin/v1/audit");
        Func<HttpContext, Task<IResult>> verify = context => RunAsync(context, async identity =>
        {
            IQueryCollection query = context.Request.Query;
            AuditVerification result = await audit.VerifyAsync(
                identity, Text(query, "node"), Sequence(query, "from"), Sequence(query, "to"), context.RequestAborted).ConfigureAwait(false);
            return Results.Text(AuditVerificationJson.ToJson(result), "application/json");
        });
        group.MapGet("/verify", (Delegate)verify);
    }

    // A journal that cannot be read is the server's failure, not the caller's: 503 for the store, 500 for the
    // files beside it, with what went wrong.
    private static Task<IResult> RunAsync(HttpContext context, Func<Core.Identity.ClientIdentity, Task<IResult>> action) =>
        AdminEndpoints.RunAsync(context, async identity =>
        {
            try
            {
                return await action(identity).ConfigureAwait(false);
            }
            catch (StoreUnavailableException ex)
            {
                return AdminEndpoints.Error(StatusCodes.Status503ServiceUnavailable, ResultReason.GeneralFailure, $"the audit journal cannot be read: {ex.Message}");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or CryptographicException)
            {
                return AdminEndpoints.Error(StatusCodes.Status500InternalServerError, ResultReason.GeneralFailure, $"the audit journal cannot be verified: {ex.Message}");
            }
        });

    private static string? Text(IQueryCollection query, string name) => query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    private static long? Sequence(IQueryCollection query, string name)
    {
        string? text = Text(query, name);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new KmipException(ResultReason.InvalidField, $"{name} '{text}' is not a sequence number");
    }
}
