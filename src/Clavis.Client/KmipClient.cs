using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Clavis.Client.Connections;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client;

/// <summary>
/// A KMIP client: typed async operations over pools of mutual-TLS sessions to one server or many (a configured
/// list, DNS SRV discovery, or both), with failover. Thread-safe; create one per application and set of servers and
/// share it. Every method takes a <see cref="CancellationToken"/> and is bounded by <see cref="KmipClientOptions.RequestTimeout"/>.
/// </summary>
/// <remarks>
/// Failures: the server's refusal is a <see cref="KmipOperationException"/> (Result Status, Reason, Message);
/// no reachable server or a lost session is a <see cref="KmipConnectionException"/>; an answer that breaks
/// the protocol is a <see cref="KmipProtocolException"/>; a request that outlives the timeout is a
/// <see cref="TimeoutException"/>; a cancelled one an <see cref="OperationCanceledException"/>.
/// A server whose connection fails is marked down and skipped for a back-off; a request moves on to the next
/// server when it provably was not sent, or when it is safe to repeat (<see cref="KmipClientOptions.RetrySafeRequests"/>).
/// </remarks>
public sealed partial class KmipClient : IAsyncDisposable
{
    private readonly KmipServerSet _servers;
    private readonly TimeSpan _requestTimeout;
    private readonly int _maxResponseSize;
    private readonly bool _retrySafeRequests;
    private readonly ProtocolVersion[] _preferredVersions;
    private readonly Lock _negotiationLock = new();
    private Task<ProtocolVersion>? _negotiation;
    private KmipServerEndpoint? _lastServer;

    /// <summary>Creates a client. No connection opens, and DNS is not asked, until the first request.</summary>
    /// <param name="options">The settings; copied, so later changes do not affect this client.</param>
    /// <exception cref="ArgumentException">The options are incomplete or out of range.</exception>
    public KmipClient(KmipClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _requestTimeout = options.RequestTimeout;
        _maxResponseSize = options.MaxResponseSize;
        _retrySafeRequests = options.RetrySafeRequests;
        _preferredVersions = [.. options.PreferredProtocolVersions];
        Authentication = options.ToAuthentication();
        KmipServerEndpoint[] configured = options.Server is null ? [.. options.Servers] : [options.Server];
        DnsSrvDiscovery? dns = options.DnsSrvDomain is null ? null : new DnsSrvDiscovery(options.DnsSrvDomain, [.. options.DnsServers]);
        _lastServer = configured.FirstOrDefault();

        // Copied now: the caller may change the options' collections afterwards.
        var clientCertificates = options.ClientCertificate is null ? new X509CertificateCollection() : [options.ClientCertificate];
        X509ChainPolicy? chainPolicy = ChainPolicy(options);
        TimeProvider time = TimeProvider.System;
        TimeSpan retryDelay = options.ServerRetryDelay;
        TimeSpan maxRetryDelay = options.MaxServerRetryDelay;
        int maxConnections = options.MaxConnections;
        TimeSpan connectTimeout = options.ConnectTimeout;
        TimeSpan idleTimeout = options.ConnectionIdleTimeout;
        System.Security.Authentication.SslProtocols protocols = options.EnabledSslProtocols;
        ServerNode MakeNode(KmipServerEndpoint endpoint, KmipServerSource source, int priority, int weight, Func<CancellationToken, ValueTask<System.Net.IPAddress[]>>? resolve)
        {
            // Each server is checked against its own name (TargetHost): the name in the list or the SRV target.
            var tls = new SslClientAuthenticationOptions
            {
                TargetHost = endpoint.Host,
                ClientCertificates = clientCertificates,
                EnabledSslProtocols = protocols,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                CertificateChainPolicy = chainPolicy,
            };
            var pool = new KmipConnectionPool(endpoint, tls, maxConnections, connectTimeout, idleTimeout, resolve);
            return new ServerNode(endpoint, source, priority, weight, pool, time, retryDelay, maxRetryDelay);
        }

        _servers = new KmipServerSet(configured, dns, MakeNode, time, random: null, retryDelay, maxRetryDelay);
    }

    /// <summary>The server that answered the last request; before any, the first configured one (null with only DNS discovery).</summary>
    public KmipServerEndpoint? Server => Volatile.Read(ref _lastServer);

    /// <summary>
    /// Every server this client knows now, best first (discovered ones after the first request), each with its
    /// health: up, down (with the reason, when, and when it will be tried again) or not tried yet.
    /// </summary>
    public IReadOnlyList<KmipServerStatus> Servers => [.. _servers.Nodes.Select(n => n.Snapshot())];

    /// <summary>Why DNS SRV discovery last failed, while it is failing (the last servers it found keep serving); null otherwise.</summary>
    public string? DiscoveryError => _servers.DnsError;

    /// <summary>Connections the pools of the current servers have opened so far (a measure of reuse).</summary>
    public long OpenedConnections => _servers.Nodes.Sum(n => n.Pool?.OpenedConnections ?? 0);

    /// <summary>Idle connections the pools hold now.</summary>
    public int IdleConnections => _servers.Nodes.Sum(n => n.Pool?.IdleConnections ?? 0);

    /// <summary>
    /// The KMIP version this client uses: on first call, the first of <see cref="KmipClientOptions.PreferredProtocolVersions"/>
    /// that the server names in its Discover Versions answer. Cached for the client's life (all servers of one client
    /// are taken to speak the same versions); a failed negotiation is retried on the next call.
    /// </summary>
    /// <exception cref="KmipProtocolException">The server supports none of the preferred versions.</exception>
    /// <exception cref="KmipOperationException">The server refused Discover Versions.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached.</exception>
    public Task<ProtocolVersion> GetProtocolVersionAsync(CancellationToken cancellationToken = default)
    {
        Task<ProtocolVersion> negotiation;
        lock (_negotiationLock)
        {
            if (_negotiation is null || _negotiation.IsFaulted || _negotiation.IsCanceled)
            {
                // Not tied to one caller's token: other callers may be waiting on the same negotiation.
                _negotiation = NegotiateVersionAsync();
            }

            negotiation = _negotiation;
        }

        return negotiation.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Sends a request message as it is and returns the response message as it came: the escape hatch for
    /// anything the typed methods do not cover. Failed batch items are not turned into exceptions here.
    /// Failover and retries apply as to every request.
    /// </summary>
    /// <param name="request">The message; its header's protocol version is used as set.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="KmipConnectionException">No server could be reached, or the session failed after an unsafe
    /// request was sent (its message then says the outcome is unknown).</exception>
    /// <exception cref="KmipProtocolException">The response could not be decoded.</exception>
    /// <exception cref="TimeoutException">No answer within <see cref="KmipClientOptions.RequestTimeout"/>.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="Clavis.Kmip.Versioning.KmipVersionException">An item's operation is not defined in the header's version.</exception>
    public async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken = default) =>
        (await SendToAsync(request, cancellationToken).ConfigureAwait(false)).Response;

    /// <summary>
    /// Sends <paramref name="request"/> as <see cref="SendAsync"/> does, and says which server answered; only to
    /// <paramref name="pinned"/> when given, or to the server that issued a correlation value the request names.
    /// </summary>
    internal async Task<(ResponseMessage Response, KmipServerEndpoint Server)> SendToAsync(RequestMessage request, CancellationToken cancellationToken, KmipServerEndpoint? pinned = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        pinned ??= PinnedServer(request);
        byte[] encoded = request.Encode();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_requestTimeout);
        try
        {
            IReadOnlyList<ServerNode> candidates;
            try
            {
                candidates = await _servers.CandidatesAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw Timeout(request, null, "looking up the servers", ex);
            }

            var attempt = new Attempt(this, request, encoded, cancellationToken, deadline.Token);
            if (pinned is not null)
            {
                return await SendPinnedAsync(request, attempt, candidates, pinned).ConfigureAwait(false);
            }

            // First the servers not known to be down, best first; then, as a last resort, the ones in back-off.
            List<ServerNode>? skipped = null;
            foreach (ServerNode node in candidates)
            {
                if (!node.TryClaim())
                {
                    (skipped ??= []).Add(node);
                }
                else if (await attempt.TryAsync(node).ConfigureAwait(false) is { } answered)
                {
                    return Answered(request, answered, node);
                }
            }

            foreach (ServerNode node in skipped ?? [])
            {
                if (await attempt.TryAsync(node).ConfigureAwait(false) is { } answered)
                {
                    return Answered(request, answered, node);
                }
            }

            // Every server failed: DNS may name others by now.
            IReadOnlyList<ServerNode> rediscovered;
            try
            {
                rediscovered = await _servers.RediscoverAsync(attempt.Tried, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw Timeout(request, null, "looking up the servers again", ex);
            }

            foreach (ServerNode node in rediscovered)
            {
                if (await attempt.TryAsync(node).ConfigureAwait(false) is { } answered)
                {
                    return Answered(request, answered, node);
                }
            }

            throw attempt.NoServerAnswered();
        }
        finally
        {
            // The encoded request may hold key material (Register) or plaintext (Encrypt).
            CryptographicOperations.ZeroMemory(encoded);
        }
    }

    // A request that continues state one server holds goes there, whatever its health, and nowhere else.
    private async Task<(ResponseMessage Response, KmipServerEndpoint Server)> SendPinnedAsync(
        RequestMessage request, Attempt attempt, IReadOnlyList<ServerNode> candidates, KmipServerEndpoint pinned)
    {
        string what = $"{Operations(request)} continues an operation or stream that server {pinned} holds, so it cannot go to another server";
        ServerNode node = candidates.FirstOrDefault(n => n.Endpoint == pinned)
            ?? throw new KmipConnectionException(pinned, requestSent: false, $"{what}, and the client no longer lists that server", null);
        if (await attempt.TryAsync(node).ConfigureAwait(false) is { } answered)
        {
            return Answered(request, answered, node);
        }

        KmipConnectionException failure = attempt.NoServerAnswered();
        throw new KmipConnectionException(failure.Endpoint, failure.RequestSent, $"{what}: {failure.Message}", failure);
    }

    private (ResponseMessage Response, KmipServerEndpoint Server) Answered(RequestMessage request, ResponseMessage response, ServerNode node)
    {
        TrackCorrelations(request, response, node.Endpoint);
        return (response, node.Endpoint);
    }

    /// <summary>Starts a batch: several operations in one request message, answered item by item.</summary>
    public KmipBatch CreateBatch() => new(this);

    /// <summary>Closes every pooled session.</summary>
    public ValueTask DisposeAsync() => _servers.DisposeAsync();

    /// <summary>Sends one operation in the negotiated version and returns its payload, or throws its failure.</summary>
    internal async Task<TResponse> ExecuteAsync<TResponse>(RequestPayload payload, CancellationToken cancellationToken, KmipServerEndpoint? pinned = null)
        where TResponse : ResponsePayload
    {
        ProtocolVersion version = await GetProtocolVersionAsync(cancellationToken).ConfigureAwait(false);
        var request = new RequestMessage(new RequestHeader { ProtocolVersion = version, Authentication = Authentication }) { BatchItems = { new RequestBatchItem(payload) } };
        (ResponseMessage response, _) = await SendToAsync(request, cancellationToken, pinned).ConfigureAwait(false);
        ResponseBatchItem item = SingleItem(response, payload.Operation);
        ThrowIfFailed(item, payload.Operation);
        return ExpectPayload<TResponse>(item, payload.Operation);
    }

    /// <summary>The only batch item of a one-item response.</summary>
    internal ResponseBatchItem SingleItem(ResponseMessage response, Operation operation)
    {
        if (response.BatchItems.Count != 1)
        {
            throw new KmipProtocolException($"{Server}: {operation} was answered with {response.BatchItems.Count} batch items instead of one");
        }

        return response.BatchItems[0];
    }

    /// <summary>Throws the item's failure, if it is one.</summary>
    internal static void ThrowIfFailed(ResponseBatchItem item, Operation operation)
    {
        if (item.ResultStatus != ResultStatus.Success)
        {
            throw new KmipOperationException(item.Operation ?? operation, item.ResultStatus, item.ResultReason, item.ResultMessage);
        }
    }

    /// <summary>The item's payload as the type the operation answers with.</summary>
    internal static TResponse ExpectPayload<TResponse>(ResponseBatchItem item, Operation operation)
        where TResponse : ResponsePayload => item.Payload as TResponse
            ?? throw new KmipProtocolException($"{operation} was answered with {(item.Payload is null ? "no payload" : $"a {item.Payload.Operation} payload")}, not a {typeof(TResponse).Name}");

    private async Task<ProtocolVersion> NegotiateVersionAsync()
    {
        // KMIP 1.1 §4.26: Discover Versions exists from 1.1; a client that prefers only 1.0 just speaks it.
        ProtocolVersion[] discoverable = [.. _preferredVersions.Where(v => v >= ProtocolVersion.V1_1)];
        if (discoverable.Length == 0)
        {
            return _preferredVersions[0];
        }

        IReadOnlyList<ProtocolVersion> supported = await DiscoverVersionsCoreAsync(discoverable.Max(), _preferredVersions, CancellationToken.None).ConfigureAwait(false);
        foreach (ProtocolVersion preferred in _preferredVersions)
        {
            if (supported.Contains(preferred))
            {
                return preferred;
            }
        }

        throw new KmipProtocolException($"{Server} supports none of the KMIP versions {string.Join(", ", _preferredVersions)} (it offers {(supported.Count == 0 ? "none of them" : string.Join(", ", supported))})");
    }

    private TimeoutException Timeout(RequestMessage request, KmipServerEndpoint? server, string stage, Exception inner) =>
        new($"{server?.ToString() ?? "KMIP"}: {Operations(request)} did not complete within {_requestTimeout.TotalSeconds:0.###} s ({stage})", inner);

    private static string Operations(RequestMessage request) => string.Join(", ", request.BatchItems.Select(i => i.Operation));

    private ResponseMessage Decode(byte[] response, KmipServerEndpoint server)
    {
        try
        {
            return ResponseMessage.Decode(response);
        }
        catch (Exception ex) when (ex is Clavis.Kmip.Ttlv.TtlvFormatException or KmipMessageFormatException)
        {
            throw new KmipProtocolException($"{server}: the response could not be decoded: {ex.Message}", ex);
        }
        finally
        {
            // The decoded message holds its own copies; the raw bytes may hold key material (Get) or plaintext (Decrypt).
            CryptographicOperations.ZeroMemory(response);
        }
    }

    private static X509ChainPolicy? ChainPolicy(KmipClientOptions options)
    {
        if (options.TrustedCaCertificates.Count == 0)
        {
            return null;
        }

        // Custom root trust: the server must chain to one of these roots, and the OS store plays no part.
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(options.TrustedCaCertificates);
        return policy;
    }
}
