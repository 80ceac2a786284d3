using Clavis.Kmip.Ttlv;
using FsCheck.Xunit;

namespace Clavis.Kmip.Tests.Ttlv;

/// <summary>Round-trip laws of the TTLV codec over random trees (<see cref="TtlvNodeGenerators"/>).</summary>
public class TtlvPropertyTests
{
    private const int Runs = 300;

    [Property(Arbitrary = [typeof(TtlvNodeGenerators)], MaxTest = Runs)]
    public bool Encoding_then_decoding_gives_back_the_same_tree(TtlvNode tree) =>
        TtlvNode.Decode(tree.Encode()).Equals(tree);

    [Property(Arbitrary = [typeof(TtlvNodeGenerators)], MaxTest = Runs)]
    public bool Decoding_then_encoding_gives_back_the_same_bytes(TtlvNode tree)
    {
        byte[] bytes = tree.Encode();
        return TtlvNode.Decode(bytes).Encode().AsSpan().SequenceEqual(bytes);
    }

    [Property(Arbitrary = [typeof(TtlvNodeGenerators)], MaxTest = Runs)]
    public void Reader_tokens_follow_the_tree_in_order_with_depths_offsets_and_values(TtlvNode tree)
    {
        byte[] bytes = tree.Encode();
        var expected = new List<string>();
        Flatten(tree, depth: 0, offset: 0, expected);

        var actual = new List<string>();
        var reader = new TtlvReader(bytes);
        while (reader.Read())
        {
            actual.Add(Describe(ref reader));
        }

        Assert.Equal(expected, actual);
        Assert.Equal(bytes.Length, reader.BytesConsumed);
    }

    [Property(Arbitrary = [typeof(TtlvNodeGenerators)], MaxTest = Runs)]
    public void Skipping_a_structure_lands_on_its_end_and_reading_goes_on_from_there(TtlvNode tree)
    {
        byte[] bytes = TtlvNode.Structure(Tag.BatchItem, tree, TtlvNode.Integer(Tag.BatchCount, 7)).Encode();
        var reader = new TtlvReader(bytes);
        reader.Read();
        reader.Read();
        reader.Skip();
        Assert.Equal(tree.Type == TtlvType.Structure ? TtlvTokenType.EndStructure : TtlvTokenType.Value, reader.TokenType);
        Assert.True(reader.Read());
        Assert.Equal(Tag.BatchCount, reader.Tag);
        Assert.Equal(7, reader.GetInteger());
    }

    [Property(Arbitrary = [typeof(TtlvNodeGenerators)], MaxTest = Runs)]
    public bool Equal_trees_have_equal_hash_codes(TtlvNode tree) =>
        TtlvNode.Decode(tree.Encode()).GetHashCode() == tree.GetHashCode();

    // Returns the offset after the item; the token strings carry everything a reader exposes.
    private static int Flatten(TtlvNode node, int depth, int offset, List<string> tokens)
    {
        if (node.Type != TtlvType.Structure)
        {
            tokens.Add($"Value {node.Tag} {node.Type} depth={depth} at={offset} {ValueOf(node)}");
            int length = node.Type switch
            {
                TtlvType.Integer or TtlvType.Enumeration or TtlvType.Interval => 4,
                TtlvType.TextString => System.Text.Encoding.UTF8.GetByteCount(node.TextStringValue),
                TtlvType.ByteString => node.ByteStringValue.Length,
                TtlvType.BigInteger => node.BigIntegerBytes.Length,
                _ => 8,
            };
            return offset + 8 + ((length + 7) & ~7);
        }

        tokens.Add($"StartStructure {node.Tag} depth={depth} at={offset}");
        int end = offset + 8;
        foreach (TtlvNode child in node.Children)
        {
            end = Flatten(child, depth + 1, end, tokens);
        }

        tokens.Add($"EndStructure {node.Tag} depth={depth} at={end}");
        return end;
    }

    private static string ValueOf(TtlvNode node) => node.Type switch
    {
        TtlvType.Integer => node.IntegerValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        TtlvType.LongInteger => node.LongIntegerValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        TtlvType.BigInteger => Hex.Format(node.BigIntegerBytes),
        TtlvType.Enumeration => node.EnumerationValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        TtlvType.Boolean => node.BooleanValue.ToString(),
        TtlvType.TextString => node.TextStringValue,
        TtlvType.ByteString => Hex.Format(node.ByteStringValue),
        TtlvType.DateTime => node.DateTimeValue.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        TtlvType.Interval => node.IntervalValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => node.DateTimeExtendedValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string Describe(ref TtlvReader reader)
    {
        if (reader.TokenType != TtlvTokenType.Value)
        {
            return $"{reader.TokenType} {reader.Tag} depth={reader.Depth} at={reader.TokenOffset}";
        }

        string value = reader.Type switch
        {
            TtlvType.Integer => reader.GetInteger().ToString(System.Globalization.CultureInfo.InvariantCulture),
            TtlvType.LongInteger => reader.GetLongInteger().ToString(System.Globalization.CultureInfo.InvariantCulture),
            TtlvType.BigInteger => Hex.Format(reader.GetBigIntegerBytes()),
            TtlvType.Enumeration => reader.GetEnumeration().ToString(System.Globalization.CultureInfo.InvariantCulture),
            TtlvType.Boolean => reader.GetBoolean().ToString(),
            TtlvType.TextString => reader.GetTextString(),
            TtlvType.ByteString => Hex.Format(reader.GetByteString()),
            TtlvType.DateTime => reader.GetDateTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            TtlvType.Interval => reader.GetInterval().ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => reader.GetDateTimeExtended().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return $"Value {reader.Tag} {reader.Type} depth={reader.Depth} at={reader.TokenOffset} {value}";
    }
}
