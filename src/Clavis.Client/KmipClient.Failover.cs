using Clavis.Client.Connections;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client;

/// <content>One request's attempts over the servers (at most one per server, within the request's deadline), and the health check.</content>
public sealed partial class KmipClient
{
    /// <summary>
    /// Asks every server now, all at once and regardless of back-off, with a Discover Versions request (looking DNS
    /// SRV up first when its answer is due), records each one's health, and returns the servers' states, best first.
    /// A server that answers at all, even with an error, is up. For a status display (<c>clavis server status</c>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check; each server has <see cref="KmipClientOptions.RequestTimeout"/> to answer.</param>
    /// <returns>The states, as <see cref="Servers"/>; empty when DNS SRV found no server (<see cref="DiscoveryError"/> says why).</returns>
    public async Task<IReadOnlyList<KmipServerStatus>> CheckServersAsync(CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_requestTimeout);
        IReadOnlyList<ServerNode> nodes;
        try
        {
            nodes = await _servers.CandidatesAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (KmipConnectionException)
        {
            return Servers;
        }

        // Any version a server may know: one that does not would still answer (with an error), which is all this asks.
        ProtocolVersion header = _preferredVersions.Where(v => v >= ProtocolVersion.V1_1).DefaultIfEmpty(ProtocolVersion.V1_1).Max();
        byte[] encoded = new RequestMessage(new RequestHeader { ProtocolVersion = header, Authentication = Authentication })
        {
            BatchItems = { new RequestBatchItem(new DiscoverVersionsRequestPayload()) },
        }.Encode();

        async Task CheckAsync(ServerNode node)
        {
            KmipConnectionPool pool = node.Pool!;
            try
            {
                KmipConnection connection = await pool.RentAsync(deadline.Token).ConfigureAwait(false);
                try
                {
                    byte[] answer = await connection.ExchangeAsync(encoded, _maxResponseSize, deadline.Token).ConfigureAwait(false);
                    ResponseMessage.Decode(answer);
                    node.MarkSuccess();
                }
                finally
                {
                    pool.Return(connection);
                }
            }
            catch (KmipConnectionException ex)
            {
                node.MarkFailure(ex.Message);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                node.MarkFailure($"no answer within {_requestTimeout.TotalSeconds:0.###} s");
            }
            catch (Exception ex) when (ex is KmipProtocolException or Clavis.Kmip.Ttlv.TtlvFormatException or KmipMessageFormatException)
            {
                node.MarkFailure($"the answer is not KMIP: {ex.Message}");
            }
            catch (ObjectDisposedException) when (node.Source == KmipServerSource.DnsSrv)
            {
                // DNS stopped naming it meanwhile.
            }
        }

        await Task.WhenAll(nodes.Select(CheckAsync)).ConfigureAwait(false);
        return Servers;
    }

    private sealed class Attempt(KmipClient client, RequestMessage request, byte[] encoded, CancellationToken caller, CancellationToken deadline)
    {
        // Made only when a request goes to a second server: the common request reaches its first and allocates none.
        private ServerNode? _first;
        private List<ServerNode>? _tried;
        private List<KmipConnectionException>? _failures;
        private bool? _repeatable;

        public IReadOnlyCollection<ServerNode> Tried => _tried ?? (_first is null ? [] : [_first]);

        /// <summary>
        /// Sends the request to <paramref name="node"/>. Returns the answer, or null when the next server should be
        /// tried; throws when the request must not go further (unsafe after sending, timeout, cancellation).
        /// </summary>
        // Pooled: one request's attempts complete asynchronously, and a fresh box per attempt would be garbage per request.
        [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
        public async ValueTask<ResponseMessage?> TryAsync(ServerNode node)
        {
            if (_first is null)
            {
                _first = node;
            }
            else
            {
                _tried ??= [_first];
                if (_tried.Contains(node))
                {
                    return null;
                }

                _tried.Add(node);
            }

            KmipConnectionPool pool = node.Pool!;
            KmipConnection connection;
            try
            {
                connection = await pool.RentAsync(deadline).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!caller.IsCancellationRequested)
            {
                throw client.Timeout(request, node.Endpoint, "waiting for a connection", ex);
            }
            catch (KmipConnectionException ex)
            {
                node.MarkFailure(ex.Message);
                (_failures ??= []).Add(ex);
                return null;
            }
            catch (ObjectDisposedException) when (node.Source == KmipServerSource.DnsSrv)
            {
                // DNS stopped naming this server while the request was on its way to it.
                return null;
            }

            byte[] response;
            try
            {
                response = await connection.ExchangeAsync(encoded, client._maxResponseSize, deadline).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!caller.IsCancellationRequested)
            {
                throw client.Timeout(request, node.Endpoint, "waiting for the answer", ex);
            }
            catch (KmipConnectionException ex)
            {
                node.MarkFailure(ex.Message);
                (_failures ??= []).Add(ex);
                if (!ex.RequestSent || IsRepeatable())
                {
                    return null;
                }

                throw OutcomeUnknown(ex);
            }
            finally
            {
                pool.Return(connection);
            }

            node.MarkSuccess();
            Volatile.Write(ref client._lastServer, node.Endpoint);
            return client.Decode(response, node.Endpoint);
        }

        /// <summary>The failure once every server was tried.</summary>
        public KmipConnectionException NoServerAnswered()
        {
            if (_failures is not { } failures)
            {
                // Every server the request tried was retired by a DNS SRV refresh on the way; nothing was sent.
                return new KmipConnectionException(_first?.Endpoint ?? new KmipServerEndpoint("(none)", 0), requestSent: false,
                    $"no server answered {Operations(request)}: DNS SRV changed the servers during the request", null);
            }

            KmipConnectionException last = failures[^1];
            if (failures.Count == 1)
            {
                return last;
            }

            string each = string.Join("; ", failures.Select(f => f.Message));
            return new KmipConnectionException(last.Endpoint, failures.Any(f => f.RequestSent),
                $"no server answered {Operations(request)} ({failures.Count} tried): {each}", new AggregateException(failures));
        }

        private bool IsRepeatable() => client._retrySafeRequests && (_repeatable ??= RetrySafety.IsRepeatable(request));

        private KmipConnectionException OutcomeUnknown(KmipConnectionException failure)
        {
            string why = client._retrySafeRequests ? "it is not safe to repeat" : "RetrySafeRequests is off";
            return new KmipConnectionException(failure.Endpoint, requestSent: true,
                $"the outcome of {Operations(request)} is unknown: the request was sent but the session failed before the answer, "
                + $"so it may or may not have been applied; it was not sent again ({why}). Check (Locate, Get Attributes) before repeating it. "
                + $"The failure: {failure.Message}", failure);
        }
    }
}
