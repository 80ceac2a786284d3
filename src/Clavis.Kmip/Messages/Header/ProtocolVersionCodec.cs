using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Messages;

/// <summary>Reads and writes the Protocol Version structure straight into <see cref="ProtocolVersion"/>.</summary>
internal static class ProtocolVersionCodec
{
    public static ProtocolVersion Read(ref TtlvReader reader)
    {
        MessageDecoding.Expect(ref reader, TtlvType.Structure);
        int? major = null, minor = null;
        while (MessageDecoding.ReadChild(ref reader))
        {
            switch (reader.Tag)
            {
                case Tag.ProtocolVersionMajor:
                    MessageDecoding.Expect(ref reader, TtlvType.Integer);
                    MessageDecoding.EnsureAbsent(major, ref reader);
                    major = reader.GetInteger();
                    break;
                case Tag.ProtocolVersionMinor:
                    MessageDecoding.Expect(ref reader, TtlvType.Integer);
                    MessageDecoding.EnsureAbsent(minor, ref reader);
                    minor = reader.GetInteger();
                    break;
                default:
                    throw new KmipMessageFormatException(ResultReason.InvalidField, $"{reader.Tag} is not part of a Protocol Version", reader.Tag);
            }
        }

        // KMIP 2.1 §7.1: Protocol Version Major and Minor are both required.
        MessageDecoding.Require(major is not null, Tag.ProtocolVersionMajor, "ProtocolVersion");
        MessageDecoding.Require(minor is not null, Tag.ProtocolVersionMinor, "ProtocolVersion");
        return new ProtocolVersion(major.Value, minor.Value);
    }

    public static void Write(TtlvWriter writer, ProtocolVersion version)
    {
        writer.WriteStartStructure(Tag.ProtocolVersion);
        writer.WriteInteger(Tag.ProtocolVersionMajor, version.Major);
        writer.WriteInteger(Tag.ProtocolVersionMinor, version.Minor);
        writer.WriteEndStructure();
    }
}
