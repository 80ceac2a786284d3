using System.Buffers.Binary;
using System.Text.Json;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Tests.Ttlv;

/// <summary>
/// Real KMIP messages, damaged every way a hostile or broken peer could: each damaged input must decode
/// (and then re-encode to the same bytes) or throw <see cref="TtlvFormatException"/>; never another
/// exception, never a reader that stops advancing, never an allocation out of proportion to the input.
/// </summary>
public class MalformedInputTests
{
    // Generous for exception objects, messages and stack traces; far below anything a declared length could cause.
    private const long AllocationAllowance = 64 * 1024;
    private const long AllocationPerInputByte = 16;

    private static readonly string[] s_messageNames =
    [
        "kmip_1_0_usecase_4_1_step_6_client_b_get_symmetric_key_request",
        "kmip_1_0_usecase_4_1_step_6_client_b_get_symmetric_key_response",
        "kmip_1_0_usecase_3_1_2_step_2_create_symmetric_key_response",
        "kmip_1_1_testcase_17_1_time_0_create_symmetric_key_request",
    ];

    private static readonly Lazy<Dictionary<string, byte[]>> s_messages = new(LoadMessages);

    private static bool s_warm;

    public static TheoryData<string> Messages() => new(s_messageNames);

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_truncation_is_refused(string message)
    {
        byte[] bytes = s_messages.Value[message];
        for (int length = 0; length < bytes.Length; length++)
        {
            Assert.Null(DecodeOrRefuse(bytes.AsSpan(0, length).ToArray(), $"{message} cut to {length}"));
        }
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Corrupted_length_fields_decode_faithfully_or_are_refused(string message)
    {
        byte[] original = s_messages.Value[message];
        foreach (int header in HeaderOffsets(original))
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(original.AsSpan(header + 4));
            uint[] lengths = [0, 1, 3, 7, 9, length + 1, length - 1, length + 8, length - 8, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF];
            foreach (uint corrupt in lengths)
            {
                byte[] bytes = (byte[])original.Clone();
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(header + 4), corrupt);
                DecodeOrRefuse(bytes, $"{message}: length at {header + 4} set to 0x{corrupt:X8}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_type_byte_value_at_every_item_decodes_faithfully_or_is_refused(string message)
    {
        byte[] original = s_messages.Value[message];
        foreach (int header in HeaderOffsets(original))
        {
            for (int type = 0; type <= 0xFF; type++)
            {
                byte[] bytes = (byte[])original.Clone();
                bytes[header + 3] = (byte)type;
                DecodeOrRefuse(bytes, $"{message}: type at {header + 3} set to 0x{type:X2}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_single_bit_flip_decodes_faithfully_or_is_refused(string message)
    {
        byte[] original = s_messages.Value[message];
        for (int i = 0; i < original.Length; i++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                byte[] bytes = (byte[])original.Clone();
                bytes[i] ^= (byte)(1 << bit);
                DecodeOrRefuse(bytes, $"{message}: bit {bit} of byte {i} flipped");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Non_zero_padding_is_refused_at_the_first_padding_byte(string message)
    {
        byte[] original = s_messages.Value[message];
        var reader = new TtlvReader(original);
        int padded = 0;
        while (reader.Read())
        {
            if (reader.TokenType != TtlvTokenType.Value)
            {
                continue;
            }

            int valueStart = reader.TokenOffset + 8;
            int valueLength = reader.ValueSpan.Length;
            int paddingEnd = valueStart + ((valueLength + 7) & ~7);
            for (int p = valueStart + valueLength; p < paddingEnd; p++)
            {
                byte[] bytes = (byte[])original.Clone();
                bytes[p] = 0x01;
                Assert.NotNull(Refuse(bytes, $"{message}: padding byte {p} set"));
                padded++;
            }
        }

        Assert.True(padded > 0, "the message has padded values to damage");
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Invalid_utf8_in_any_text_string_is_refused(string message)
    {
        byte[] original = s_messages.Value[message];
        byte[][] invalidSequences =
        [
            [0xFF], [0xC0, 0xAF], [0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80],
        ];
        var reader = new TtlvReader(original);
        int texts = 0;
        while (reader.Read())
        {
            if (reader.TokenType != TtlvTokenType.Value || reader.Type != TtlvType.TextString || reader.ValueSpan.Length < 4)
            {
                continue;
            }

            texts++;
            int value = reader.TokenOffset + 8;
            foreach (byte[] sequence in invalidSequences)
            {
                // At the start, and at the very end of the value, where a truncated sequence is the classic miss.
                foreach (int at in new[] { value, value + reader.ValueSpan.Length - sequence.Length })
                {
                    byte[] bytes = (byte[])original.Clone();
                    sequence.CopyTo(bytes, at);
                    var ex = Refuse(bytes, $"{message}: {Hex.Format(sequence)} at {at}");
                    Assert.Equal(value, ex.Offset);
                }
            }
        }

        Assert.True(texts > 0, "the message has text strings to damage");
    }

    [Theory]
    [InlineData("Seconds before year 1", TtlvType.DateTime, TtlvNodeGenerators.MinUnixSeconds - 1)]
    [InlineData("Seconds after year 9999", TtlvType.DateTime, TtlvNodeGenerators.MaxUnixSeconds + 1)]
    [InlineData("Most negative seconds", TtlvType.DateTime, long.MinValue)]
    [InlineData("Most positive seconds", TtlvType.DateTime, long.MaxValue)]
    [InlineData("One microsecond before year 1", TtlvType.DateTimeExtended, TtlvNodeGenerators.MinUnixMicroseconds - 1)]
    [InlineData("Almost a second before year 1", TtlvType.DateTimeExtended, TtlvNodeGenerators.MinUnixMicroseconds - 999_999)]
    [InlineData("One microsecond after year 9999", TtlvType.DateTimeExtended, TtlvNodeGenerators.MaxUnixMicroseconds + 1)]
    [InlineData("Most negative microseconds", TtlvType.DateTimeExtended, long.MinValue)]
    [InlineData("Most positive microseconds", TtlvType.DateTimeExtended, long.MaxValue)]
    public void Dates_outside_years_1_to_9999_are_refused(string name, TtlvType type, long value)
    {
        var ex = Refuse(Item(type, value), name);
        Assert.Equal(8, ex.Offset);
    }

    [Theory]
    [InlineData(TtlvType.DateTime, TtlvNodeGenerators.MinUnixSeconds)]
    [InlineData(TtlvType.DateTime, TtlvNodeGenerators.MaxUnixSeconds)]
    [InlineData(TtlvType.DateTimeExtended, TtlvNodeGenerators.MinUnixMicroseconds)]
    [InlineData(TtlvType.DateTimeExtended, TtlvNodeGenerators.MaxUnixMicroseconds)]
    public void Dates_on_the_bounds_of_years_1_to_9999_are_read(TtlvType type, long value)
    {
        Assert.NotNull(DecodeOrRefuse(Item(type, value), $"{type} {value}"));
    }

    [Theory]
    [InlineData(2UL)]
    [InlineData(0xFFUL)]
    [InlineData(0x0100000000000000UL)]
    [InlineData(0x8000000000000000UL)]
    [InlineData(ulong.MaxValue)]
    public void Booleans_other_than_0_and_1_are_refused(ulong value)
    {
        var ex = Refuse(Item(TtlvType.Boolean, (long)value), $"Boolean 0x{value:X16}");
        Assert.Equal(8, ex.Offset);
    }

    [Theory]
    [InlineData(TtlvType.Structure, 0x80000000u)]
    [InlineData(TtlvType.Structure, 0x7FFFFFF8u)]
    [InlineData(TtlvType.TextString, 0x80000000u)]
    [InlineData(TtlvType.TextString, 0x7FFFFFFFu)]
    [InlineData(TtlvType.ByteString, 0x80000000u)]
    [InlineData(TtlvType.ByteString, 0x7FFFFFFFu)]
    [InlineData(TtlvType.ByteString, 0xFFFFFFFFu)]
    [InlineData(TtlvType.BigInteger, 0x80000000u)]
    [InlineData(TtlvType.BigInteger, 0x7FFFFFF8u)]
    [InlineData(TtlvType.Integer, 0x80000000u)]
    public void Huge_declared_lengths_on_tiny_inputs_are_refused_without_allocating(TtlvType type, uint length)
    {
        byte[] alone = Hex.Parse($"42 00 94 | {(byte)type:X2} | {length:X8} | 00 00 00 00 00 00 00 00");
        Assert.Equal(4, Refuse(alone, $"{type} declaring {length}").Offset);

        byte[] nested = Hex.Parse($"42 00 0F | 01 | 00 00 00 10 | 42 00 94 | {(byte)type:X2} | {length:X8} | 00 00 00 00 00 00 00 00");
        Assert.Equal(12, Refuse(nested, $"{type} declaring {length} inside a structure").Offset);
    }

    [Fact]
    public void Nesting_one_past_the_default_depth_is_refused_and_the_limit_itself_is_read()
    {
        int maxDepth = TtlvReaderOptions.Default.MaxDepth;
        Assert.NotNull(DecodeOrRefuse(Nested(maxDepth), $"{maxDepth} structures"));
        Assert.Equal(maxDepth * 8, Refuse(Nested(maxDepth + 1), $"{maxDepth + 1} structures").Offset);
    }

    [Fact]
    public void One_hundred_thousand_nested_structures_are_refused_at_the_depth_limit()
    {
        byte[] bytes = Nested(100_000);
        Assert.Equal(TtlvReaderOptions.Default.MaxDepth * 8, Refuse(bytes, "100,000 structures").Offset);
    }

    [Fact]
    public void A_depth_limit_beyond_what_the_reader_supports_still_bounds_the_nesting()
    {
        var options = new TtlvReaderOptions { MaxDepth = int.MaxValue };
        byte[] bytes = Nested(100_000);
        var ex = Assert.Throws<TtlvFormatException>(() => TtlvNode.Decode(bytes, options));
        Assert.True(ex.Offset < 100_000 * 8, ex.Message);
    }

    [Fact]
    public void One_hundred_thousand_structure_headers_declaring_more_than_is_there_are_refused_at_the_first()
    {
        byte[] bytes = new byte[100_000 * 8];
        for (int i = 0; i < 100_000; i++)
        {
            Hex.Parse("42 00 0F | 01 | 7F FF FF F8").CopyTo(bytes, i * 8);
        }

        Assert.Equal(4, Refuse(bytes, "100,000 headers each declaring 2 GiB").Offset);
    }

    [Fact]
    public void Items_left_after_the_first_are_refused_by_the_tree_decoder()
    {
        byte[] item = Hex.Parse("42 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 00");
        byte[] two = [.. item, .. item];
        Assert.Equal(16, Refuse(two, "two top-level items").Offset);
    }

    // The damaged input either decodes, and then re-encodes to exactly itself, or is refused with the
    // format exception. Also walks the raw reader over it, asking every value for its getter, so a
    // check missing from Read() but tripped by a getter shows up as a foreign exception.
    private static TtlvNode? DecodeOrRefuse(byte[] bytes, string what)
    {
        WarmUp();
        TtlvNode? node = null;
        TtlvFormatException? refused = null;
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            node = TtlvNode.Decode(bytes);
        }
        catch (TtlvFormatException ex)
        {
            refused = ex;
        }
        catch (Exception ex)
        {
            Assert.Fail($"{what}: {ex.GetType().Name} instead of TtlvFormatException: {ex}");
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long bound = AllocationAllowance + (AllocationPerInputByte * bytes.Length);
        Assert.True(allocated <= bound, $"{what}: decoding {bytes.Length} bytes allocated {allocated} bytes (bound {bound})");

        if (node is not null)
        {
            Assert.True(node.Encode().AsSpan().SequenceEqual(bytes), $"{what}: decoded but did not re-encode byte for byte");
        }
        else
        {
            Assert.InRange(refused!.Offset, 0, bytes.Length);
        }

        WalkEveryToken(bytes, what);
        DecodeTypedOrRefuse(bytes, what);
        return node;
    }

    // The typed decoder a server runs on every request: the same damage must end in one of the two
    // documented exceptions, and what it accepts must encode stably.
    private static void DecodeTypedOrRefuse(byte[] bytes, string what)
    {
        bool response = bytes.Length > 3 && bytes[0] == 0x42 && bytes[1] == 0x00 && bytes[2] == 0x7B;
        try
        {
            byte[] once = response ? ResponseMessage.Decode(bytes).Encode() : RequestMessage.Decode(bytes).Encode();
            byte[] twice = response ? ResponseMessage.Decode(once).Encode() : RequestMessage.Decode(once).Encode();
            Assert.True(once.AsSpan().SequenceEqual(twice), $"{what}: the typed message does not encode stably");
        }
        catch (Exception ex) when (ex is TtlvFormatException or KmipMessageFormatException)
        {
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"{what}: the typed decoder threw {ex.GetType().Name}: {ex}");
        }
    }

    private static TtlvFormatException Refuse(byte[] bytes, string what)
    {
        TtlvNode? node = DecodeOrRefuse(bytes, what);
        Assert.True(node is null, $"{what}: was accepted as {node}");
        try
        {
            TtlvNode.Decode(bytes);
        }
        catch (TtlvFormatException ex)
        {
            return ex;
        }

        throw new InvalidOperationException("unreachable: DecodeOrRefuse saw it refused");
    }

    private static void WalkEveryToken(byte[] bytes, string what)
    {
        // Every token but EndStructure consumes at least one 8-byte header, and every EndStructure closes one
        // of them, so a reader that stays within this many tokens is advancing.
        int tokenBudget = (bytes.Length / 4) + 2;
        try
        {
            var reader = new TtlvReader(bytes);
            int tokens = 0;
            while (reader.Read())
            {
                Assert.True(++tokens <= tokenBudget, $"{what}: the reader stopped advancing");
                if (reader.TokenType == TtlvTokenType.Value)
                {
                    ReadValue(ref reader);
                }
            }
        }
        catch (TtlvFormatException)
        {
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"{what}: the reader threw {ex.GetType().Name}: {ex}");
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
            default: Assert.Fail($"the reader yielded an item of unknown type 0x{(byte)reader.Type:X2}"); break;
        }
    }

    // The first exception thrown in a process loads resources and type metadata; measure steady state only.
    private static void WarmUp()
    {
        if (s_warm)
        {
            return;
        }

        for (int i = 0; i < 3; i++)
        {
            try
            {
                TtlvNode.Decode(Hex.Parse("42 00 20 | 0D | 00 00 00 04 | 00 00 00 08 00 00 00 00"));
            }
            catch (TtlvFormatException)
            {
            }
        }

        s_warm = true;
    }

    private static byte[] Item(TtlvType type, long value)
    {
        byte[] bytes = Hex.Parse($"42 00 92 | {(byte)type:X2} | 00 00 00 08 | 00 00 00 00 00 00 00 00");
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(8), value);
        return bytes;
    }

    // Structures nested <paramref name="levels"/> deep, every length consistent, the innermost empty.
    private static byte[] Nested(int levels)
    {
        byte[] bytes = new byte[levels * 8];
        for (int i = 0; i < levels; i++)
        {
            Hex.Parse("42 00 0F | 01").CopyTo(bytes, i * 8);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan((i * 8) + 4), (uint)((levels - i - 1) * 8));
        }

        return bytes;
    }

    private static List<int> HeaderOffsets(byte[] message)
    {
        var offsets = new List<int>();
        var reader = new TtlvReader(message);
        while (reader.Read())
        {
            if (reader.TokenType != TtlvTokenType.EndStructure)
            {
                offsets.Add(reader.TokenOffset);
            }
        }

        return offsets;
    }

    private static Dictionary<string, byte[]> LoadMessages()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(TestData.VectorFile("derived", "NLnetLabs_kmip-protocol", "kmip-usecase-hex-vectors.json")));
        var messages = new Dictionary<string, byte[]>();
        foreach (JsonElement vector in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            string name = vector.GetProperty("test_function").GetString()!;
            if (s_messageNames.Contains(name) && vector.GetProperty("variable").GetString()!.EndsWith("_hex", StringComparison.Ordinal))
            {
                messages[name] = Convert.FromHexString(vector.GetProperty("hex").GetString()!);
            }
        }

        Assert.Equal(s_messageNames.Length, messages.Count);
        return messages;
    }
}
