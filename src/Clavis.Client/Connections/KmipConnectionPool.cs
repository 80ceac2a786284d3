using System.Diagnostics;
using System.Net.Security;

namespace Clavis.Client.Connections;

/// <summary>
/// The sessions to one server: at most <c>maxConnections</c> open, idle ones reused most-recent first and
/// closed after the idle timeout, broken ones discarded. A client with a server list holds one pool per server.
/// </summary>
internal sealed class KmipConnectionPool : IAsyncDisposable
{
    private readonly KmipServerEndpoint _endpoint;
    private readonly SslClientAuthenticationOptions _tls;
    private readonly TimeSpan _connectTimeout;
    private readonly Func<CancellationToken, ValueTask<System.Net.IPAddress[]>>? _resolve;
    private readonly long _idleTicks;
    private readonly SemaphoreSlim _slots;
    private readonly List<KmipConnection> _idle = [];
    private readonly Lock _idleLock = new();
    private readonly Timer _sweeper;
    private long _opened;
    private bool _disposed;

    /// <summary>Creates an empty pool; connections open on demand.</summary>
    /// <param name="endpoint">The server.</param>
    /// <param name="tls">The handshake's settings (TargetHost: the server's name).</param>
    /// <param name="maxConnections">Most sessions open at once.</param>
    /// <param name="connectTimeout">How long opening one may take.</param>
    /// <param name="idleTimeout">How long an unused one is kept.</param>
    /// <param name="resolve">Finds the server's addresses; null to let the operating system resolve the host name.</param>
    public KmipConnectionPool(KmipServerEndpoint endpoint, SslClientAuthenticationOptions tls, int maxConnections, TimeSpan connectTimeout, TimeSpan idleTimeout,
        Func<CancellationToken, ValueTask<System.Net.IPAddress[]>>? resolve = null)
    {
        _endpoint = endpoint;
        _resolve = resolve;
        _tls = tls;
        _connectTimeout = connectTimeout;
        _idleTicks = (long)(idleTimeout.TotalSeconds * Stopwatch.Frequency);
        _slots = new SemaphoreSlim(maxConnections, maxConnections);
        TimeSpan period = TimeSpan.FromTicks(Math.Clamp(idleTimeout.Ticks / 2, TimeSpan.TicksPerMillisecond * 50, TimeSpan.TicksPerSecond * 30));
        _sweeper = new Timer(_ => CloseExpired(), null, period, period);
    }

    /// <summary>The server this pool connects to.</summary>
    public KmipServerEndpoint Endpoint => _endpoint;

    /// <summary>Connections opened since the pool was created.</summary>
    public long OpenedConnections => Interlocked.Read(ref _opened);

    /// <summary>Idle connections held now.</summary>
    public int IdleConnections
    {
        get
        {
            lock (_idleLock)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>Takes a slot and a live connection (an idle one, or a new one). Give it back with <see cref="Return"/>.</summary>
    /// <exception cref="KmipConnectionException">A new connection could not be opened.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting or connecting.</exception>
    /// <exception cref="ObjectDisposedException">The pool is disposed.</exception>
    public async ValueTask<KmipConnection> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (TryTakeIdle(out KmipConnection? idle))
            {
                if (idle.LooksAlive())
                {
                    return idle;
                }

                await idle.DisposeAsync().ConfigureAwait(false);
            }

            using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connect.CancelAfter(_connectTimeout);
            try
            {
                KmipConnection opened = await KmipConnection.OpenAsync(_endpoint, _tls, _resolve, connect.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _opened);
                return opened;
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new KmipConnectionException(_endpoint, requestSent: false, $"no session within the connect timeout of {_connectTimeout.TotalSeconds:0.###} s", ex);
            }
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Gives back a rented connection: kept for reuse unless it is broken or the pool is disposed.</summary>
    public void Return(KmipConnection connection)
    {
        bool keep = !connection.IsBroken;
        if (keep)
        {
            lock (_idleLock)
            {
                keep = !_disposed;
                if (keep)
                {
                    _idle.Add(connection);
                }
            }
        }

        if (!keep)
        {
            _ = connection.DisposeAsync().AsTask();
        }

        _slots.Release();
    }

    /// <summary>Closes every idle session (after a failure: they most likely died with the server).</summary>
    public void DiscardIdle()
    {
        List<KmipConnection> idle;
        lock (_idleLock)
        {
            idle = [.. _idle];
            _idle.Clear();
        }

        foreach (KmipConnection connection in idle)
        {
            _ = connection.DisposeAsync().AsTask();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        List<KmipConnection> idle;
        lock (_idleLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }

        await _sweeper.DisposeAsync().ConfigureAwait(false);
        foreach (KmipConnection connection in idle)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Most recently used first: it is the likeliest to be alive, and the old ones age out.
    private bool TryTakeIdle([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KmipConnection? connection)
    {
        long now = Stopwatch.GetTimestamp();
        List<KmipConnection>? expired = null;
        connection = null;
        lock (_idleLock)
        {
            while (_idle.Count > 0)
            {
                KmipConnection last = _idle[^1];
                _idle.RemoveAt(_idle.Count - 1);
                if (now - last.LastUsed < _idleTicks)
                {
                    connection = last;
                    break;
                }

                (expired ??= []).Add(last);
            }
        }

        foreach (KmipConnection old in expired ?? [])
        {
            _ = old.DisposeAsync().AsTask();
        }

        return connection is not null;
    }

    private void CloseExpired()
    {
        long now = Stopwatch.GetTimestamp();
        List<KmipConnection>? expired = null;
        lock (_idleLock)
        {
            // Oldest first in the list; stop at the first one still fresh.
            int count = 0;
            while (count < _idle.Count && now - _idle[count].LastUsed >= _idleTicks)
            {
                count++;
            }

            if (count > 0)
            {
                expired = _idle.GetRange(0, count);
                _idle.RemoveRange(0, count);
            }
        }

        foreach (KmipConnection old in expired ?? [])
        {
            _ = old.DisposeAsync().AsTask();
        }
    }
}
