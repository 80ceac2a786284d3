using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using Clavis.Kmip.Framing;

namespace Clavis.LoadGenerator;

/// <summary>
/// One mutual-TLS session kept open for the whole run. Keeps up to the pipelining depth of request messages
/// in flight: it writes a new one each time a response arrives, and records each message's latency.
/// </summary>
internal sealed class LoadConnection : IAsyncDisposable
{
    private const int MaxResponseSize = 16 * 1024 * 1024;

    private readonly Socket _socket;
    private readonly SslStream _tls;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private LoadConnection(Socket socket, SslStream tls)
    {
        _socket = socket;
        _tls = tls;
    }

    /// <summary>Opens the TCP connection and completes the TLS handshake.</summary>
    public static async Task<LoadConnection> OpenAsync(ClientCredentials credentials, CancellationToken cancellationToken)
    {
        var socket = new Socket(credentials.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(credentials.EndPoint, cancellationToken);
            var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(credentials.TlsOptions(), cancellationToken);
            return new LoadConnection(socket, tls);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one message and returns the response's bytes (a copy).</summary>
    public async Task<byte[]> ExchangeAsync(byte[] request, CancellationToken cancellationToken)
    {
        await _tls.WriteAsync(request, cancellationToken);
        ReadOnlyMemory<byte> response = await ReadResponseAsync(cancellationToken);
        return response.ToArray();
    }

    /// <summary>
    /// Sends messages from <paramref name="messages"/> (cycling from <paramref name="offset"/>) while
    /// <paramref name="budget"/> grants them, at most <paramref name="depth"/> in flight, until every sent one is answered.
    /// </summary>
    public async Task RunAsync(IReadOnlyList<byte[]> messages, int offset, int depth, RequestBudget budget, ConnectionStatistics statistics, CancellationToken cancellationToken)
    {
        var sentAt = new Queue<long>(depth);
        int next = offset;
        while (sentAt.Count < depth && budget.TryTake())
        {
            sentAt.Enqueue(Stopwatch.GetTimestamp());
            await _tls.WriteAsync(messages[next++ % messages.Count], cancellationToken);
        }

        while (sentAt.Count > 0)
        {
            ReadOnlyMemory<byte> response = await ReadResponseAsync(cancellationToken);
            long now = Stopwatch.GetTimestamp();
            statistics.Record(now - sentAt.Dequeue(), response.Span);
            if (budget.TryTake())
            {
                sentAt.Enqueue(Stopwatch.GetTimestamp());
                await _tls.WriteAsync(messages[next++ % messages.Count], cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _tls.ShutdownAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The server may already have closed its side; the session is over either way.
        }

        await _tls.DisposeAsync();
        _socket.Dispose();
    }

    // Whole responses are taken from a buffer that one read may fill with several pipelined ones.
    private async ValueTask<ReadOnlyMemory<byte>> ReadResponseAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int available = _end - _start;
            if (available >= TtlvFrame.HeaderSize)
            {
                int total = TtlvFrame.CheckHeader(_buffer.AsSpan(_start, TtlvFrame.HeaderSize), MaxResponseSize);
                if (available >= total)
                {
                    var message = new ReadOnlyMemory<byte>(_buffer, _start, total);
                    _start += total;
                    if (_start == _end)
                    {
                        _start = _end = 0;
                    }

                    return message;
                }

                EnsureRoom(total);
            }
            else
            {
                EnsureRoom(TtlvFrame.HeaderSize);
            }

            int read = await _tls.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                throw new IOException($"the server closed the session with {_end - _start} bytes of a response pending");
            }

            _end += read;
        }
    }

    // Moves pending bytes to the front, and grows the buffer when one message needs more than it holds.
    private void EnsureRoom(int messageLength)
    {
        if (_start > 0 && (_buffer.Length - _start < messageLength || _end == _buffer.Length))
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_buffer.Length < messageLength)
        {
            Array.Resize(ref _buffer, Math.Max(messageLength, _buffer.Length * 2));
        }
    }
}
