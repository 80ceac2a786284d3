using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clavis.Audit;
using Clavis.Core.Ports;
using Clavis.Kmip;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Clavis.Server.Hosting;

/// <summary>
/// The audit journal through a running node, under <c>/admin/v1/audit/</c>: <c>GET verify?node=&amp;from=&amp;to=</c>
/// answers <see cref="AuditVerificationJson"/> (200 whether intact or not; the report says); <c>POST archive</c> with
/// <c>{"throughSequence":N}</c> or <c>{"before":"ISO 8601 time"}</c> (and optionally <c>"node"</c>, which must be this
/// node's) archives the oldest range and answers <see cref="AuditArchiveResultJson"/>; Illegal Operation (409) when
/// there is nothing to archive or the range does not verify; <c>POST signing-key/rotate</c> replaces the node's
/// checkpoint signing key and answers <see cref="SigningKeyRotation"/>. Administrators only, as the rest of the admin API
/// (docs/admin-api.md).
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
        Func<HttpContext, Task<IResult>> archive = context => RunAsync(context, async identity =>
        {
            (string? node, long? through, DateTimeOffset? before) = await ReadArchiveBodyAsync(context).ConfigureAwait(false);
            AuditArchiveResult result = await audit.ArchiveAsync(identity, node, through, before, context.RequestAborted).ConfigureAwait(false);
            return Results.Text(AuditArchiveResultJson.ToJson(result), "application/json");
        });
        group.MapPost("/archive", (Delegate)archive);
        Func<HttpContext, Task<IResult>> rotate = context => RunAsync(context, async identity =>
        {
            Core.Audit.AuditKeyHandover handover = await audit.RotateSigningKeyAsync(identity, context.RequestAborted).ConfigureAwait(false);
            return Results.Json(new SigningKeyRotation(handover.NodeId, handover.OldKeyId, handover.NewKeyId, handover.Time,
                PemEncoding.WriteString("PUBLIC KEY", handover.NewPublicKey)), AuditAdminJsonContext.Default.SigningKeyRotation);
        });
        group.MapPost("/signing-key/rotate", (Delegate)rotate);
    }

    /// <summary>The answer of a signing-key rotation.</summary>
    /// <param name="Node">The node.</param>
    /// <param name="OldKeyId">The key that handed over.</param>
    /// <param name="NewKeyId">The key that signs from now on.</param>
    /// <param name="Time">When the hand-over was signed.</param>
    /// <param name="PublicKeyPem">The new key's public key (also written to DATA/audit-keys/NEWKEYID.pem).</param>
    public sealed record SigningKeyRotation(
        [property: JsonPropertyName("node")] string Node,
        [property: JsonPropertyName("oldKeyId")] string OldKeyId,
        [property: JsonPropertyName("newKeyId")] string NewKeyId,
        [property: JsonPropertyName("time")] DateTimeOffset Time,
        [property: JsonPropertyName("publicKeyPem")] string PublicKeyPem);

    private static async Task<(string? Node, long? Through, DateTimeOffset? Before)> ReadArchiveBodyAsync(HttpContext context)
    {
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new KmipException(ResultReason.InvalidField, $"the body is not valid JSON: {ex.Message}");
        }

        using (body)
        {
            JsonElement root = body.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new KmipException(ResultReason.InvalidField, "the body is a JSON object: {\"throughSequence\": N} or {\"before\": \"time\"}");
            }

            string? node = null;
            long? through = null;
            DateTimeOffset? before = null;
            foreach (JsonProperty member in root.EnumerateObject())
            {
                switch (member.Name)
                {
                    case "node" when member.Value.ValueKind == JsonValueKind.String:
                        node = member.Value.GetString();
                        break;
                    case "throughSequence" when member.Value.TryGetInt64(out long sequence) && sequence > 0:
                        through = sequence;
                        break;
                    case "before" when member.Value.ValueKind == JsonValueKind.String && member.Value.TryGetDateTimeOffset(out DateTimeOffset time):
                        before = time;
                        break;
                    case "node" or "throughSequence" or "before":
                        throw new KmipException(ResultReason.InvalidField, $"{member.Name} {member.Value.GetRawText()} is not {(member.Name == "before" ? "an ISO 8601 time" : member.Name == "node" ? "a node name" : "a sequence number")}");
                    default:
                        throw new KmipException(ResultReason.InvalidField, $"'{member.Name}' is not an archive setting (node, throughSequence, before)");
                }
            }

            return (node, through, before);
        }
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
                return AdminEndpoints.Error(StatusCodes.Status503ServiceUnavailable, ResultReason.GeneralFailure, $"the audit journal's store failed: {ex.Message}");
            }
            catch (SealException ex)
            {
                return AdminEndpoints.Error(StatusCodes.Status503ServiceUnavailable, ResultReason.GeneralFailure, $"the seal failed, so no new key was made: {ex.Message}");
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

/// <summary>Source-generated JSON for the audit endpoints' answers.</summary>
[JsonSerializable(typeof(AuditAdminEndpoints.SigningKeyRotation))]
public sealed partial class AuditAdminJsonContext : JsonSerializerContext;
