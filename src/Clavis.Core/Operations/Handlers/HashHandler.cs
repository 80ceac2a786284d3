using Clavis.Core.Crypto;
using Clavis.Crypto.Hashing;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Hash (KMIP 1.3 §4.38, 2.1 §6.1.23): the digest of Data with the Hashing Algorithm the Cryptographic
/// Parameters name, in one call or streamed. No key is involved.
/// </summary>
public sealed class HashHandler : OperationHandler<HashRequestPayload, HashResponsePayload>
{
    private readonly CryptoStreamRegistry _streams;

    /// <summary>Creates the handler.</summary>
    /// <param name="streams">Where streamed hashes wait between parts.</param>
    public HashHandler(CryptoStreamRegistry streams)
    {
        _streams = streams ?? throw new ArgumentNullException(nameof(streams));
    }

    /// <inheritdoc/>
    public override Operation Operation => Operation.Hash;

    /// <inheritdoc/>
    public override ProtocolVersion Since => ProtocolVersion.V1_3;

    /// <inheritdoc/>
    protected override ValueTask<HashResponsePayload> HandleAsync(HashRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ProtocolVersion version = context.Version;
        StreamPart part = StreamParts.Of(request.CorrelationValue, request.InitIndicator, request.FinalIndicator, Operation.Hash, version);
        if (request.Data is null && part == StreamPart.Whole)
        {
            throw CryptoFailure.InvalidField("Hash needs Data", version);
        }

        byte[] data = request.Data ?? [];
        context.Audit.DataSize = data.Length;
        if (part is StreamPart.Whole or StreamPart.First)
        {
            IncrementalDigest digest = IncrementalDigest.Create(HashSelection.Select(request.CryptographicParameters ?? new CryptographicParameters(), version));
            if (part == StreamPart.Whole)
            {
                using (digest)
                {
                    digest.Append(data);
                    return ValueTask.FromResult(new HashResponsePayload { Data = digest.Finish() });
                }
            }

            try
            {
                digest.Append(data);
                byte[] correlation = _streams.Start(context, Operation.Hash, objectId: null, digest);
                return ValueTask.FromResult(new HashResponsePayload { CorrelationValue = correlation });
            }
            catch
            {
                digest.Dispose();
                throw;
            }
        }

        CryptoStream stream = _streams.Take(context, Operation.Hash, request.CorrelationValue!);
        bool keep = false;
        try
        {
            var digest = (IncrementalDigest)stream.State;
            digest.Append(data);
            if (part == StreamPart.Middle)
            {
                _streams.Return(stream, context.Now);
                keep = true;
                return ValueTask.FromResult(new HashResponsePayload { CorrelationValue = request.CorrelationValue });
            }

            return ValueTask.FromResult(new HashResponsePayload { Data = digest.Finish() });
        }
        finally
        {
            if (!keep)
            {
                stream.Dispose();
            }
        }
    }
}
