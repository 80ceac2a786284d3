using System.Buffers;
using Clavis.Kmip.Ttlv;

namespace Clavis.Server.Listener;

/// <summary>What a session hands each whole request message to: the dispatcher, or the echo responder in benchmarks.</summary>
public interface IKmipMessageProcessor
{
    /// <summary>Answers one request message, writing the whole response message to <paramref name="response"/>.</summary>
    /// <param name="request">The request's bytes (one TTLV message), valid until the call completes or <paramref name="executed"/> is called.</param>
    /// <param name="response">Where the response goes.</param>
    /// <param name="session">The session the request came on.</param>
    /// <param name="executed">
    /// Called at most once, when the message's changes are committed and its answer only waits for its audit records
    /// to be durable: the session may then start on its next message. The processor must not read
    /// <paramref name="request"/> after calling it.
    /// </param>
    /// <param name="cancellationToken">Cancelled when the server stops without waiting.</param>
    ValueTask ProcessAsync(ReadOnlyMemory<byte> request, IBufferWriter<byte> response, KmipSession session, Action executed, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the response to a message whose framing was refused (garbage, truncated, oversize),
    /// so the client learns why before the session closes.
    /// </summary>
    void WriteFramingError(TtlvFormatException error, IBufferWriter<byte> response, KmipSession session);
}
