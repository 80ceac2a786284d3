using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Clavis.Core.Audit;
using Clavis.Core.Operations;
using Clavis.Core.Ports;

namespace Clavis.Server.Hosting;

/// <summary>
/// Puts the node's configuration in the audit journal: settings come from a file, the environment and flags,
/// read once at start, so the journal's record of a change is made at the first start that runs with it. The
/// values last recorded are kept as a versioned document (kind <see cref="DocumentKind"/>, named by node) to
/// compare against. The record, hash-chained and signed, names the SHA-256 of that document's JSON (so it binds
/// every value) and says what changed: on the first start, how the settings differ from the defaults.
/// </summary>
public static class ConfigurationJournal
{
    /// <summary>The document kind that holds each node's last recorded settings.</summary>
    public const string DocumentKind = "node-configuration";

    /// <summary>The audit record's operation.</summary>
    public const string Operation = "ConfigurationChange";

    /// <summary>The settings as text by name, in the invariant culture (none of them is a secret: passphrases never enter <see cref="ClavisSettings"/>).</summary>
    /// <param name="settings">The node's settings.</param>
    public static SortedDictionary<string, string> Snapshot(ClavisSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (PropertyInfo property in ClavisSettings.Properties)
        {
            values[property.Name] = Convert.ToString(property.GetValue(settings), CultureInfo.InvariantCulture) ?? "";
        }

        return values;
    }

    /// <summary>
    /// What changed between <paramref name="before"/> and <paramref name="after"/>, one clause per setting in name order
    /// (<c>KmipPort 5696 → 5697</c>), or null when nothing did.
    /// </summary>
    /// <param name="before">The last recorded settings.</param>
    /// <param name="after">The settings now.</param>
    public static string? Describe(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var clauses = new List<string>();
        foreach (string name in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            bool had = before.TryGetValue(name, out string? old);
            bool has = after.TryGetValue(name, out string? now);
            if (had && has && !string.Equals(old, now, StringComparison.Ordinal))
            {
                clauses.Add($"{name} {Quote(old!)} → {Quote(now!)}");
            }
            else if (has && !had)
            {
                clauses.Add($"{name} {Quote(now!)} (new setting)");
            }
            else if (had && !has)
            {
                clauses.Add($"{name} (no longer a setting; was {Quote(old!)})");
            }
        }

        return clauses.Count == 0 ? null : string.Join("; ", clauses);
    }

    /// <summary>
    /// Compares <paramref name="settings"/> with the node's last recorded configuration and, when they differ (or
    /// none was recorded), commits the new document with a <see cref="Operation"/> record in one transaction.
    /// </summary>
    /// <param name="services">The node's services (store, clock, node id).</param>
    /// <param name="settings">The settings the node runs with.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The record's message (cut to <see cref="AuditRecord.MaxMessageLength"/>), or null when nothing changed.</returns>
    /// <exception cref="StoreUnavailableException">The store cannot be read or written.</exception>
    public static async Task<string?> RecordAsync(KmipServices services, ClavisSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        SortedDictionary<string, string> now = Snapshot(settings);
        string node = services.Options.NodeId;
        StoredDocument? last = await services.Store.GetDocumentAsync(DocumentKind, node, null, cancellationToken).ConfigureAwait(false);
        Dictionary<string, string>? before = last is { IsDeleted: false, Body: string body }
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(body)
            : null;
        string? clause = before is null
            ? "first recorded; differs from the defaults in: " + (Describe(Snapshot(new ClavisSettings()), now) ?? "nothing")
            : Describe(before, now) is string changed ? "changed since the last start: " + changed : null;
        if (clause is null)
        {
            return null;
        }

        // A record's message holds 512 characters; the hash binds every value, which the stored document lists in full.
        string json = JsonSerializer.Serialize(now);
        string message = $"settings sha256 {Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))}, {clause}";
        if (message.Length > AuditRecord.MaxMessageLength)
        {
            message = message[..(AuditRecord.MaxMessageLength - 1)] + "…";
        }

        DateTimeOffset time = services.Clock.UtcNow;
        var changes = new ObjectChangeSet();
        changes.Documents.Add(new DocumentChange(DocumentKind, node, last?.Version ?? 0, json, "server", time));
        changes.AuditRecords.Add(new AuditRecord
        {
            Time = time,
            NodeId = node,
            Source = AuditSource.Server,
            Operation = Operation,
            ResultStatus = nameof(Kmip.ResultStatus.Success),
            Message = message,
        });
        await services.Store.CommitAsync(changes, cancellationToken).ConfigureAwait(false);
        return message;
    }

    private static string Quote(string value) => value.Length == 0 ? "(empty)" : value;
}
