using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Fuzz;

/// <summary>
/// What the fuzzer drives. Each target's contract: any input either decodes or throws
/// <see cref="TtlvFormatException"/>. Any other exception, a hang or a crash is a finding, and so is
/// an input that decodes but does not re-encode to exactly itself.
/// </summary>
public static class FuzzTargets
{
    /// <summary>The targets by name; <c>--target NAME</c> picks one (default <c>ttlv</c>).</summary>
    public static IReadOnlyDictionary<string, Action<ReadOnlySpan<byte>>> All { get; } =
        new Dictionary<string, Action<ReadOnlySpan<byte>>>(StringComparer.Ordinal)
        {
            ["ttlv"] = Ttlv,
            ["message"] = Message,
        };

    /// <summary>
    /// The typed message decoder a server runs on every request: any input either decodes or throws
    /// <see cref="TtlvFormatException"/> or <see cref="KmipMessageFormatException"/>. The typed model writes
    /// known fields in the specification's order, so the check is that encoding is stable: what a decoded
    /// message encodes to decodes and encodes to the same bytes again.
    /// </summary>
    public static void Message(ReadOnlySpan<byte> input)
    {
        try
        {
            byte[] once = input.Length > 3 && input[2] == 0x7B
                ? ResponseMessage.Decode(input).Encode()
                : RequestMessage.Decode(input).Encode();
            byte[] twice = input.Length > 3 && input[2] == 0x7B
                ? ResponseMessage.Decode(once).Encode()
                : RequestMessage.Decode(once).Encode();
            if (!once.AsSpan().SequenceEqual(twice))
            {
                throw new InvalidOperationException("a decoded message does not encode stably");
            }
        }
        catch (Exception ex) when (ex is TtlvFormatException or KmipMessageFormatException)
        {
        }
    }

    /// <summary>The TTLV reader, raw and through the generic tree.</summary>
    public static void Ttlv(ReadOnlySpan<byte> input)
    {
        try
        {
            TtlvNode node = TtlvNode.Decode(input);
            if (!node.Encode().AsSpan().SequenceEqual(input))
            {
                throw new InvalidOperationException("decoded input did not re-encode byte for byte");
            }
        }
        catch (TtlvFormatException)
        {
        }

        // The raw reader too, calling every getter: a check that Read() misses but a getter trips shows up here.
        try
        {
            var reader = new TtlvReader(input);
            while (reader.Read())
            {
                if (reader.TokenType == TtlvTokenType.Value)
                {
                    ReadValue(ref reader);
                }
            }
        }
        catch (TtlvFormatException)
        {
        }
    }

    private static void ReadValue(ref TtlvReader reader)
    {
        switch (reader.Type)
        {
            case TtlvType.Integer: reader.GetInteger(); break;
            case TtlvType.LongInteger: reader.GetLongInteger(); break;
            case TtlvType.BigInteger: reader.GetBigIntegerBytes(); break;
            case TtlvType.Enumeration: reader.GetEnumeration(); break;
            case TtlvType.Boolean: reader.GetBoolean(); break;
            case TtlvType.TextString: reader.GetTextString(); break;
            case TtlvType.ByteString: reader.GetByteString(); break;
            case TtlvType.DateTime: reader.GetDateTime(); break;
            case TtlvType.Interval: reader.GetInterval(); break;
            case TtlvType.DateTimeExtended: reader.GetDateTimeExtended(); break;
            default: throw new InvalidOperationException($"the reader yielded unknown item type 0x{(byte)reader.Type:X2}");
        }
    }
}
