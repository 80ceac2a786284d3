using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Messages;

/// <summary>
/// A response payload whose operation has no typed model (a vendor operation, or a batch item without an
/// Operation), kept as its item tree so that it re-encodes unchanged.
/// </summary>
public sealed class RawResponsePayload : ResponsePayload
{
    /// <summary>Wraps a payload structure.</summary>
    /// <param name="operation">The batch item's operation, or 0 when it had none.</param>
    /// <param name="payload">The Response Payload structure; not copied.</param>
    public RawResponsePayload(Operation operation, TtlvNode payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        Operation = operation;
        Payload = payload;
    }

    /// <inheritdoc/>
    public override Operation Operation { get; }

    /// <summary>The payload structure as received.</summary>
    public TtlvNode Payload { get; }

    /// <inheritdoc/>
    public override void Encode(TtlvWriter writer, Tag tag, ProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartStructure(tag);
        foreach (var child in Payload.Children)
        {
            child.WriteTo(writer);
        }

        writer.WriteEndStructure();
    }
}
