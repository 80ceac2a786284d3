namespace Clavis.Client.Connections;

/// <summary>
/// One server of a client: its rank, its session pool and its health. A failure marks it down for a back-off
/// that doubles with each consecutive failure up to a ceiling; once the back-off has passed, one request at a
/// time may probe it (the others keep skipping it), and a success marks it up again.
/// </summary>
internal sealed class ServerNode : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _initialBackoff;
    private readonly TimeSpan _maxBackoff;
    private KmipServerHealth _health;
    private DateTimeOffset? _lastSuccess;
    private DateTimeOffset? _lastFailure;
    private string? _lastError;
    private int _failures;
    private DateTimeOffset _retryAfter;

    public ServerNode(KmipServerEndpoint endpoint, KmipServerSource source, int priority, int weight, KmipConnectionPool? pool, TimeProvider time, TimeSpan initialBackoff, TimeSpan maxBackoff)
    {
        Endpoint = endpoint;
        Source = source;
        Priority = priority;
        Weight = weight;
        Pool = pool;
        _time = time;
        _initialBackoff = initialBackoff;
        _maxBackoff = maxBackoff;
    }

    public KmipServerEndpoint Endpoint { get; }

    public KmipServerSource Source { get; }

    /// <summary>Lower is preferred.</summary>
    public int Priority { get; }

    /// <summary>Share of the requests among servers of the same priority (RFC 2782).</summary>
    public int Weight { get; }

    /// <summary>The sessions to this server (null only in unit tests of ranking and health).</summary>
    public KmipConnectionPool? Pool { get; }

    /// <summary>True unless the server is down and its back-off has not passed.</summary>
    public bool IsAvailable
    {
        get
        {
            lock (_lock)
            {
                return _health != KmipServerHealth.Down || _time.GetUtcNow() >= _retryAfter;
            }
        }
    }

    /// <summary>
    /// Claims the right to send to this server now: always for a server not known to be down; for a down server
    /// whose back-off has passed, only for the first caller, who probes it (the retry moment moves on by one more
    /// back-off, so concurrent requests do not all pile onto a server that is likely still dead).
    /// </summary>
    public bool TryClaim()
    {
        lock (_lock)
        {
            if (_health != KmipServerHealth.Down)
            {
                return true;
            }

            DateTimeOffset now = _time.GetUtcNow();
            if (now < _retryAfter)
            {
                return false;
            }

            _retryAfter = now + Backoff(_failures);
            return true;
        }
    }

    public void MarkSuccess()
    {
        lock (_lock)
        {
            if (_health == KmipServerHealth.Up && _failures == 0)
            {
                // The hot path: only the time moves.
                _lastSuccess = _time.GetUtcNow();
                return;
            }

            _health = KmipServerHealth.Up;
            _failures = 0;
            _lastSuccess = _time.GetUtcNow();
        }
    }

    public void MarkFailure(string reason)
    {
        lock (_lock)
        {
            DateTimeOffset now = _time.GetUtcNow();
            _failures++;
            _health = KmipServerHealth.Down;
            _lastFailure = now;
            _lastError = reason;
            _retryAfter = now + Backoff(_failures);
        }

        // The server's other idle sessions most likely died with it; do not hand them to the next requests.
        Pool?.DiscardIdle();
    }

    public KmipServerStatus Snapshot()
    {
        lock (_lock)
        {
            return new KmipServerStatus(Endpoint, Source, Priority, Weight, _health, _lastSuccess, _lastFailure, _lastError, _failures,
                _health == KmipServerHealth.Down ? _retryAfter : null);
        }
    }

    public ValueTask DisposeAsync() => Pool?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>The back-off after <paramref name="failures"/> consecutive failures: the initial one doubled each time, capped.</summary>
    internal TimeSpan Backoff(int failures)
    {
        int doublings = Math.Clamp(failures - 1, 0, 30);
        double ticks = _initialBackoff.Ticks * Math.Pow(2, doublings);
        return ticks >= _maxBackoff.Ticks ? _maxBackoff : TimeSpan.FromTicks((long)ticks);
    }
}
