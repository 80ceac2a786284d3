using System.Security.Cryptography;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// RNG Seed (KMIP 1.3 §4.36, 2.1 §6.1.42): accepts seed data and reports its length. The server's random numbers
/// come from the operating system's DRBG, which a process cannot seed; KMIP lets the server ignore the seed,
/// so the data is zeroed and discarded (docs/crypto.md says so).
/// </summary>
public sealed class RNGSeedHandler : OperationHandler<RNGSeedRequestPayload, RNGSeedResponsePayload>
{
    /// <summary>The most seed bytes one request may carry.</summary>
    public const int MaximumLength = 64 * 1024;

    /// <inheritdoc/>
    public override Operation Operation => Operation.RNGSeed;

    /// <inheritdoc/>
    public override ProtocolVersion Since => ProtocolVersion.V1_3;

    /// <inheritdoc/>
    protected override ValueTask<RNGSeedResponsePayload> HandleAsync(RNGSeedRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        byte[] seed = request.Data ?? [];
        if (seed.Length is < 1 or > MaximumLength)
        {
            throw new KmipException(ResultReason.InvalidField, $"RNG Seed Data is {seed.Length} bytes; 1 to {MaximumLength} are accepted");
        }

        int accepted = seed.Length;

        // The seed may be secret to the client; it is not kept.
        CryptographicOperations.ZeroMemory(seed);
        return ValueTask.FromResult(new RNGSeedResponsePayload { DataLength = accepted });
    }
}
