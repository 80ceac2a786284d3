using System.Security.Cryptography;
using Clavis.Core.Keys;
using Clavis.Core.Operations;
using Clavis.Crypto.Mac;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Crypto;

/// <summary>A MAC or MAC Verify request, whichever payload it came in.</summary>
internal sealed record MacRequest(
    Operation Operation,
    bool Verify,
    string? UniqueIdentifier,
    CryptographicParameters? Parameters,
    byte[]? Data,
    byte[]? MacData,
    byte[]? Correlation,
    bool? Init,
    bool? Final);

/// <summary>What a MAC or MAC Verify request gives back: the MAC (MAC) or the verdict (MAC Verify) on the last part.</summary>
internal sealed record MacResult(string ObjectId, byte[]? Mac, ValidityIndicator? Validity, byte[]? Correlation);

/// <summary>
/// MAC and MAC Verify (KMIP 2.1 §6.1.29, §6.1.30), one call or streamed: the key passes <see cref="KeyUse"/> on
/// every part, the algorithm is chosen by <see cref="MacDispatch"/>, and a stream's MAC state waits in the
/// <see cref="CryptoStreamRegistry"/> between parts.
/// </summary>
internal static class MacOperation
{
    public static async ValueTask<MacResult> RunAsync(MacRequest request, OperationContext context, CryptoStreamRegistry streams, CancellationToken cancellationToken)
    {
        ProtocolVersion version = context.Version;
        StreamPart part = StreamParts.Of(request.Correlation, request.Init, request.Final, request.Operation, version);
        if (request.Data is null && part == StreamPart.Whole)
        {
            throw CryptoFailure.InvalidField($"{request.Operation} needs Data", version);
        }

        byte[] data = request.Data ?? [];
        if (part is StreamPart.Middle or StreamPart.Last)
        {
            return await ContinueAsync(request, part, data, context, streams, cancellationToken).ConfigureAwait(false);
        }

        using UsableKey key = await AcquireAsync(request, request.UniqueIdentifier, data.Length, continuesStream: false, context, cancellationToken).ConfigureAwait(false);
        CryptographicParameters parameters = CryptographicParametersSource.Resolve(request.Parameters, key.Object, version);
        MacAlgorithm algorithm = MacDispatch.Select(key, parameters, request.Operation, version);
        IncrementalMac mac = IncrementalMac.Create(algorithm, key.MaterialBytes);
        if (part == StreamPart.Whole)
        {
            using (mac)
            {
                mac.Append(data);
                return Finish(request, key.Object.Id, mac, version);
            }
        }

        try
        {
            mac.Append(data);
            byte[] correlation = streams.Start(context, request.Operation, key.Object.Id, mac);
            return new MacResult(key.Object.Id, null, request.Verify ? ValidityIndicator.Unknown : null, correlation);
        }
        catch
        {
            mac.Dispose();
            throw;
        }
    }

    private static async ValueTask<MacResult> ContinueAsync(MacRequest request, StreamPart part, byte[] data, OperationContext context, CryptoStreamRegistry streams, CancellationToken cancellationToken)
    {
        CryptoStream stream = streams.Take(context, request.Operation, request.Correlation!, request.UniqueIdentifier);
        bool keep = false;
        try
        {
            using UsableKey key = await AcquireAsync(request, stream.ObjectId, data.Length, continuesStream: true, context, cancellationToken).ConfigureAwait(false);
            var mac = (IncrementalMac)stream.State;
            mac.Append(data);
            if (part == StreamPart.Middle)
            {
                streams.Return(stream, context.Now);
                keep = true;
                return new MacResult(key.Object.Id, null, request.Verify ? ValidityIndicator.Unknown : null, request.Correlation);
            }

            return Finish(request, key.Object.Id, mac, context.Version);
        }
        finally
        {
            if (!keep)
            {
                stream.Dispose();
            }
        }
    }

    private static MacResult Finish(MacRequest request, string objectId, IncrementalMac mac, ProtocolVersion version)
    {
        byte[] computed = mac.Finish();
        if (!request.Verify)
        {
            return new MacResult(objectId, computed, null, null);
        }

        if (request.MacData is null)
        {
            throw CryptoFailure.InvalidField("MAC Verify needs the MAC Data to verify (in the last part of a stream)", version);
        }

        // Constant time, so the answer does not reveal how many leading bytes matched.
        bool valid = CryptographicOperations.FixedTimeEquals(computed, request.MacData);
        return new MacResult(objectId, null, valid ? ValidityIndicator.Valid : ValidityIndicator.Invalid, null);
    }

    private static ValueTask<UsableKey> AcquireAsync(MacRequest request, string? id, long length, bool continuesStream, OperationContext context, CancellationToken cancellationToken)
    {
        // The audit record says how much data this use processed (never the data itself).
        context.Audit.DataSize = length;
        return request.Verify
            ? KeyUse.AcquireAsync(context, id, Operation.MACVerify, CryptographicUsageMask.MACVerify, KeyPurpose.Process, MacDispatch.KeyTypes, length, cancellationToken, continuesStream, readOnly: true)
            : KeyUse.AcquireAsync(context, id, Operation.MAC, CryptographicUsageMask.MACGenerate, KeyPurpose.Protect, MacDispatch.KeyTypes, length, cancellationToken, continuesStream, readOnly: true);
    }
}
