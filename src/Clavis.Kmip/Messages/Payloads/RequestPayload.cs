using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Messages;

/// <summary>The request payload of one batch item; one sealed subclass per operation (<c>GetRequestPayload</c>, ...).</summary>
public abstract class RequestPayload
{
    /// <summary>The operation this payload belongs to.</summary>
    public abstract Operation Operation { get; }

    /// <summary>Writes the payload under <paramref name="tag"/> in the form of <paramref name="version"/>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="tag">The tag to write, normally <see cref="Tag.RequestPayload"/>.</param>
    /// <param name="version">The protocol version whose form to write; fields it lacks are left out.</param>
    public abstract void Encode(TtlvWriter writer, Tag tag, ProtocolVersion version);
}
