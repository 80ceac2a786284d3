using Clavis.Kmip.Ttlv;
using Clavis.Kmip.Versioning;

namespace Clavis.Kmip.Messages;

/// <summary>Authentication in a request header (KMIP 2.1 §8): one credential in 1.x, one or more in 2.x.</summary>
public sealed class Authentication
{
    /// <summary>The credentials, in the order received.</summary>
    public List<Credential> Credentials { get; set; } = [];

    /// <summary>Decodes the Authentication structure on whose start token the reader stands.</summary>
    /// <exception cref="KmipMessageFormatException">It holds no credential or an unexpected item.</exception>
    public static Authentication Decode(ref TtlvReader reader, ProtocolVersion version)
    {
        var result = new Authentication();
        while (MessageDecoding.ReadChild(ref reader))
        {
            if (reader.Tag != Tag.Credential)
            {
                throw new KmipMessageFormatException(ResultReason.InvalidField, $"{reader.Tag} is not part of Authentication", reader.Tag);
            }

            MessageDecoding.Expect(ref reader, TtlvType.Structure);
            result.Credentials.Add(Credential.Decode(ref reader, version));
        }

        MessageDecoding.Require(result.Credentials.Count > 0, Tag.Credential, nameof(Authentication));
        return result;
    }

    /// <summary>Writes the structure; a 1.x form carries only the first credential.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="version">The protocol version whose form to write.</param>
    public void Encode(TtlvWriter writer, ProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartStructure(Tag.Authentication);
        // KMIP 1.4 §6.6: Authentication holds exactly one Credential; 2.0 allows several.
        int count = VersionRules.IsAtLeast(version, 2, 0) ? Credentials.Count : Math.Min(1, Credentials.Count);
        for (int i = 0; i < count; i++)
        {
            Credentials[i].Encode(writer, version);
        }

        writer.WriteEndStructure();
    }
}
