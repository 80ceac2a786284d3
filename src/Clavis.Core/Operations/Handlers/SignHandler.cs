using Clavis.Core.Keys;
using Clavis.Crypto.Asymmetric;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Sign (KMIP 2.1 §6.1.51, 1.4 §4.31): signs the request's Data, or a Digested Data the client hashed itself,
/// with a private key the client may use for Sign — RSA (PKCS#1 v1.5, PSS), ECDSA (DER signature, RFC 3279) or
/// Ed25519 — under the request's Cryptographic Parameters or else the key's.
/// </summary>
public sealed class SignHandler : OperationHandler<SignRequestPayload, SignResponsePayload>
{
    private static readonly ObjectType[] s_signingKeys = [ObjectType.PrivateKey];

    /// <inheritdoc/>
    public override Operation Operation => Operation.Sign;

    /// <inheritdoc/>
    public override ProtocolVersion Since => ProtocolVersion.V1_2;

    /// <inheritdoc/>
    protected override async ValueTask<SignResponsePayload> HandleAsync(SignRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (request.CorrelationValue is not null || request.InitIndicator is not null || request.FinalIndicator is not null)
        {
            // KMIP 1.3 §4.31: streaming Sign is optional; Clavis signs whole messages only.
            throw new KmipException(ResultReason.FeatureNotSupported, "streaming Sign (Correlation Value, Init/Final Indicator) is not supported; send the whole Data in one request");
        }

        if ((request.Data is null) == (request.DigestedData is null))
        {
            // KMIP 2.1 §6.1.51: the request carries Data or Digested Data, one of them.
            KmipException.ThrowInvalidField("Sign needs either Data or Digested Data, not both and not neither");
        }

        byte[] input = request.Data ?? request.DigestedData!;
        // The audit record says how much data was signed (never the data itself).
        context.Audit.DataSize = input.Length;
        using UsableKey usable = await KeyUse.AcquireAsync(
            context, request.UniqueIdentifier, Operation.Sign, CryptographicUsageMask.Sign, KeyPurpose.Protect, s_signingKeys, input.Length, cancellationToken, readOnly: true).ConfigureAwait(false);
        AsymmetricPrivateKey key = context.Services.OpenedKeys.Rent(usable, Operation.Sign);
        byte[] signature;
        try
        {
            SignatureParameters parameters = SignatureParameterMapping.Resolve(
                request.CryptographicParameters, usable.Object.Attributes.GetFirst(Tag.CryptographicParameters), key.Type, key.Curve);
            signature = request.Data is not null
                ? Signatures.SignData(key, parameters, input)
                : Signatures.SignDigest(key, parameters, input);
        }
        catch (CryptographicParametersException ex)
        {
            throw AsymmetricKeyUse.BadParameters(ex, Operation.Sign, context.Version);
        }
        finally
        {
            context.Services.OpenedKeys.Return(usable, key);
        }

        return new SignResponsePayload { UniqueIdentifier = usable.Object.Id, SignatureData = signature };
    }
}
