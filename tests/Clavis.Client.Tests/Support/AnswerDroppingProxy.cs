using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Clavis.Client.Tests.Support;

/// <summary>
/// A TCP relay on 127.0.0.1 to a real node (TLS passes through end to end). Armed with <see cref="DropNextAnswer"/>,
/// it relays the next request to the node, waits for the node's answer, and then cuts both connections without
/// passing the answer on: the node acted on the request, the client never learns the outcome.
/// </summary>
public sealed class AnswerDroppingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _relays = [];
    private readonly Task _accepting;
    private int _armed;
    private int _dropped;
    private int _requestChunks;

    public AnswerDroppingProxy(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Answers dropped so far.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>Client-to-node data chunks relayed while a drop was pending or under way (the request's bytes).</summary>
    public int RequestChunks => Volatile.Read(ref _requestChunks);

    /// <summary>Drop the answer to the next request that comes through.</summary>
    public void DropNextAnswer() => Volatile.Write(ref _armed, 1);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] relays;
        lock (_relays)
        {
            relays = [.. _relays];
        }

        await Task.WhenAll([_accepting, .. relays]).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_relays)
            {
                _relays.Add(RelayAsync(client));
            }
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using (client)
        using (var server = new Socket(SocketType.Stream, ProtocolType.Tcp))
        using (var session = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
        {
            try
            {
                await server.ConnectAsync(_target, session.Token);
                var dropping = new StrongBox<bool>();
                Task up = PumpAsync(client, server, upstream: true, dropping, session);
                Task down = PumpAsync(server, client, upstream: false, dropping, session);
                await Task.WhenAny(up, down);
                await session.CancelAsync();
                await Task.WhenAll(up, down).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The test is over or a side left.
            }
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool upstream, StrongBox<bool> dropping, CancellationTokenSource session)
    {
        byte[] buffer = new byte[16384];
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer, SocketFlags.None, session.Token);
                if (read == 0)
                {
                    return;
                }

                if (upstream && (dropping.Value || Interlocked.Exchange(ref _armed, 0) == 1))
                {
                    dropping.Value = true;
                    Interlocked.Increment(ref _requestChunks);
                }
                else if (!upstream && dropping.Value)
                {
                    // The node answered: it has acted on the request. Cut both sides; the client gets nothing.
                    Interlocked.Increment(ref _dropped);
                    from.Close();
                    to.Close();
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, session.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Cut, or the other pump ended the session.
        }
    }
}
