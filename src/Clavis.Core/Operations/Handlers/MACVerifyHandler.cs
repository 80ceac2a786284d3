using Clavis.Core.Crypto;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// MAC Verify (KMIP 1.2 §4.34, 2.1 §6.1.30): recomputes the MAC of Data with a key whose usage mask allows MAC
/// Verify and answers Valid or Invalid (compared in constant time), in one call or streamed.
/// </summary>
public sealed class MACVerifyHandler : OperationHandler<MACVerifyRequestPayload, MACVerifyResponsePayload>
{
    private readonly CryptoStreamRegistry _streams;

    /// <summary>Creates the handler.</summary>
    /// <param name="streams">Where streamed verifications wait between parts.</param>
    public MACVerifyHandler(CryptoStreamRegistry streams)
    {
        _streams = streams ?? throw new ArgumentNullException(nameof(streams));
    }

    /// <inheritdoc/>
    public override Operation Operation => Operation.MACVerify;

    /// <inheritdoc/>
    public override ProtocolVersion Since => ProtocolVersion.V1_2;

    /// <inheritdoc/>
    protected override async ValueTask<MACVerifyResponsePayload> HandleAsync(MACVerifyRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        var macRequest = new MacRequest(
            Operation.MACVerify, Verify: true, request.UniqueIdentifier, request.CryptographicParameters, request.Data, request.MACData,
            request.CorrelationValue, request.InitIndicator, request.FinalIndicator);
        MacResult result = await MacOperation.RunAsync(macRequest, context, _streams, cancellationToken).ConfigureAwait(false);
        return new MACVerifyResponsePayload
        {
            UniqueIdentifier = result.ObjectId,

            // A middle part has no verdict yet: KMIP's Unknown.
            ValidityIndicator = result.Validity ?? ValidityIndicator.Unknown,
            CorrelationValue = result.Correlation,
        };
    }
}
