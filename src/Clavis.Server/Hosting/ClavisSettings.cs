using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Clavis.Server.Hosting;

/// <summary>
/// The server's settings as an operator writes them. Sources, later ones winning: defaults, the JSON
/// file (<c>clavis.json</c> in the data folder, or <c>--config FILE</c>), environment variables
/// (<c>CLAVIS_KMIP_PORT</c> for <see cref="KmipPort"/>: CLAVIS_ and the name in upper snake case), flags
/// (<c>--kmip-port</c>). docs/configuration.md lists them.
/// </summary>
public sealed class ClavisSettings
{
    /// <summary>The data folder: database, key file, certificates.</summary>
    public string Data { get; set; } = "./clavis-data";

    /// <summary>The address the KMIP and HTTPS listeners bind (127.0.0.1 by default; 0.0.0.0 serves every interface).</summary>
    public string Listen { get; set; } = "127.0.0.1";

    /// <summary>TTLV-over-TLS port (0 picks a free one).</summary>
    public int KmipPort { get; set; } = 5696;

    /// <summary>HTTPS port for health and, later, KMIP JSON/XML and the admin API (0 picks a free one; -1 disables).</summary>
    public int HttpsPort { get; set; } = 8443;

    /// <summary>Largest request message, in bytes.</summary>
    public int MaxMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most sessions open at once.</summary>
    public int MaxConnections { get; set; } = 1024;

    /// <summary>Seconds a session may stay idle.</summary>
    public int IdleTimeoutSeconds { get; set; } = 300;

    /// <summary>Seconds a session may live.</summary>
    public int SessionLifetimeSeconds { get; set; } = 8 * 3600;

    /// <summary>Most messages one session may carry (0: no limit).</summary>
    public long MaxMessagesPerSession { get; set; }

    /// <summary>
    /// Messages of one session executed and waiting for their answers (a client that sends without waiting shares
    /// the audit commit among them); a client that sends more waits for the oldest answer.
    /// </summary>
    public int MaxPipelinedMessages { get; set; } = 16;

    /// <summary>Days a destroyed object's metadata is kept before it is purged.</summary>
    public int PurgeRetentionDays { get; set; } = 90;

    /// <summary>Seconds between life-cycle scheduler runs (dates reached, purges).</summary>
    public int SchedulerIntervalSeconds { get; set; } = 10;

    /// <summary>
    /// This node's name in the audit journal; its records form their own hash chain (docs/audit.md). Give each
    /// node sharing a store its own name, and keep it across restarts.
    /// </summary>
    public string NodeId { get; set; } = "node-1";

    /// <summary>Seconds between signed audit checkpoints (one is also made at shutdown).</summary>
    public int AuditCheckpointIntervalSeconds { get; set; } = 60;

    /// <summary>
    /// The file every signed audit checkpoint is also appended to, outside the database (empty: DATA/audit-checkpoints.jsonl).
    /// It catches the newest records removed together with the database's checkpoints only if it is out of reach
    /// of whoever can rewrite the database: put it on another volume or host (a mounted share, a log shipper's input).
    /// </summary>
    public string AuditCheckpointCopyPath { get; set; } = "";

    /// <summary>
    /// The folder POST /admin/v1/audit/archive writes archive files to (empty: DATA/audit-archives). Move archives
    /// to long-term storage from there; the database keeps each one's name and SHA-256.
    /// </summary>
    public string AuditArchiveDirectory { get; set; } = "";

    /// <summary>
    /// Days after which the node replaces its audit checkpoint signing key on its own, checked at start and at each
    /// checkpoint interval (0: only when an administrator asks, POST /admin/v1/audit/signing-key/rotate).
    /// </summary>
    public int AuditSigningKeyRotateDays { get; set; }

    /// <summary>
    /// Pre-generated RSA key pairs kept per modulus size for Create Key Pair (a size is filled after its first
    /// request); 0 generates every pair on request.
    /// </summary>
    public int RsaKeyPoolSize { get; set; } = 4;

    /// <summary>
    /// Milliseconds between checks for principal registry changes made through another node (docs/identity.md,
    /// "Staleness"); this node's own changes apply at once.
    /// </summary>
    public int PrincipalRefreshMilliseconds { get; set; } = 1000;

    /// <summary>Successful password verifications remembered, so a credential sent on every message is hashed once.</summary>
    public int CredentialCacheSize { get; set; } = 10_000;

    /// <summary>
    /// Objects kept in memory as last committed, so Encrypt, Get or Sign on a hot key skips the database (0: none).
    /// Entries hold sealed material only, never a key in clear; a few KiB each.
    /// </summary>
    public int ObjectCacheSize { get; set; } = 10_000;

    /// <summary>
    /// Whether a use's audit records (Get, Encrypt, Sign…, refusals: records that change no object) are fsynced to an
    /// spool file of fixed size beside the database and moved into it in large transactions, rather than committed to
    /// the database in small groups. Equally durable; <c>false</c> keeps every record in the database file alone.
    /// </summary>
    public bool AuditSpool { get; set; } = true;

    /// <summary>Argon2id memory of new password hashes, in KiB (RFC 9106 m).</summary>
    public int PasswordHashMemoryKib { get; set; } = 19 * 1024;

    /// <summary>Argon2id passes of new password hashes (RFC 9106 t).</summary>
    public int PasswordHashIterations { get; set; } = 2;

    /// <summary>Argon2id lanes of new password hashes (RFC 9106 p).</summary>
    public int PasswordHashParallelism { get; set; } = 1;

    /// <summary>Minimum log level: Trace, Debug, Information, Warning, Error.</summary>
    public string LogLevel { get; set; } = "Information";

    /// <summary>The settings a flag or variable may set, by property name.</summary>
    public static IReadOnlyList<PropertyInfo> Properties { get; } =
        [.. typeof(ClavisSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite)];

    /// <summary>
    /// Loads settings: defaults, then <paramref name="configFile"/> (or DATA/clavis.json when it exists),
    /// then <paramref name="environment"/>, then <paramref name="flags"/> (property name → text).
    /// </summary>
    /// <exception cref="FormatException">A value does not parse, or the file is not valid JSON; the message names the source and key.</exception>
    public static ClavisSettings Load(string? configFile, IReadOnlyDictionary<string, string> environment, IReadOnlyDictionary<string, string> flags)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(flags);
        var settings = new ClavisSettings();
        // The data folder decides where the default file is, so look at it first.
        string data = flags.GetValueOrDefault(nameof(Data)) ?? environment.GetValueOrDefault(EnvironmentName(nameof(Data))) ?? settings.Data;
        string? file = configFile ?? (File.Exists(Path.Combine(data, "clavis.json")) ? Path.Combine(data, "clavis.json") : null);
        if (file is not null)
        {
            ApplyFile(settings, file);
        }

        foreach (PropertyInfo property in Properties)
        {
            if (environment.TryGetValue(EnvironmentName(property.Name), out string? value))
            {
                Apply(settings, property, value, $"environment variable {EnvironmentName(property.Name)}");
            }
        }

        foreach ((string name, string value) in flags)
        {
            PropertyInfo property = Properties.FirstOrDefault(p => p.Name == name) ?? throw new FormatException($"unknown setting {name}");
            Apply(settings, property, value, $"flag --{FlagName(name)}");
        }

        CheckPrincipalSettings(settings);
        return settings;
    }

    /// <summary>The Argon2id cost of new password hashes.</summary>
    public Clavis.Crypto.Passwords.Argon2idCost PasswordHashCost => new(PasswordHashMemoryKib, PasswordHashIterations, PasswordHashParallelism);

    private static void CheckPrincipalSettings(ClavisSettings settings)
    {
        try
        {
            settings.PasswordHashCost.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"password hash settings: {ex.Message}", ex);
        }

        if (settings.PrincipalRefreshMilliseconds < 10)
        {
            throw new FormatException("PrincipalRefreshMilliseconds must be at least 10");
        }

        if (settings.MaxPipelinedMessages < 1)
        {
            throw new FormatException("MaxPipelinedMessages must be at least 1");
        }

        if (settings.ObjectCacheSize < 0)
        {
            throw new FormatException("ObjectCacheSize must not be negative");
        }

        if (settings.CredentialCacheSize < 2)
        {
            throw new FormatException("CredentialCacheSize must be at least 2");
        }
    }

    /// <summary>The environment variable for a setting: KmipPort → CLAVIS_KMIP_PORT.</summary>
    public static string EnvironmentName(string property) => "CLAVIS_" + Snake(property).ToUpperInvariant();

    /// <summary>The flag for a setting: KmipPort → kmip-port.</summary>
    public static string FlagName(string property) => Snake(property).Replace('_', '-');

    private static void ApplyFile(ClavisSettings settings, string file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(file));
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            throw new FormatException($"configuration file {file}: {ex.Message}", ex);
        }

        using (document)
        {
            foreach (JsonProperty entry in document.RootElement.EnumerateObject())
            {
                PropertyInfo property = Properties.FirstOrDefault(p => string.Equals(p.Name, entry.Name, StringComparison.OrdinalIgnoreCase))
                    ?? throw new FormatException($"configuration file {file}: unknown setting '{entry.Name}'");
                string text = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText();
                Apply(settings, property, text, $"configuration file {file}, setting '{entry.Name}'");
            }
        }
    }

    private static void Apply(ClavisSettings settings, PropertyInfo property, string text, string source)
    {
        try
        {
            object value = property.PropertyType == typeof(string)
                ? text
                : Convert.ChangeType(text, property.PropertyType, CultureInfo.InvariantCulture);
            property.SetValue(settings, value);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
        {
            throw new FormatException($"{source}: '{text}' is not a valid {property.PropertyType.Name}", ex);
        }
    }

    private static string Snake(string name)
    {
        var builder = new System.Text.StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
