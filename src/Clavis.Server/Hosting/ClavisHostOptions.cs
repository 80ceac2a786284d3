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
}
