using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client;

/// <summary>
/// Which requests the client may send again (to the same or another server) after a session failed once the
/// request was sent, when it cannot know whether the server acted on it. docs/sdk.md, "Failover and retries",
/// has the same table.
/// </summary>
internal static class RetrySafety
{
    /// <summary>True when every batch item may be repeated without changing the outcome.</summary>
    public static bool IsRepeatable(RequestMessage request)
    {
        foreach (RequestBatchItem item in request.BatchItems)
        {
            if (!IsRepeatable(item.Payload))
            {
                return false;
            }
        }

        return request.BatchItems.Count > 0;
    }

    /// <summary>True when the operation only reads, or a repeat yields an equally valid answer.</summary>
    public static bool IsRepeatable(RequestPayload payload) => payload switch
    {
        // A streamed (Init / Final / Correlation Value) cryptographic operation carries server-side state: a
        // repeat on another server, or twice on one, would feed the stream twice or not at all.
        EncryptRequestPayload p => !IsStreamed(p.CorrelationValue, p.InitIndicator, p.FinalIndicator),
        DecryptRequestPayload p => !IsStreamed(p.CorrelationValue, p.InitIndicator, p.FinalIndicator),
        SignRequestPayload p => !IsStreamed(p.CorrelationValue, p.InitIndicator, p.FinalIndicator),
        SignatureVerifyRequestPayload p => !IsStreamed(p.CorrelationValue, p.InitIndicator, p.FinalIndicator),
        MACRequestPayload p => !IsStreamed(p.CorrelationValue, p.InitIndicator, p.FinalIndicator),
        MACVerifyRequestPayload p => !IsStreamed(p.CorrelationValue, p.InitIndicator, p.FinalIndicator),
        HashRequestPayload p => !IsStreamed(p.CorrelationValue, p.InitIndicator, p.FinalIndicator),
        _ => IsRepeatable(payload.Operation),
    };

    /// <summary>The operation's classification, for a non-streamed request.</summary>
    public static bool IsRepeatable(Operation operation) => operation switch
    {
        // Read-only: a repeat reads again.
        Operation.Get or Operation.GetAttributes or Operation.GetAttributeList or Operation.Locate or Operation.Check
            or Operation.Query or Operation.DiscoverVersions or Operation.Validate or Operation.Export
            or Operation.GetConstraints or Operation.QueryAsynchronousRequests or Operation.Ping => true,

        // Pure functions of the key and the input, or fresh randomness: a repeat is another valid answer
        // (a server-made IV gives a new, equally valid ciphertext).
        Operation.Encrypt or Operation.Decrypt or Operation.Sign or Operation.SignatureVerify or Operation.MAC
            or Operation.MACVerify or Operation.Hash or Operation.RNGRetrieve => true,

        // Everything else changes state (Create, Register, Destroy, attributes, RNG Seed, leases, usage
        // allocations...) or is bound to the server that holds it (Poll, Cancel): not repeated after sending.
        _ => false,
    };

    private static bool IsStreamed(byte[]? correlationValue, bool? init, bool? final) =>
        correlationValue is not null || init == true || final == true;
}
