using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Messages;

/// <summary>The Credential Value of a <see cref="Credential"/>; its type follows the Credential Type (KMIP 2.1 §2.1.2).</summary>
public abstract class CredentialValue
{
    /// <summary>Writes the value under <paramref name="tag"/> in the form of <paramref name="version"/>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="tag">The tag, normally <see cref="Tag.CredentialValue"/>.</param>
    /// <param name="version">The protocol version whose form to write.</param>
    public abstract void Encode(TtlvWriter writer, Tag tag, ProtocolVersion version);
}
