using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Clavis.Client.Connections;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client;

/// <summary>
/// A KMIP client: typed async operations over a pool of mutual-TLS sessions to one server. Thread-safe;
/// create one per server and application and share it. Every method takes a <see cref="CancellationToken"/>
/// and is bounded by <see cref="KmipClientOptions.RequestTimeout"/>.
/// </summary>
/// <remarks>
/// Failures: the server's refusal is a <see cref="KmipOperationException"/> (Result Status, Reason, Message);
/// an unreachable server or lost session is a <see cref="KmipConnectionException"/>; an answer that breaks
/// the protocol is a <see cref="KmipProtocolException"/>; a request that outlives the timeout is a
/// <see cref="TimeoutException"/>; a cancelled one an <see cref="OperationCanceledException"/>.
/// </remarks>
public sealed partial class KmipClient : IAsyncDisposable
{
    private readonly KmipConnectionPool _pool;
    private readonly TimeSpan _requestTimeout;
    private readonly int _maxResponseSize;
    private readonly ProtocolVersion[] _preferredVersions;
    private readonly Lock _negotiationLock = new();
    private Task<ProtocolVersion>? _negotiation;

    /// <summary>Creates a client. No connection opens until the first request.</summary>
    /// <param name="options">The settings; copied, so later changes do not affect this client.</param>
    /// <exception cref="ArgumentException">The options are incomplete or out of range.</exception>
    public KmipClient(KmipClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _requestTimeout = options.RequestTimeout;
        _maxResponseSize = options.MaxResponseSize;
        _preferredVersions = [.. options.PreferredProtocolVersions];
        Authentication = options.ToAuthentication();
        _pool = new KmipConnectionPool(options.Server!, TlsOptions(options), options.MaxConnections, options.ConnectTimeout, options.ConnectionIdleTimeout);
    }

    /// <summary>The server this client talks to.</summary>
    public KmipServerEndpoint Server => _pool.Endpoint;

    /// <summary>Connections the pool has opened so far (a measure of reuse).</summary>
    public long OpenedConnections => _pool.OpenedConnections;

    /// <summary>Idle connections the pool holds now.</summary>
    public int IdleConnections => _pool.IdleConnections;

    /// <summary>
    /// The KMIP version this client uses: on first call, the first of <see cref="KmipClientOptions.PreferredProtocolVersions"/>
    /// that the server names in its Discover Versions answer. Cached for the client's life; a failed negotiation is retried on the next call.
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
    /// </summary>
    /// <param name="request">The message; its header's protocol version is used as set.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="KmipProtocolException">The response could not be decoded.</exception>
    /// <exception cref="TimeoutException">No answer within <see cref="KmipClientOptions.RequestTimeout"/>.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="Clavis.Kmip.Versioning.KmipVersionException">An item's operation is not defined in the header's version.</exception>
    public async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[] encoded = request.Encode();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_requestTimeout);
        KmipConnection connection;
        try
        {
            connection = await _pool.RentAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Timeout(request, "waiting for a connection", ex);
        }

        byte[] response;
        try
        {
            response = await connection.ExchangeAsync(encoded, _maxResponseSize, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Timeout(request, "waiting for the answer", ex);
        }
        finally
        {
            _pool.Return(connection);
            // The encoded request may hold key material (Register) or plaintext (Encrypt).
            CryptographicOperations.ZeroMemory(encoded);
        }

        try
        {
            return ResponseMessage.Decode(response);
        }
        catch (Exception ex) when (ex is Clavis.Kmip.Ttlv.TtlvFormatException or KmipMessageFormatException)
        {
            throw new KmipProtocolException($"{Server}: the response could not be decoded: {ex.Message}", ex);
        }
        finally
        {
            // The decoded message holds its own copies; the raw bytes may hold key material (Get) or plaintext (Decrypt).
            CryptographicOperations.ZeroMemory(response);
        }
    }

    /// <summary>Starts a batch: several operations in one request message, answered item by item.</summary>
    public KmipBatch CreateBatch() => new(this);

    /// <summary>Closes every pooled session.</summary>
    public ValueTask DisposeAsync() => _pool.DisposeAsync();

    /// <summary>Sends one operation in the negotiated version and returns its payload, or throws its failure.</summary>
    internal async Task<TResponse> ExecuteAsync<TResponse>(RequestPayload payload, CancellationToken cancellationToken)
        where TResponse : ResponsePayload
    {
        ProtocolVersion version = await GetProtocolVersionAsync(cancellationToken).ConfigureAwait(false);
        var request = new RequestMessage(new RequestHeader { ProtocolVersion = version, Authentication = Authentication }) { BatchItems = { new RequestBatchItem(payload) } };
        ResponseMessage response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
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

    private TimeoutException Timeout(RequestMessage request, string stage, Exception inner)
    {
        string operations = string.Join(", ", request.BatchItems.Select(i => i.Operation));
        return new TimeoutException($"{Server}: {operations} did not complete within {_requestTimeout.TotalSeconds:0.###} s ({stage})", inner);
    }

    private static SslClientAuthenticationOptions TlsOptions(KmipClientOptions options)
    {
        var tls = new SslClientAuthenticationOptions
        {
            TargetHost = options.Server!.Host,
            ClientCertificates = options.ClientCertificate is null ? [] : [options.ClientCertificate],
            EnabledSslProtocols = options.EnabledSslProtocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (options.TrustedCaCertificates.Count > 0)
        {
            // Custom root trust: the server must chain to one of these roots, and the OS store plays no part.
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(options.TrustedCaCertificates);

            tls.CertificateChainPolicy = policy;
        }

        return tls;
    }
}
