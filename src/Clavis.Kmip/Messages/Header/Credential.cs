using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Messages;

/// <summary>A Credential (KMIP 2.1 §2.1.2): its type and the value that type defines.</summary>
public sealed class Credential
{
    /// <summary>The Credential Type.</summary>
    public CredentialType CredentialType { get; set; }

    /// <summary>The Credential Value: <see cref="UsernameAndPasswordCredential"/>, <see cref="DeviceCredential"/>,
    /// <see cref="AttestationCredential"/>, <see cref="OneTimePasswordCredential"/>, <see cref="HashedPasswordCredential"/>,
    /// <see cref="TicketCredential"/>, or <see cref="UnknownCredentialValue"/> for other types.</summary>
    public CredentialValue? CredentialValue { get; set; }

    /// <summary>Decodes the Credential on whose start token the reader stands.</summary>
    /// <exception cref="KmipMessageFormatException">A field is missing, repeated or mistyped, or the value precedes the type.</exception>
    public static Credential Decode(ref TtlvReader reader, ProtocolVersion version)
    {
        var result = new Credential();
        bool hasType = false;
        while (MessageDecoding.ReadChild(ref reader))
        {
            switch (reader.Tag)
            {
                case Tag.CredentialType:
                    MessageDecoding.Expect(ref reader, TtlvType.Enumeration);
                    MessageDecoding.EnsureNotSeen(hasType, ref reader);
                    result.CredentialType = (CredentialType)reader.GetEnumeration();
                    hasType = true;
                    break;
                case Tag.CredentialValue:
                    // KMIP 2.1 §2.1.2: the value's structure depends on the Credential Type, which comes first.
                    MessageDecoding.Require(hasType, Tag.CredentialType, nameof(Credential));
                    MessageDecoding.EnsureAbsent(result.CredentialValue, ref reader);
                    result.CredentialValue = DecodeValue(ref reader, result.CredentialType, version);
                    break;
                default:
                    throw new KmipMessageFormatException(ResultReason.InvalidField, $"{reader.Tag} is not part of a Credential", reader.Tag);
            }
        }

        MessageDecoding.Require(hasType, Tag.CredentialType, nameof(Credential));
        MessageDecoding.Require(result.CredentialValue is not null, Tag.CredentialValue, nameof(Credential));
        return result;
    }

    private static CredentialValue DecodeValue(ref TtlvReader reader, CredentialType type, ProtocolVersion version)
    {
        if (reader.Type != TtlvType.Structure)
        {
            return new UnknownCredentialValue(TtlvNode.Read(ref reader));
        }

        return type switch
        {
            CredentialType.UsernameAndPassword => UsernameAndPasswordCredential.Decode(ref reader, version),
            CredentialType.Device => DeviceCredential.Decode(ref reader, version),
            CredentialType.Attestation => AttestationCredential.Decode(ref reader, version),
            CredentialType.OneTimePassword => OneTimePasswordCredential.Decode(ref reader, version),
            CredentialType.HashedPassword => HashedPasswordCredential.Decode(ref reader, version),
            CredentialType.Ticket => TicketCredential.Decode(ref reader, version),
            _ => new UnknownCredentialValue(TtlvNode.Read(ref reader)),
        };
    }

    /// <summary>Writes the Credential.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="version">The protocol version whose form to write.</param>
    /// <exception cref="InvalidOperationException"><see cref="CredentialValue"/> is not set.</exception>
    public void Encode(TtlvWriter writer, ProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var value = CredentialValue ?? throw new InvalidOperationException("a Credential needs a Credential Value");
        writer.WriteStartStructure(Tag.Credential);
        writer.WriteEnumeration(Tag.CredentialType, (uint)CredentialType);
        value.Encode(writer, Tag.CredentialValue, version);
        writer.WriteEndStructure();
    }
}
