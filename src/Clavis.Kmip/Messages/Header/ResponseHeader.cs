using Clavis.Kmip.Ttlv;
using Clavis.Kmip.Versioning;

namespace Clavis.Kmip.Messages;

/// <summary>The Response Header (KMIP 2.1 §8; 1.4 §7.2). The Batch Count is not stored: encoding derives it from the items and decoding checks it.</summary>
public sealed class ResponseHeader : IMessageHeader<ResponseHeader>
{
    /// <summary>The Protocol Version of the response (the request's, per KMIP 2.1 §8).</summary>
    public ProtocolVersion ProtocolVersion { get; set; }

    /// <summary>Time Stamp (required).</summary>
    public DateTimeOffset TimeStamp { get; set; }

    /// <summary>Nonce for attestation (KMIP 1.2 and later).</summary>
    public Nonce? Nonce { get; set; }

    /// <summary>Server Hashed Password (KMIP 2.0 and later).</summary>
    public byte[]? ServerHashedPassword { get; set; }

    /// <summary>Attestation Type values (KMIP 1.2 and later).</summary>
    public List<AttestationType> AttestationTypes { get; set; } = [];

    /// <summary>Client Correlation Value (KMIP 1.4 and later).</summary>
    public string? ClientCorrelationValue { get; set; }

    /// <summary>Server Correlation Value (KMIP 1.4 and later).</summary>
    public string? ServerCorrelationValue { get; set; }

    /// <summary>Items this model does not know, with their position, re-emitted on encode.</summary>
    public List<UnknownItem>? UnknownItems { get; set; }

    /// <summary>Decodes the header on whose start token the reader stands.</summary>
    /// <param name="reader">The reader, on the header's start token; left on its end token.</param>
    /// <param name="batchCount">The Batch Count the header declares.</param>
    /// <exception cref="KmipMessageFormatException">A required field is missing, repeated or mistyped.</exception>
    public static ResponseHeader Decode(ref TtlvReader reader, out int batchCount)
    {
        MessageDecoding.Expect(ref reader, TtlvType.Structure);
        var result = new ResponseHeader();
        bool hasVersion = false, hasTime = false;
        int? count = null;
        int position = 0;
        while (MessageDecoding.ReadChild(ref reader))
        {
            switch (reader.Tag)
            {
                case Tag.ProtocolVersion:
                    MessageDecoding.EnsureNotSeen(hasVersion, ref reader);
                    result.ProtocolVersion = ProtocolVersionCodec.Read(ref reader);
                    hasVersion = true;
                    break;
                case Tag.TimeStamp:
                    MessageDecoding.Expect(ref reader, TtlvType.DateTime);
                    MessageDecoding.EnsureNotSeen(hasTime, ref reader);
                    result.TimeStamp = reader.GetDateTime();
                    hasTime = true;
                    break;
                case Tag.Nonce:
                    MessageDecoding.Expect(ref reader, TtlvType.Structure);
                    MessageDecoding.EnsureAbsent(result.Nonce, ref reader);
                    result.Nonce = Nonce.Decode(ref reader, hasVersion ? result.ProtocolVersion : ProtocolVersion.V1_0);
                    break;
                case Tag.ServerHashedPassword:
                    MessageDecoding.Expect(ref reader, TtlvType.ByteString);
                    MessageDecoding.EnsureAbsent(result.ServerHashedPassword, ref reader);
                    result.ServerHashedPassword = reader.GetByteString();
                    break;
                case Tag.AttestationType:
                    MessageDecoding.Expect(ref reader, TtlvType.Enumeration);
                    result.AttestationTypes.Add((AttestationType)reader.GetEnumeration());
                    break;
                case Tag.ClientCorrelationValue:
                    MessageDecoding.Expect(ref reader, TtlvType.TextString);
                    MessageDecoding.EnsureAbsent(result.ClientCorrelationValue, ref reader);
                    result.ClientCorrelationValue = reader.GetTextString();
                    break;
                case Tag.ServerCorrelationValue:
                    MessageDecoding.Expect(ref reader, TtlvType.TextString);
                    MessageDecoding.EnsureAbsent(result.ServerCorrelationValue, ref reader);
                    result.ServerCorrelationValue = reader.GetTextString();
                    break;
                case Tag.BatchCount:
                    MessageDecoding.Expect(ref reader, TtlvType.Integer);
                    MessageDecoding.EnsureAbsent(count, ref reader);
                    count = reader.GetInteger();
                    break;
                default:
                    (result.UnknownItems ??= []).Add(new UnknownItem(position, TtlvNode.Read(ref reader)));
                    break;
            }

            position++;
        }

        // KMIP 2.1 §8: Protocol Version, Time Stamp and Batch Count are required in a response header.
        MessageDecoding.Require(hasVersion, Tag.ProtocolVersion, nameof(ResponseHeader));
        MessageDecoding.Require(hasTime, Tag.TimeStamp, nameof(ResponseHeader));
        MessageDecoding.Require(count is not null, Tag.BatchCount, nameof(ResponseHeader));
        batchCount = count.Value;
        return result;
    }

    /// <summary>Writes the header in the form of its <see cref="ProtocolVersion"/>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="batchCount">The number of batch items that follow.</param>
    public void Encode(TtlvWriter writer, int batchCount)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var version = ProtocolVersion;
        writer.WriteStartStructure(Tag.ResponseHeader);
        var unknown = new UnknownItemCursor(UnknownItems);
        unknown.WriteDue(writer);
        ProtocolVersionCodec.Write(writer, version);
        unknown.Advance(writer);
        writer.WriteDateTime(Tag.TimeStamp, TimeStamp);
        unknown.Advance(writer);
        if (VersionRules.IsAtLeast(version, 1, 2) && Nonce is not null)
        {
            Nonce.Encode(writer, Tag.Nonce, version);
            unknown.Advance(writer);
        }

        if (VersionRules.IsAtLeast(version, 2, 0) && ServerHashedPassword is not null)
        {
            writer.WriteByteString(Tag.ServerHashedPassword, ServerHashedPassword);
            unknown.Advance(writer);
        }

        if (VersionRules.IsAtLeast(version, 1, 2))
        {
            foreach (var type in AttestationTypes)
            {
                writer.WriteEnumeration(Tag.AttestationType, (uint)type);
                unknown.Advance(writer);
            }
        }

        if (VersionRules.IsAtLeast(version, 1, 4))
        {
            if (ClientCorrelationValue is not null)
            {
                writer.WriteTextString(Tag.ClientCorrelationValue, ClientCorrelationValue);
                unknown.Advance(writer);
            }

            if (ServerCorrelationValue is not null)
            {
                writer.WriteTextString(Tag.ServerCorrelationValue, ServerCorrelationValue);
                unknown.Advance(writer);
            }
        }

        writer.WriteInteger(Tag.BatchCount, batchCount);
        unknown.Advance(writer);
        unknown.WriteRest(writer);
        writer.WriteEndStructure();
    }
}
