using Clavis.Core.Keys;
using Clavis.Crypto.Asymmetric;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Signature Verify (KMIP 2.1 §6.1.52, 1.4 §4.32): checks a signature of the request's Data or Digested Data
/// with a public key the client may use for Verify, and answers with the Validity Indicator — Valid or Invalid.
/// A malformed signature is Invalid, not an error.
/// </summary>
public sealed class SignatureVerifyHandler : OperationHandler<SignatureVerifyRequestPayload, SignatureVerifyResponsePayload>
{
    private static readonly ObjectType[] s_verifyingKeys = [ObjectType.PublicKey];

    /// <inheritdoc/>
    public override Operation Operation => Operation.SignatureVerify;

    /// <inheritdoc/>
    public override ProtocolVersion Since => ProtocolVersion.V1_2;

    /// <inheritdoc/>
    protected override async ValueTask<SignatureVerifyResponsePayload> HandleAsync(SignatureVerifyRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (request.CorrelationValue is not null || request.InitIndicator is not null || request.FinalIndicator is not null)
        {
            throw new KmipException(ResultReason.FeatureNotSupported, "streaming Signature Verify (Correlation Value, Init/Final Indicator) is not supported; send the whole Data in one request");
        }

        if ((request.Data is null) == (request.DigestedData is null))
        {
            KmipException.ThrowInvalidField("Signature Verify needs either Data or Digested Data, not both and not neither");
        }

        byte[] signature = request.SignatureData ?? throw new KmipException(ResultReason.InvalidField, "Signature Verify needs the Signature Data to verify");
        byte[] input = request.Data ?? request.DigestedData!;
        // The audit record says how much data was verified (never the data itself).
        context.Audit.DataSize = input.Length;
        using UsableKey usable = await KeyUse.AcquireAsync(
            context, request.UniqueIdentifier, Operation.SignatureVerify, CryptographicUsageMask.Verify, KeyPurpose.Process, s_verifyingKeys, input.Length, cancellationToken, readOnly: true).ConfigureAwait(false);
        AsymmetricPublicKey key = AsymmetricKeyUse.OpenPublic(usable, Operation.SignatureVerify);
        SignatureParameters parameters = SignatureParameterMapping.Resolve(
            request.CryptographicParameters, usable.Object.Attributes.GetFirst(Tag.CryptographicParameters), key.Type, key.Curve);
        bool valid;
        try
        {
            valid = request.Data is not null
                ? Signatures.VerifyData(key, parameters, input, signature)
                : Signatures.VerifyDigest(key, parameters, input, signature);
        }
        catch (CryptographicParametersException ex)
        {
            throw AsymmetricKeyUse.BadParameters(ex, Operation.SignatureVerify, context.Version);
        }

        return new SignatureVerifyResponsePayload
        {
            UniqueIdentifier = usable.Object.Id,
            ValidityIndicator = valid ? ValidityIndicator.Valid : ValidityIndicator.Invalid,
        };
    }
}
