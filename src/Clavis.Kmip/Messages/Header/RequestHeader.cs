using Clavis.Kmip.Ttlv;
using Clavis.Kmip.Versioning;

namespace Clavis.Kmip.Messages;

/// <summary>The Request Header (KMIP 2.1 §8; 1.4 §7.2). The Batch Count is not stored: encoding derives it from the message's items and decoding checks it.</summary>
public sealed class RequestHeader : IMessageHeader<RequestHeader>
{
    /// <summary>The Protocol Version the message uses; payloads are decoded and encoded in its form.</summary>
    public ProtocolVersion ProtocolVersion { get; set; }

    /// <summary>Maximum Response Size in bytes.</summary>
    public int? MaximumResponseSize { get; set; }

    /// <summary>Client Correlation Value (KMIP 1.4 and later).</summary>
    public string? ClientCorrelationValue { get; set; }

    /// <summary>Server Correlation Value (KMIP 1.4 and later).</summary>
    public string? ServerCorrelationValue { get; set; }

    /// <summary>Asynchronous Indicator. KMIP 1.x carries a Boolean: true reads as <see cref="Kmip.AsynchronousIndicator.Optional"/>,
    /// false as <see cref="Kmip.AsynchronousIndicator.Prohibited"/>; written back, only Prohibited is false.
    /// KMIP 2.x carries the enumeration.</summary>
    public AsynchronousIndicator? AsynchronousIndicator { get; set; }

    /// <summary>Attestation Capable Indicator (KMIP 1.2 and later).</summary>
    public bool? AttestationCapableIndicator { get; set; }

    /// <summary>Attestation Type values (KMIP 1.2 and later).</summary>
    public List<AttestationType> AttestationTypes { get; set; } = [];

    /// <summary>Authentication with its credentials.</summary>
    public Authentication? Authentication { get; set; }

    /// <summary>Batch Error Continuation Option.</summary>
    public BatchErrorContinuationOption? BatchErrorContinuationOption { get; set; }

    /// <summary>Batch Order Option.</summary>
    public bool? BatchOrderOption { get; set; }

    /// <summary>Time Stamp.</summary>
    public DateTimeOffset? TimeStamp { get; set; }

    /// <summary>Items this model does not know, with their position, re-emitted on encode.</summary>
    public List<UnknownItem>? UnknownItems { get; set; }

    /// <summary>Decodes the header on whose start token the reader stands.</summary>
    /// <param name="reader">The reader, on the header's start token; left on its end token.</param>
    /// <param name="batchCount">The Batch Count the header declares.</param>
    /// <exception cref="KmipMessageFormatException">A required field is missing, repeated or mistyped.</exception>
    public static RequestHeader Decode(ref TtlvReader reader, out int batchCount)
    {
        MessageDecoding.Expect(ref reader, TtlvType.Structure);
        var result = new RequestHeader();
        bool hasVersion = false;
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
                case Tag.MaximumResponseSize:
                    MessageDecoding.Expect(ref reader, TtlvType.Integer);
                    MessageDecoding.EnsureAbsent(result.MaximumResponseSize, ref reader);
                    result.MaximumResponseSize = reader.GetInteger();
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
                case Tag.AsynchronousIndicator:
                    MessageDecoding.EnsureAbsent(result.AsynchronousIndicator, ref reader);
                    result.AsynchronousIndicator = ReadAsynchronousIndicator(ref reader);
                    break;
                case Tag.AttestationCapableIndicator:
                    MessageDecoding.Expect(ref reader, TtlvType.Boolean);
                    MessageDecoding.EnsureAbsent(result.AttestationCapableIndicator, ref reader);
                    result.AttestationCapableIndicator = reader.GetBoolean();
                    break;
                case Tag.AttestationType:
                    MessageDecoding.Expect(ref reader, TtlvType.Enumeration);
                    result.AttestationTypes.Add((AttestationType)reader.GetEnumeration());
                    break;
                case Tag.Authentication:
                    MessageDecoding.Expect(ref reader, TtlvType.Structure);
                    MessageDecoding.EnsureAbsent(result.Authentication, ref reader);
                    result.Authentication = Authentication.Decode(ref reader, hasVersion ? result.ProtocolVersion : ProtocolVersion.V1_0);
                    break;
                case Tag.BatchErrorContinuationOption:
                    MessageDecoding.Expect(ref reader, TtlvType.Enumeration);
                    MessageDecoding.EnsureAbsent(result.BatchErrorContinuationOption, ref reader);
                    result.BatchErrorContinuationOption = (BatchErrorContinuationOption)reader.GetEnumeration();
                    break;
                case Tag.BatchOrderOption:
                    MessageDecoding.Expect(ref reader, TtlvType.Boolean);
                    MessageDecoding.EnsureAbsent(result.BatchOrderOption, ref reader);
                    result.BatchOrderOption = reader.GetBoolean();
                    break;
                case Tag.TimeStamp:
                    MessageDecoding.Expect(ref reader, TtlvType.DateTime);
                    MessageDecoding.EnsureAbsent(result.TimeStamp, ref reader);
                    result.TimeStamp = reader.GetDateTime();
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

        // KMIP 2.1 §8: Protocol Version and Batch Count are required in every header.
        MessageDecoding.Require(hasVersion, Tag.ProtocolVersion, nameof(RequestHeader));
        MessageDecoding.Require(count is not null, Tag.BatchCount, nameof(RequestHeader));
        batchCount = count.Value;
        return result;
    }

    internal static AsynchronousIndicator ReadAsynchronousIndicator(ref TtlvReader reader)
    {
        switch (reader.Type)
        {
            case TtlvType.Boolean:
                // KMIP 1.4 §6.7: a Boolean, true when the client accepts an asynchronous response.
                return reader.GetBoolean() ? Kmip.AsynchronousIndicator.Optional : Kmip.AsynchronousIndicator.Prohibited;
            case TtlvType.Enumeration:
                // KMIP 2.0 §8: an enumeration (Mandatory, Optional, Prohibited).
                return (AsynchronousIndicator)reader.GetEnumeration();
            default:
                MessageDecoding.ThrowWrongType(reader.Tag, TtlvType.Enumeration, reader.Type);
                return default;
        }
    }

    /// <summary>Writes the header in the form of its <see cref="ProtocolVersion"/>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="batchCount">The number of batch items that follow.</param>
    public void Encode(TtlvWriter writer, int batchCount)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var version = ProtocolVersion;
        writer.WriteStartStructure(Tag.RequestHeader);
        var unknown = new UnknownItemCursor(UnknownItems);
        unknown.WriteDue(writer);
        ProtocolVersionCodec.Write(writer, version);
        unknown.Advance(writer);
        if (MaximumResponseSize is int size)
        {
            writer.WriteInteger(Tag.MaximumResponseSize, size);
            unknown.Advance(writer);
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

        if (AsynchronousIndicator is AsynchronousIndicator indicator)
        {
            WriteAsynchronousIndicator(writer, indicator, version);
            unknown.Advance(writer);
        }

        if (VersionRules.IsAtLeast(version, 1, 2))
        {
            if (AttestationCapableIndicator is bool capable)
            {
                writer.WriteBoolean(Tag.AttestationCapableIndicator, capable);
                unknown.Advance(writer);
            }

            foreach (var type in AttestationTypes)
            {
                writer.WriteEnumeration(Tag.AttestationType, (uint)type);
                unknown.Advance(writer);
            }
        }

        if (Authentication is not null)
        {
            Authentication.Encode(writer, version);
            unknown.Advance(writer);
        }

        if (BatchErrorContinuationOption is BatchErrorContinuationOption option)
        {
            writer.WriteEnumeration(Tag.BatchErrorContinuationOption, (uint)option);
            unknown.Advance(writer);
        }

        if (BatchOrderOption is bool order)
        {
            writer.WriteBoolean(Tag.BatchOrderOption, order);
            unknown.Advance(writer);
        }

        if (TimeStamp is DateTimeOffset time)
        {
            writer.WriteDateTime(Tag.TimeStamp, time);
            unknown.Advance(writer);
        }

        writer.WriteInteger(Tag.BatchCount, batchCount);
        unknown.Advance(writer);
        unknown.WriteRest(writer);
        writer.WriteEndStructure();
    }

    internal static void WriteAsynchronousIndicator(TtlvWriter writer, AsynchronousIndicator indicator, ProtocolVersion version)
    {
        if (VersionRules.IsAtLeast(version, 2, 0))
        {
            writer.WriteEnumeration(Tag.AsynchronousIndicator, (uint)indicator);
        }
        else
        {
            // KMIP 1.4 §6.7: Boolean; only Prohibited means the client cannot take an asynchronous answer.
            writer.WriteBoolean(Tag.AsynchronousIndicator, indicator != Kmip.AsynchronousIndicator.Prohibited);
        }
    }
}
