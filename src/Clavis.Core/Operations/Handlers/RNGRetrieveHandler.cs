using System.Security.Cryptography;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// RNG Retrieve (KMIP 1.3 §4.35, 2.1 §6.1.41): Data Length bytes from the operating system's CSPRNG (the BCL's
/// <see cref="RandomNumberGenerator"/>), at most <see cref="MaximumLength"/> per request.
/// </summary>
public sealed class RNGRetrieveHandler : OperationHandler<RNGRetrieveRequestPayload, RNGRetrieveResponsePayload>
{
    /// <summary>The most bytes one request may retrieve: random data is cheap for a client to ask again for, and the bound keeps a response small.</summary>
    public const int MaximumLength = 64 * 1024;

    /// <inheritdoc/>
    public override Operation Operation => Operation.RNGRetrieve;

    /// <inheritdoc/>
    public override ProtocolVersion Since => ProtocolVersion.V1_3;

    /// <inheritdoc/>
    protected override ValueTask<RNGRetrieveResponsePayload> HandleAsync(RNGRetrieveRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        if (request.DataLength is < 1 or > MaximumLength)
        {
            throw new KmipException(
                ResultReason.InvalidField,
                $"RNG Retrieve Data Length {request.DataLength} is outside 1 to {MaximumLength} bytes; ask for larger amounts in several requests");
        }

        return ValueTask.FromResult(new RNGRetrieveResponsePayload { Data = RandomNumberGenerator.GetBytes(request.DataLength) });
    }
}
