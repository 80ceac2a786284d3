using System.Collections.Concurrent;
using Clavis.Kmip.Messages;

namespace Clavis.Client;

/// <content>
/// Requests that continue state one server holds: Poll and Cancel of an asynchronous operation, and the later parts of
/// a streamed Encrypt, Decrypt, Sign, Signature Verify, MAC, MAC Verify or Hash. Another server of the list would not
/// know the correlation value, so these go to the server that issued it, and nowhere else.
/// </content>
public sealed partial class KmipClient
{
    // Correlation values the servers issued, by value, with the server that holds their state. Bounded: when full it
    // starts over, and a forgotten value's next request then goes where any request goes (the old behaviour).
    private const int PinnedCorrelationsLimit = 4096;
    private readonly ConcurrentDictionary<string, KmipServerEndpoint> _pinnedCorrelations = new(StringComparer.Ordinal);

    /// <summary>How many correlation values the client holds a server for (operations and streams still open).</summary>
    internal int PinnedCorrelationCount => _pinnedCorrelations.Count;

    /// <summary>The server that holds the state <paramref name="request"/> continues, or null when it may go to any.</summary>
    private KmipServerEndpoint? PinnedServer(RequestMessage request)
    {
        // No IsEmpty check first: on an empty ConcurrentDictionary it takes every lock, and most payloads carry no
        // correlation value, so the loop below looks nothing up for them.
        foreach (RequestBatchItem item in request.BatchItems)
        {
            if (CorrelationOf(item.Payload) is { } value && _pinnedCorrelations.TryGetValue(Convert.ToHexString(value), out KmipServerEndpoint? server))
            {
                return server;
            }
        }

        return null;
    }

    /// <summary>Remembers the correlation values <paramref name="server"/> issued in <paramref name="response"/>, and forgets those it finished.</summary>
    private void TrackCorrelations(RequestMessage request, ResponseMessage response, KmipServerEndpoint server)
    {
        for (int i = 0; i < response.BatchItems.Count; i++)
        {
            ResponseBatchItem answer = response.BatchItems[i];
            RequestBatchItem? asked = i < request.BatchItems.Count ? request.BatchItems[i] : null;
            if (asked is not null && Finishes(asked.Payload, answer) && CorrelationOf(asked.Payload) is { } finished)
            {
                _pinnedCorrelations.TryRemove(Convert.ToHexString(finished), out _);
            }

            byte[]? issued = answer.ResultStatus == Kmip.ResultStatus.OperationPending
                ? answer.AsynchronousCorrelationValue
                : CorrelationOf(answer.Payload);
            if (issued is { Length: > 0 } && !(asked is not null && EndsStream(asked.Payload)))
            {
                if (_pinnedCorrelations.Count >= PinnedCorrelationsLimit)
                {
                    _pinnedCorrelations.Clear();
                }

                _pinnedCorrelations[Convert.ToHexString(issued)] = server;
            }
        }
    }

    // Poll that is no longer pending, Cancel, and a stream's final part (or any failure) end what the value named.
    private static bool Finishes(RequestPayload? asked, ResponseBatchItem answer) => asked switch
    {
        PollRequestPayload => answer.ResultStatus != Kmip.ResultStatus.OperationPending,
        CancelRequestPayload => true,
        _ => EndsStream(asked) || answer.ResultStatus == Kmip.ResultStatus.OperationFailed,
    };

    private static bool EndsStream(RequestPayload? asked) => asked switch
    {
        EncryptRequestPayload p => p.FinalIndicator == true,
        DecryptRequestPayload p => p.FinalIndicator == true,
        SignRequestPayload p => p.FinalIndicator == true,
        SignatureVerifyRequestPayload p => p.FinalIndicator == true,
        MACRequestPayload p => p.FinalIndicator == true,
        MACVerifyRequestPayload p => p.FinalIndicator == true,
        HashRequestPayload p => p.FinalIndicator == true,
        _ => false,
    };

    private static byte[]? CorrelationOf(RequestPayload? payload) => payload switch
    {
        PollRequestPayload p => p.AsynchronousCorrelationValue,
        CancelRequestPayload p => p.AsynchronousCorrelationValue,
        EncryptRequestPayload p => p.CorrelationValue,
        DecryptRequestPayload p => p.CorrelationValue,
        SignRequestPayload p => p.CorrelationValue,
        SignatureVerifyRequestPayload p => p.CorrelationValue,
        MACRequestPayload p => p.CorrelationValue,
        MACVerifyRequestPayload p => p.CorrelationValue,
        HashRequestPayload p => p.CorrelationValue,
        _ => null,
    };

    private static byte[]? CorrelationOf(ResponsePayload? payload) => payload switch
    {
        EncryptResponsePayload p => p.CorrelationValue,
        DecryptResponsePayload p => p.CorrelationValue,
        SignResponsePayload p => p.CorrelationValue,
        SignatureVerifyResponsePayload p => p.CorrelationValue,
        MACResponsePayload p => p.CorrelationValue,
        MACVerifyResponsePayload p => p.CorrelationValue,
        HashResponsePayload p => p.CorrelationValue,
        _ => null,
    };
}
