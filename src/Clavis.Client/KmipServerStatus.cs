namespace Clavis.Client;

/// <summary>Where the client learnt of a server.</summary>
public enum KmipServerSource
{
    /// <summary>From <see cref="KmipClientOptions.Server"/> or <see cref="KmipClientOptions.Servers"/>.</summary>
    Configured,

    /// <summary>From a DNS SRV record of <see cref="KmipClientOptions.DnsSrvDomain"/>.</summary>
    DnsSrv,
}

/// <summary>What the client knows of a server's health.</summary>
public enum KmipServerHealth
{
    /// <summary>Not tried yet.</summary>
    Unknown,

    /// <summary>The last exchange with it succeeded.</summary>
    Up,

    /// <summary>The last attempt failed; it is skipped until <see cref="KmipServerStatus.RetryAfter"/>.</summary>
    Down,
}

/// <summary>A snapshot of one server of a <see cref="KmipClient"/>: where it is, how it ranks, and how it fared.</summary>
/// <param name="Endpoint">The server.</param>
/// <param name="Source">Configured or found by DNS SRV.</param>
/// <param name="Priority">Its SRV priority (lower is preferred); for configured servers, their position in the list.
/// Discovered servers rank before configured ones.</param>
/// <param name="Weight">Its SRV weight within its priority (configured servers: 0).</param>
/// <param name="Health">Up, down or not tried yet.</param>
/// <param name="LastSuccess">When an exchange with it last succeeded, if ever.</param>
/// <param name="LastFailure">When an attempt last failed, if ever.</param>
/// <param name="LastError">Why it last failed, if it did.</param>
/// <param name="ConsecutiveFailures">Failures since the last success.</param>
/// <param name="RetryAfter">While down: when a request will next try it.</param>
public sealed record KmipServerStatus(
    KmipServerEndpoint Endpoint,
    KmipServerSource Source,
    int Priority,
    int Weight,
    KmipServerHealth Health,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastFailure,
    string? LastError,
    int ConsecutiveFailures,
    DateTimeOffset? RetryAfter);
