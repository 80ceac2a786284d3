using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Clavis.Kmip.Framing;

namespace Clavis.Client.Connections;

/// <summary>
/// One mutual-TLS session to a server, carrying one request/response exchange at a time. Once an exchange
/// fails or is abandoned the stream's position is unknown, so the connection is marked broken and never reused.
/// </summary>
internal sealed class KmipConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly SslStream _tls;
    private readonly KmipServerEndpoint _endpoint;

    private KmipConnection(Socket socket, SslStream tls, KmipServerEndpoint endpoint)
    {
        _socket = socket;
        _tls = tls;
        _endpoint = endpoint;
        LastUsed = Stopwatch.GetTimestamp();
    }

    /// <summary>True once an exchange failed or was abandoned: the connection must be discarded.</summary>
    public bool IsBroken { get; private set; }

    /// <summary>When the connection last finished an exchange (a <see cref="Stopwatch"/> timestamp).</summary>
    public long LastUsed { get; private set; }

    /// <summary>Opens the TCP connection and completes the TLS handshake.</summary>
    /// <param name="endpoint">The server; its host is also the TLS target host.</param>
    /// <param name="tls">The handshake's settings.</param>
    /// <param name="resolve">Finds the server's addresses; null to let the operating system resolve the host name.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <exception cref="KmipConnectionException">The server is unreachable or the handshake failed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static async Task<KmipConnection> OpenAsync(KmipServerEndpoint endpoint, SslClientAuthenticationOptions tls,
        Func<CancellationToken, ValueTask<System.Net.IPAddress[]>>? resolve, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        // TCP keep-alive lets the operating system notice a peer that vanished while the session sat idle in the pool.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        SslStream? stream = null;
        try
        {
            if (resolve is null)
            {
                await socket.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(await resolve(cancellationToken).ConfigureAwait(false), endpoint.Port, cancellationToken).ConfigureAwait(false);
            }

            stream = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
            await stream.AuthenticateAsClientAsync(tls, cancellationToken).ConfigureAwait(false);
            return new KmipConnection(socket, stream, endpoint);
        }
        catch (Exception ex) when (ex is SocketException or AuthenticationException or IOException)
        {
            await DisposeAsync(socket, stream).ConfigureAwait(false);
            string what = ex is AuthenticationException ? "the TLS handshake failed" : "could not connect";
            throw new KmipConnectionException(endpoint, requestSent: false, $"{what}: {ex.Message}", ex);
        }
        catch
        {
            await DisposeAsync(socket, stream).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// True when the idle session still looks usable: nothing is waiting to be read. A readable idle socket means
    /// the server closed it (end of stream, TLS close_notify) or sent something unasked; either way it is not reused.
    /// </summary>
    public bool LooksAlive()
    {
        try
        {
            return !IsBroken && _socket.Connected && !_socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Writes one request message and reads one response message.</summary>
    /// <param name="request">The encoded request; not retained.</param>
    /// <param name="maxResponseSize">Largest response accepted.</param>
    /// <param name="cancellationToken">Abandons the exchange (the connection is then broken).</param>
    /// <returns>The response's bytes; caller owns them.</returns>
    /// <exception cref="KmipConnectionException">The session failed or the server closed it before answering.</exception>
    /// <exception cref="KmipProtocolException">The response's framing is invalid or too large.</exception>
    public async Task<byte[]> ExchangeAsync(ReadOnlyMemory<byte> request, int maxResponseSize, CancellationToken cancellationToken)
    {
        // From the first write on, some of the request may have reached the server.
        const bool Sent = true;
        try
        {
            await _tls.WriteAsync(request, cancellationToken).ConfigureAwait(false);
            await _tls.FlushAsync(cancellationToken).ConfigureAwait(false);
            byte[]? response = await TtlvFrame.ReadMessageAsync(_tls, maxResponseSize, cancellationToken).ConfigureAwait(false);
            if (response is null)
            {
                IsBroken = true;
                throw new KmipConnectionException(_endpoint, Sent, "the server closed the session without answering", null);
            }

            LastUsed = Stopwatch.GetTimestamp();
            return response;
        }
        catch (Clavis.Kmip.Ttlv.TtlvFormatException ex)
        {
            IsBroken = true;
            throw new KmipProtocolException($"{_endpoint}: the response is not a valid TTLV message: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException && ex is not KmipConnectionException)
        {
            IsBroken = true;
            throw new KmipConnectionException(_endpoint, Sent, $"the session failed: {ex.Message}", ex);
        }
        catch
        {
            // Cancelled or abandoned mid-exchange: what is left on the stream is unknown.
            IsBroken = true;
            throw;
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => DisposeAsync(_socket, _tls);

    private static async ValueTask DisposeAsync(Socket socket, SslStream? tls)
    {
        if (tls is not null)
        {
            try
            {
                await tls.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                // The peer may already be gone; the session is over either way.
            }
        }

        socket.Dispose();
    }
}
