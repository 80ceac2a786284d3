using Clavis.Core.Ports;

namespace Clavis.Server.Hosting;

/// <summary>What the host needs to start: settings, the passphrase if the key file is sealed, and (for tests) a clock.</summary>
public sealed record ClavisHostOptions
{
    /// <summary>The operator's settings.</summary>
    public required ClavisSettings Settings { get; init; }

    /// <summary>The key file's passphrase; null for development mode or an unsealed file. The host clears it after use.</summary>
    public char[]? Passphrase { get; init; }

    /// <summary>The clock; the system clock when null.</summary>
    public IClock? Clock { get; init; }

    /// <summary>
    /// False only for the load generator's benchmark host, which measures what the journal costs Encrypt against a
    /// node without it: KMIP requests then write no audit records (changes still commit). Internal, and on no settings
    /// file, variable or flag, because a KMS must not let its journal be switched off.
    /// </summary>
    internal bool WritesRequestAuditRecords { get; init; } = true;
}
