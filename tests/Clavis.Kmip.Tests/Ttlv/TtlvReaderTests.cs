using System.Text.Json;
using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Tests.Ttlv;

public class TtlvReaderTests
{
    public static TheoryData<string, string> SpecExamples()
    {
        var data = new TheoryData<string, string>();
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(TestData.VectorFile("derived", "oasis-ttlv-encoding-examples", "ttlv-item-type-examples.json")));
        foreach (JsonElement example in doc.RootElement.GetProperty("examples").EnumerateArray())
        {
            data.Add(example.GetProperty("item_type").GetString()!, example.GetProperty("hex").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SpecExamples))]
    public void Spec_examples_decode_and_reencode_byte_for_byte(string itemType, string hex)
    {
        byte[] bytes = Hex.Parse(hex);
        TtlvNode node = TtlvNode.Decode(bytes);
        Assert.Equal(itemType.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal), node.Type.ToString());
        Assert.Equal(hex.ToUpperInvariant(), Hex.Format(node.Encode()));
    }

    [Theory]
    [InlineData("Integer", "42 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 00", 8L)]
    [InlineData("NegativeInteger", "42 00 20 | 02 | 00 00 00 04 | FF FF FF FF 00 00 00 00", -1L)]
    [InlineData("LongInteger", "42 00 20 | 03 | 00 00 00 08 | 01 B6 9B 4B A5 74 92 00", 123456789000000000L)]
    [InlineData("Enumeration", "42 00 20 | 05 | 00 00 00 04 | 00 00 00 FF 00 00 00 00", 255L)]
    [InlineData("Interval", "42 00 20 | 0A | 00 00 00 04 | 00 0D 2F 00 00 00 00 00", 864000L)]
    [InlineData("DateTime", "42 00 20 | 09 | 00 00 00 08 | 00 00 00 00 47 DA 67 F8", 1205495800L)]
    [InlineData("DateTimeExtended", "42 00 20 | 0B | 00 00 00 08 | 00 04 48 64 5C EF EE 00", 1205495800000000L)]
    public void Reads_numeric_values(string name, string hex, long expected)
    {
        var reader = new TtlvReader(Hex.Parse(hex));
        Assert.True(reader.Read(), name);
        long actual = reader.Type switch
        {
            TtlvType.Integer => reader.GetInteger(),
            TtlvType.LongInteger => reader.GetLongInteger(),
            TtlvType.Enumeration => reader.GetEnumeration(),
            TtlvType.Interval => reader.GetInterval(),
            TtlvType.DateTime => reader.GetDateTimeSeconds(),
            TtlvType.DateTimeExtended => reader.GetDateTimeExtended(),
            _ => throw new InvalidOperationException(),
        };
        Assert.Equal(expected, actual);
        Assert.False(reader.Read());
    }

    [Fact]
    public void Structure_yields_start_children_and_end_with_depths()
    {
        byte[] bytes = Hex.Parse("42 00 04 | 01 | 00 00 00 20 | 42 00 05 | 05 | 00 00 00 04 | 00 00 00 FE 00 00 00 00 | 42 00 06 | 02 | 00 00 00 04 | 00 00 00 FF 00 00 00 00");
        var reader = new TtlvReader(bytes);
        var seen = new List<string>();
        while (reader.Read())
        {
            seen.Add($"{reader.TokenType}:{(uint)reader.Tag:X6}:{reader.Depth}");
        }

        Assert.Equal(["StartStructure:420004:0", "Value:420005:1", "Value:420006:1", "EndStructure:420004:0"], seen);
    }

    [Fact]
    public void Skip_jumps_over_a_structure_to_its_end()
    {
        byte[] bytes = Hex.Parse("42 00 04 | 01 | 00 00 00 10 | 42 00 05 | 05 | 00 00 00 04 | 00 00 00 FE 00 00 00 00 | 42 00 06 | 02 | 00 00 00 04 | 00 00 00 FF 00 00 00 00");
        var reader = new TtlvReader(bytes);
        Assert.True(reader.Read());
        reader.Skip();
        Assert.Equal(TtlvTokenType.EndStructure, reader.TokenType);
        Assert.True(reader.Read());
        Assert.Equal(0x420006u, (uint)reader.Tag);
        Assert.Equal(255, reader.GetInteger());
    }

    [Theory]
    [InlineData("TruncatedHeader", "42 00 20 | 02 | 00 00", 0)]
    [InlineData("TruncatedValue", "42 00 20 | 02 | 00 00 00 04 | 00 00 00 08", 12)]
    [InlineData("IntegerWrongLength", "42 00 20 | 02 | 00 00 00 08 | 00 00 00 08 00 00 00 00", 4)]
    [InlineData("UnknownType", "42 00 20 | 0D | 00 00 00 04 | 00 00 00 08 00 00 00 00", 3)]
    [InlineData("NonZeroPadding", "42 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 01", 12)]
    [InlineData("BooleanTwo", "42 00 20 | 06 | 00 00 00 08 | 00 00 00 00 00 00 00 02", 8)]
    [InlineData("TagOutsideRanges", "43 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 00", 0)]
    [InlineData("HugeLength", "42 00 20 | 08 | 7F FF FF FF | 00 00 00 08 00 00 00 00", 4)]
    [InlineData("InvalidUtf8", "42 00 20 | 07 | 00 00 00 02 | C3 28 00 00 00 00 00 00", 8)]
    [InlineData("DateTimeOutOfRange", "42 00 20 | 09 | 00 00 00 08 | 7F FF FF FF FF FF FF FF", 8)]
    [InlineData("ChildPastParent", "42 00 04 | 01 | 00 00 00 08 | 42 00 05 | 02 | 00 00 00 04 | 00 00 00 01 00 00 00 00", 12)]
    [InlineData("BigIntegerNotMultipleOf8", "42 00 20 | 04 | 00 00 00 04 | 00 00 00 08 00 00 00 00", 4)]
    public void Refuses_malformed_items_naming_the_offset(string name, string hex, int offset)
    {
        byte[] bytes = Hex.Parse(hex);
        var ex = Assert.Throws<TtlvFormatException>(() =>
        {
            var reader = new TtlvReader(bytes);
            while (reader.Read())
            {
            }
        });
        Assert.True(offset == ex.Offset, $"{name}: {ex.Message}");
    }

    [Fact]
    public void Refuses_nesting_deeper_than_the_limit()
    {
        using var writer = new TtlvWriter();
        for (int i = 0; i < 5; i++)
        {
            writer.WriteStartStructure(Tag.ActivationDate);
        }

        for (int i = 0; i < 5; i++)
        {
            writer.WriteEndStructure();
        }

        byte[] bytes = writer.ToArray();
        var ex = Assert.Throws<TtlvFormatException>(() => TtlvNode.Decode(bytes, new TtlvReaderOptions { MaxDepth = 4 }));
        Assert.Equal(32, ex.Offset);
        Assert.Equal(5, TtlvNode.Decode(bytes, new TtlvReaderOptions { MaxDepth = 5 }).Encode().Length / 8);
    }

    [Fact]
    public void Refuses_input_larger_than_the_maximum_message_size()
    {
        byte[] bytes = Hex.Parse("42 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 00");
        var ex = Assert.Throws<TtlvFormatException>(() => new TtlvReader(bytes, new TtlvReaderOptions { MaxMessageSize = 15 }));
        Assert.Equal(0, ex.Offset);
    }

    [Fact]
    public void Getter_of_the_wrong_type_throws_the_format_exception()
    {
        byte[] bytes = Hex.Parse("42 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 00");
        Assert.Throws<TtlvFormatException>(() =>
        {
            var reader = new TtlvReader(bytes);
            reader.Read();
            return reader.GetTextString();
        });
    }
}
