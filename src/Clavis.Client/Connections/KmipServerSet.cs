namespace Clavis.Client.Connections;

/// <summary>
/// The servers a client may send to: the configured ones and, with DNS SRV discovery, the discovered ones (ranked
/// first; configured servers rank after every SRV priority). Discovered servers are looked up again when the
/// records' TTL runs out (the old list serves meanwhile) and when every server failed.
/// </summary>
internal sealed class KmipServerSet : IAsyncDisposable
{
    /// <summary>Added to a configured server's position when DNS SRV discovery is on, so that it ranks after every SRV priority (0-65535).</summary>
    public const int ConfiguredAfterSrv = 65536;

    private readonly ServerNode[] _configured;
    private readonly DnsSrvDiscovery? _dns;
    private readonly Func<KmipServerEndpoint, KmipServerSource, int, int, Func<CancellationToken, ValueTask<System.Net.IPAddress[]>>?, ServerNode> _makeNode;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Lock _randomLock = new();
    private readonly Lock _lock = new();
    private readonly TimeSpan _initialBackoff;
    private readonly TimeSpan _maxBackoff;
    private ServerNode[] _discovered = [];
    private ServerNode[] _all;
    // UTC ticks; read without the lock on the hot path.
    private long _dnsExpires = long.MinValue;
    private int _dnsFailures;
    private string? _dnsError;
    private Task? _refresh;
    private bool _disposed;

    public KmipServerSet(
        IReadOnlyList<KmipServerEndpoint> configured,
        DnsSrvDiscovery? dns,
        Func<KmipServerEndpoint, KmipServerSource, int, int, Func<CancellationToken, ValueTask<System.Net.IPAddress[]>>?, ServerNode> makeNode,
        TimeProvider time,
        Random? random,
        TimeSpan initialBackoff,
        TimeSpan maxBackoff)
    {
        _dns = dns;
        _makeNode = makeNode;
        _time = time;
        _random = random ?? new Random();
        _initialBackoff = initialBackoff;
        _maxBackoff = maxBackoff;
        int offset = dns is null ? 0 : ConfiguredAfterSrv;
        _configured = [.. configured.Select((endpoint, i) => makeNode(endpoint, KmipServerSource.Configured, offset + i, 0, null))];
        _all = _configured;
    }

    /// <summary>Every server known now, best first.</summary>
    public IReadOnlyList<ServerNode> Nodes => Volatile.Read(ref _all);

    /// <summary>Why the last DNS SRV lookup failed, while it is failing.</summary>
    public string? DnsError => Volatile.Read(ref _dnsError) is { } reason ? $"{_dns!.ServiceName}: {reason}" : null;

    /// <summary>The servers for one request, in the order to try them: by priority, weighted random within one.</summary>
    /// <exception cref="KmipConnectionException">No server is known (DNS found none and none is configured).</exception>
    public async ValueTask<IReadOnlyList<ServerNode>> CandidatesAsync(CancellationToken cancellationToken)
    {
        if (_dns is not null && _time.GetUtcNow().UtcTicks >= Volatile.Read(ref _dnsExpires))
        {
            Task refresh = StartRefresh();
            // Until the first answer there is nothing to send to; afterwards the old list serves while DNS is asked.
            if (_discovered.Length == 0)
            {
                await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        ServerNode[] all = Volatile.Read(ref _all);
        if (all.Length == 0)
        {
            throw new KmipConnectionException(new KmipServerEndpoint(_dns?.ServiceName ?? "(none)", 0), requestSent: false,
                $"no KMIP server known: {Volatile.Read(ref _dnsError) ?? "DNS SRV discovery found none"}", null);
        }

        if (HasDistinctPriorities(all))
        {
            // A configured list (or one server): the order is fixed, and nothing need be drawn or allocated.
            return all;
        }

        lock (_randomLock)
        {
            return ServerOrdering.Order(all, _random);
        }
    }

    /// <summary>
    /// After every server failed: asks DNS again now (when discovery is on) and returns the servers it names that
    /// <paramref name="tried"/> does not hold, best first.
    /// </summary>
    public async ValueTask<IReadOnlyList<ServerNode>> RediscoverAsync(IReadOnlyCollection<ServerNode> tried, CancellationToken cancellationToken)
    {
        if (_dns is null)
        {
            return [];
        }

        Volatile.Write(ref _dnsExpires, long.MinValue);
        await StartRefresh().WaitAsync(cancellationToken).ConfigureAwait(false);
        ServerNode[] fresh = [.. Volatile.Read(ref _all).Where(n => !tried.Contains(n))];
        lock (_randomLock)
        {
            return ServerOrdering.Order(fresh, _random);
        }
    }

    public async ValueTask DisposeAsync()
    {
        ServerNode[] all;
        lock (_lock)
        {
            _disposed = true;
            all = [.. _configured, .. _discovered];
        }

        foreach (ServerNode node in all)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static bool HasDistinctPriorities(ServerNode[] sorted)
    {
        for (int i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Priority == sorted[i - 1].Priority)
            {
                return false;
            }
        }

        return true;
    }

    private Task StartRefresh()
    {
        lock (_lock)
        {
            if (_refresh is null || _refresh.IsCompleted)
            {
                if (_time.GetUtcNow().UtcTicks < _dnsExpires)
                {
                    return Task.CompletedTask;
                }

                _refresh = RefreshAsync();
            }

            return _refresh;
        }
    }

    private async Task RefreshAsync()
    {
        SrvAnswer answer;
        try
        {
            answer = await _dns!.ResolveAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Keep what was found before; ask again after a back-off, sooner than a long TTL. Any failure (a
            // malformed name, a socket error) is a failed lookup, reported through DnsError and the request's error.
            lock (_lock)
            {
                _dnsFailures++;
                // The reason alone: DnsError and the request's error name the service themselves.
                string prefix = $"{_dns!.ServiceName}:0: ";
                _dnsError = ex is KmipConnectionException && ex.Message.StartsWith(prefix, StringComparison.Ordinal)
                    ? ex.Message[prefix.Length..]
                    : $"DNS SRV discovery failed: {ex.Message}";
                TimeSpan backoff = TimeSpan.FromTicks(Math.Min(_maxBackoff.Ticks, _initialBackoff.Ticks * (1L << Math.Min(_dnsFailures - 1, 20))));
                Volatile.Write(ref _dnsExpires, (_time.GetUtcNow() + backoff).UtcTicks);
            }

            return;
        }

        List<ServerNode> retired = [];
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            var kept = new List<ServerNode>(answer.Targets.Count);
            foreach (SrvTarget target in answer.Targets)
            {
                var endpoint = new KmipServerEndpoint(target.Host, target.Port);
                // A server named again with the same rank keeps its sessions and its health.
                ServerNode? same = _discovered.FirstOrDefault(n => n.Endpoint == endpoint && n.Priority == target.Priority && n.Weight == target.Weight && !kept.Contains(n));
                kept.Add(same ?? _makeNode(endpoint, KmipServerSource.DnsSrv, target.Priority, target.Weight,
                    _dns.UsesOwnServers ? ct => _dns.ResolveAddressesAsync(endpoint, ct) : null));
            }

            retired.AddRange(_discovered.Where(n => !kept.Contains(n)));
            _discovered = ServerOrdering.SortByPriority(kept);
            Volatile.Write(ref _all, [.. _discovered, .. _configured]);
            _dnsFailures = 0;
            _dnsError = null;
            Volatile.Write(ref _dnsExpires, (_time.GetUtcNow() + answer.TimeToLive).UtcTicks);
        }

        foreach (ServerNode node in retired)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }
    }
}
