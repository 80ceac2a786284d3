using Clavis.Core.Crypto;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// MAC (KMIP 1.2 §4.33, 2.1 §6.1.29): HMAC or AES-CMAC of Data with a key whose usage mask allows MAC Generate,
/// in one call or streamed.
/// </summary>
public sealed class MACHandler : OperationHandler<MACRequestPayload, MACResponsePayload>
{
    private readonly CryptoStreamRegistry _streams;

    /// <summary>Creates the handler.</summary>
    /// <param name="streams">Where streamed MACs wait between parts.</param>
    public MACHandler(CryptoStreamRegistry streams)
    {
        _streams = streams ?? throw new ArgumentNullException(nameof(streams));
    }

    /// <inheritdoc/>
    public override Operation Operation => Operation.MAC;

    /// <inheritdoc/>
    public override ProtocolVersion Since => ProtocolVersion.V1_2;

    /// <inheritdoc/>
    protected override async ValueTask<MACResponsePayload> HandleAsync(MACRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        var macRequest = new MacRequest(
            Operation.MAC, Verify: false, request.UniqueIdentifier, request.CryptographicParameters, request.Data, MacData: null,
            request.CorrelationValue, request.InitIndicator, request.FinalIndicator);
        MacResult result = await MacOperation.RunAsync(macRequest, context, _streams, cancellationToken).ConfigureAwait(false);
        return new MACResponsePayload { UniqueIdentifier = result.ObjectId, MACData = result.Mac, CorrelationValue = result.Correlation };
    }
}
