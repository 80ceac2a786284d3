using Clavis.Core.Crypto;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Decrypt (KMIP 1.2 §4.30, 2.1 §6.1.16): decrypts Data with a key the client may use for Decrypt (also while
/// Deactivated or Compromised), in one call or streamed. For GCM the Authenticated Encryption Tag is verified and
/// the operation fails with Cryptographic Failure when it does not match; no plaintext is returned then.
/// </summary>
public sealed class DecryptHandler : OperationHandler<DecryptRequestPayload, DecryptResponsePayload>
{
    private readonly CryptoStreamRegistry _streams;

    /// <summary>Creates the handler.</summary>
    /// <param name="streams">Where streamed decryptions wait between parts.</param>
    public DecryptHandler(CryptoStreamRegistry streams)
    {
        _streams = streams ?? throw new ArgumentNullException(nameof(streams));
    }

    /// <inheritdoc/>
    public override Operation Operation => Operation.Decrypt;

    /// <inheritdoc/>
    public override ProtocolVersion Since => ProtocolVersion.V1_2;

    /// <inheritdoc/>
    protected override async ValueTask<DecryptResponsePayload> HandleAsync(DecryptRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        var cipherRequest = new CipherRequest(
            Operation.Decrypt, Encrypt: false, request.UniqueIdentifier, request.CryptographicParameters, request.Data, request.IVCounterNonce,
            request.CorrelationValue, request.InitIndicator, request.FinalIndicator, request.AuthenticatedEncryptionAdditionalData, request.AuthenticatedEncryptionTag);
        CipherResult result = await CipherOperation.RunAsync(cipherRequest, context, _streams, cancellationToken).ConfigureAwait(false);
        return new DecryptResponsePayload
        {
            UniqueIdentifier = result.ObjectId,
            Data = result.Data,
            CorrelationValue = result.Correlation,
        };
    }
}
