using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client;

// Asking the server about itself.
public sealed partial class KmipClient
{
    /// <summary>Asks what the server supports (Query).</summary>
    /// <param name="functions">What to ask; null for operations, object types and server information.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The Query response.</returns>
    /// <exception cref="KmipOperationException">The server refused.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public Task<QueryResponsePayload> QueryAsync(IEnumerable<QueryFunction>? functions = null, CancellationToken cancellationToken = default)
    {
        List<QueryFunction> asked = [.. functions ?? [QueryFunction.QueryOperations, QueryFunction.QueryObjects, QueryFunction.QueryServerInformation]];
        return ExecuteAsync<QueryResponsePayload>(new QueryRequestPayload { QueryFunction = asked }, cancellationToken);
    }

    /// <summary>Asks which KMIP versions the server supports (Discover Versions), in the negotiated version.</summary>
    /// <param name="versions">Versions to ask about (the server answers with those it supports), or null to ask for all it supports.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The supported versions, in the server's order of preference.</returns>
    /// <exception cref="KmipOperationException">The server refused.</exception>
    /// <exception cref="KmipConnectionException">The server could not be reached or the session failed.</exception>
    /// <exception cref="TimeoutException">No answer within the request timeout.</exception>
    public async Task<IReadOnlyList<ProtocolVersion>> DiscoverVersionsAsync(IEnumerable<ProtocolVersion>? versions = null, CancellationToken cancellationToken = default)
    {
        ProtocolVersion version = await GetProtocolVersionAsync(cancellationToken).ConfigureAwait(false);
        return await DiscoverVersionsCoreAsync(version, [.. versions ?? []], cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<ProtocolVersion>> DiscoverVersionsCoreAsync(ProtocolVersion headerVersion, IReadOnlyList<ProtocolVersion> asked, CancellationToken cancellationToken)
    {
        var payload = new DiscoverVersionsRequestPayload
        {
            ProtocolVersion = [.. asked.Select(v => new ProtocolVersionItem { ProtocolVersionMajor = v.Major, ProtocolVersionMinor = v.Minor })],
        };
        var request = new RequestMessage(new RequestHeader { ProtocolVersion = headerVersion, Authentication = Authentication }) { BatchItems = { new RequestBatchItem(payload) } };
        ResponseMessage response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        ResponseBatchItem item = SingleItem(response, Operation.DiscoverVersions);
        ThrowIfFailed(item, Operation.DiscoverVersions);
        var answer = ExpectPayload<DiscoverVersionsResponsePayload>(item, Operation.DiscoverVersions);
        return [.. answer.ProtocolVersion.Select(v => new ProtocolVersion(v.ProtocolVersionMajor, v.ProtocolVersionMinor))];
    }
}
