using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Discover Versions (KMIP 1.1 and later): the versions both sides support, the server's order of
/// preference, or every supported version when the client lists none.
/// </summary>
public sealed class DiscoverVersionsHandler : OperationHandler<DiscoverVersionsRequestPayload, DiscoverVersionsResponsePayload>
{
    /// <inheritdoc/>
    public override Operation Operation => Operation.DiscoverVersions;

    /// <inheritdoc/>
    public override ProtocolVersion Since => ProtocolVersion.V1_1;

    /// <inheritdoc/>
    protected override ValueTask<DiscoverVersionsResponsePayload> HandleAsync(DiscoverVersionsRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        IReadOnlyList<ProtocolVersion> supported = context.Services.Options.SupportedVersions;
        var offered = request.ProtocolVersion.Select(v => new ProtocolVersion(v.ProtocolVersionMajor, v.ProtocolVersionMinor)).ToHashSet();
        // KMIP 1.4 §4.26: an empty list asks for every supported version; otherwise the intersection, in the server's preference order.
        IEnumerable<ProtocolVersion> answer = offered.Count == 0 ? supported : supported.Where(offered.Contains);
        var response = new DiscoverVersionsResponsePayload();
        response.ProtocolVersion.AddRange(answer.Select(v => new ProtocolVersionItem { ProtocolVersionMajor = v.Major, ProtocolVersionMinor = v.Minor }));
        return ValueTask.FromResult(response);
    }
}
