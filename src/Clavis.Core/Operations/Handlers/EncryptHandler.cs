using Clavis.Core.Crypto;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Encrypt (KMIP 1.2 §4.29, 2.1 §6.1.18): encrypts Data with a key the client may use for Encrypt, in one call or
/// streamed (Init Indicator, Correlation Value, Final Indicator). A server-generated IV/counter/nonce comes back in
/// IV/Counter/Nonce, a GCM tag in Authenticated Encryption Tag.
/// </summary>
public sealed class EncryptHandler : OperationHandler<EncryptRequestPayload, EncryptResponsePayload>
{
    private readonly CryptoStreamRegistry _streams;

    /// <summary>Creates the handler.</summary>
    /// <param name="streams">Where streamed encryptions wait between parts.</param>
    public EncryptHandler(CryptoStreamRegistry streams)
    {
        _streams = streams ?? throw new ArgumentNullException(nameof(streams));
    }

    /// <inheritdoc/>
    public override Operation Operation => Operation.Encrypt;

    /// <inheritdoc/>
    public override ProtocolVersion Since => ProtocolVersion.V1_2;

    /// <inheritdoc/>
    protected override async ValueTask<EncryptResponsePayload> HandleAsync(EncryptRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        var cipherRequest = new CipherRequest(
            Operation.Encrypt, Encrypt: true, request.UniqueIdentifier, request.CryptographicParameters, request.Data, request.IVCounterNonce,
            request.CorrelationValue, request.InitIndicator, request.FinalIndicator, request.AuthenticatedEncryptionAdditionalData, Tag: null);
        CipherResult result = await CipherOperation.RunAsync(cipherRequest, context, _streams, cancellationToken).ConfigureAwait(false);
        return new EncryptResponsePayload
        {
            UniqueIdentifier = result.ObjectId,
            Data = result.Data,
            IVCounterNonce = result.Iv,
            CorrelationValue = result.Correlation,
            AuthenticatedEncryptionTag = result.Tag,
        };
    }
}
