using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Clavis.Kmip.Framing;
using Clavis.Kmip.Ttlv;
using Microsoft.Extensions.Logging;

namespace Clavis.Server.Listener;

/// <summary>
/// Accepts TLS connections with a required, CA-validated client certificate and runs one session per
/// connection: whole KMIP messages in, one response each, in order, until either side ends it or a
/// limit does (idle time, lifetime, message count, size). A refused frame gets an error response, then a close.
/// Messages a client sends without waiting for answers (pipelining) overlap their audit commits (<see cref="SessionAnswers"/>).
/// </summary>
public sealed class KmipListener : IAsyncDisposable
{
    private readonly KmipListenerOptions _options;
    private readonly IKmipMessageProcessor _processor;
    private readonly ILogger _logger;
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _aborting = new();
    private readonly Dictionary<long, Task> _sessions = [];
    private readonly Lock _sessionsLock = new();
    private readonly SslStreamCertificateContext _certificateContext;
    private Task? _acceptLoop;
    private int _open;

    /// <summary>Creates a listener; nothing is bound until <see cref="Start"/>.</summary>
    public KmipListener(KmipListenerOptions options, IKmipMessageProcessor processor, ILogger<KmipListener> logger)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _processor = processor ?? throw new ArgumentNullException(nameof(processor));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _socket = new Socket(options.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _certificateContext = SslStreamCertificateContext.Create(options.ServerCertificate, additionalCertificates: null, offline: true);
    }

    /// <summary>The bound address (with the real port when port 0 was asked).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)(_socket.LocalEndPoint ?? throw new InvalidOperationException("not started"));

    /// <summary>Binds and starts accepting.</summary>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public void Start()
    {
        _socket.NoDelay = true;
        _socket.Bind(_options.EndPoint);
        _socket.Listen(512);
        _acceptLoop = Task.Run(AcceptLoopAsync);
        _logger.LogInformation("KMIP listener on {EndPoint} (TLS {Protocols}, client certificate required)", LocalEndPoint, _options.Protocols);
    }

    /// <summary>
    /// Stops accepting, lets every session finish the request it is processing, closes idle ones,
    /// and after <see cref="KmipListenerOptions.DrainTimeout"/> aborts what remains.
    /// </summary>
    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Close();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        Task[] sessions;
        lock (_sessionsLock)
        {
            sessions = [.. _sessions.Values];
        }

        Task drained = Task.WhenAll(sessions);
        if (await Task.WhenAny(drained, Task.Delay(_options.DrainTimeout)).ConfigureAwait(false) != drained)
        {
            _logger.LogWarning("{Count} session(s) still busy after {Timeout}; aborting them", sessions.Count(s => !s.IsCompleted), _options.DrainTimeout);
            await _aborting.CancelAsync().ConfigureAwait(false);
            await drained.ConfigureAwait(false);
        }

        _logger.LogInformation("KMIP listener stopped");
    }

    /// <summary>Stops (see <see cref="StopAsync"/>) and releases the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _socket.Dispose();
        _stopping.Dispose();
        _aborting.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException || _stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                // A connection reset during accept is the peer's problem, not the listener's.
                _logger.LogDebug(ex, "accept failed");
                continue;
            }

            if (Interlocked.Increment(ref _open) > _options.MaxConnections)
            {
                Interlocked.Decrement(ref _open);
                _logger.LogWarning("connection from {Remote} refused: {Max} sessions already open", client.RemoteEndPoint, _options.MaxConnections);
                client.Dispose();
                continue;
            }

            client.NoDelay = true;
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task session = RunConnectionAsync(client, started.Task);
            long key = session.Id;
            lock (_sessionsLock)
            {
                _sessions[key] = session;
            }

            started.SetResult();
            _ = session.ContinueWith(
                _ =>
                {
                    Interlocked.Decrement(ref _open);
                    lock (_sessionsLock)
                    {
                        _sessions.Remove(key);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task RunConnectionAsync(Socket client, Task registered)
    {
        await registered.ConfigureAwait(false);
        EndPoint? remote = client.RemoteEndPoint;
        var network = new NetworkStream(client, ownsSocket: true);
        var tls = new SslStream(network, leaveInnerStreamOpen: false);
        await using (tls.ConfigureAwait(false))
        {
            KmipSession session;
            try
            {
                using var handshakeTimeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                handshakeTimeout.CancelAfter(_options.HandshakeTimeout);
                await tls.AuthenticateAsServerAsync(CreateTlsOptions(), handshakeTimeout.Token).ConfigureAwait(false);
                var certificate = tls.RemoteCertificate as X509Certificate2
                    ?? (tls.RemoteCertificate is null ? null : X509CertificateLoader.LoadCertificate(tls.RemoteCertificate.GetRawCertData()));
                if (certificate is null)
                {
                    _logger.LogWarning("connection from {Remote} closed: no client certificate", remote);
                    return;
                }

                session = new KmipSession(remote, certificate, tls.SslProtocol.ToString());
            }
            catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException or SocketException)
            {
                _logger.LogInformation("TLS handshake with {Remote} failed: {Reason}", remote, ex.Message);
                return;
            }

            _logger.LogDebug("session {Session} opened from {Remote} as {Subject} ({Tls})", session.Id, remote, session.ClientCertificate.Subject, session.TlsProtocol);
            string reason = await RunSessionAsync(tls, session).ConfigureAwait(false);
            _logger.LogInformation("session {Session} from {Remote} closed after {Count} message(s): {Reason}", session.Id, remote, session.MessageCount, reason);
        }
    }

    private async Task<string> RunSessionAsync(SslStream tls, KmipSession session)
    {
        PipeReader input = PipeReader.Create(tls, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var answers = new SessionAnswers(tls, idle, _aborting.Token, _options.MaxPipelinedMessages);
        try
        {
            while (true)
            {
                if (answers.HasFailed || !idle.TryReset())
                {
                    return await AfterAnswersAsync(answers, "server stopping").ConfigureAwait(false);
                }

                idle.CancelAfter(_options.IdleTimeout);
                ReadResult read;
                try
                {
                    read = await input.ReadAsync(idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return await AfterAnswersAsync(answers, _stopping.IsCancellationRequested ? "server stopping" : $"idle for {_options.IdleTimeout}").ConfigureAwait(false);
                }

                ReadOnlySequence<byte> buffer = read.Buffer;
                try
                {
                    while (TtlvFrame.TryRead(ref buffer, _options.MaxMessageSize, out ReadOnlySequence<byte> message))
                    {
                        session.MessageCount++;
                        await answers.StartAsync(_processor, session, message).ConfigureAwait(false);
                        if (LimitReached(session) is string limit)
                        {
                            return await AfterAnswersAsync(answers, limit).ConfigureAwait(false);
                        }
                    }
                }
                catch (TtlvFormatException ex)
                {
                    await answers.DrainAsync().ConfigureAwait(false);
                    await WriteFramingErrorAsync(tls, session, ex).ConfigureAwait(false);
                    return $"refused message framing: {ex.Message}";
                }

                if (read.IsCompleted)
                {
                    await answers.DrainAsync().ConfigureAwait(false);
                    if (buffer.Length > 0)
                    {
                        await WriteFramingErrorAsync(tls, session, new TtlvFormatException($"connection closed after {buffer.Length} bytes of an incomplete message", (int)buffer.Length)).ConfigureAwait(false);
                        return "client closed inside a message";
                    }

                    return "client closed";
                }

                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            await AbandonAnswersAsync(answers, session).ConfigureAwait(false);
            return $"connection lost: {ex.Message}";
        }
        catch (OperationCanceledException) when (_aborting.IsCancellationRequested)
        {
            await AbandonAnswersAsync(answers, session).ConfigureAwait(false);
            return "aborted at shutdown";
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
        }
    }

    // The session ends for `reason` once the answers already under way are written (a graceful stop drains them);
    // an answer that failed ends it with that failure instead.
    private static async Task<string> AfterAnswersAsync(SessionAnswers answers, string reason)
    {
        await answers.DrainAsync().ConfigureAwait(false);
        return reason;
    }

    // The connection is gone: the answers still under way cannot be delivered, but their processing finishes (and
    // releases what it holds) before the session ends.
    private async Task AbandonAnswersAsync(SessionAnswers answers, KmipSession session)
    {
        try
        {
            await answers.DrainAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            _logger.LogDebug("session {Session}: answers in flight were not delivered: {Reason}", session.Id, ex.Message);
        }
    }

    private async Task WriteFramingErrorAsync(SslStream tls, KmipSession session, TtlvFormatException error)
    {
        var output = new ArrayBufferWriter<byte>(256);
        _processor.WriteFramingError(error, output, session);
        await tls.WriteAsync(output.WrittenMemory, _aborting.Token).ConfigureAwait(false);
    }

    private string? LimitReached(KmipSession session)
    {
        if (session.MessageCount >= _options.MaxMessagesPerSession)
        {
            return $"message limit of {_options.MaxMessagesPerSession} reached";
        }

        if (DateTimeOffset.UtcNow - session.StartedAt >= _options.SessionLifetime)
        {
            return $"session lifetime of {_options.SessionLifetime} reached";
        }

        return _stopping.IsCancellationRequested ? "server stopping" : null;
    }

    private SslServerAuthenticationOptions CreateTlsOptions()
    {
        // Only the configured CAs are trusted for clients, and only for client authentication.
        var chainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            VerificationFlags = X509VerificationFlags.NoFlag,
        };
        chainPolicy.CustomTrustStore.AddRange(_options.ClientCertificateAuthorities);
        chainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = _certificateContext,
            ClientCertificateRequired = true,
            EnabledSslProtocols = _options.Protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            CertificateChainPolicy = chainPolicy,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => certificate is not null && errors == SslPolicyErrors.None,
        };
    }
}
