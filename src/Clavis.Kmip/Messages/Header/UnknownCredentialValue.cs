using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Messages;

/// <summary>The value of a credential whose type has no typed model (a vendor credential type), kept losslessly.</summary>
public sealed class UnknownCredentialValue : CredentialValue
{
    /// <summary>Wraps the value item.</summary>
    /// <param name="value">The Credential Value item as received; not copied.</param>
    public UnknownCredentialValue(TtlvNode value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    /// <summary>The Credential Value item.</summary>
    public TtlvNode Value { get; }

    /// <inheritdoc/>
    public override void Encode(TtlvWriter writer, Tag tag, ProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        KmipAttributeCodec.WriteAs(writer, Value, tag);
    }
}
