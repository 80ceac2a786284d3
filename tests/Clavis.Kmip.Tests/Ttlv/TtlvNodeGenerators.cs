using System.Text;
using Clavis.Kmip.Ttlv;
using FsCheck;
using FsCheck.Fluent;

namespace Clavis.Kmip.Tests.Ttlv;

/// <summary>
/// FsCheck generators of valid <see cref="TtlvNode"/> trees, for properties of any encoding that
/// claims to carry a tree without loss (TTLV here; KMIP JSON and XML can reuse them).
/// </summary>
/// <remarks>
/// Use <see cref="Tree"/> or <see cref="Leaf"/> directly, or name this class in
/// <c>[Property(Arbitrary = [typeof(TtlvNodeGenerators)])]</c> to receive <see cref="TtlvNode"/> parameters.
/// Values lean toward edges (zero, extremes, range bounds, empty strings, redundant sign extension)
/// because that is where codecs break.
/// </remarks>
public static class TtlvNodeGenerators
{
    // The range of KMIP Date-Time the reader accepts: years 0001–9999, as DateTimeOffset allows.
    public const long MinUnixSeconds = -62_135_596_800;
    public const long MaxUnixSeconds = 253_402_300_799;
    public const long MinUnixMicroseconds = MinUnixSeconds * 1_000_000;
    public const long MaxUnixMicroseconds = (MaxUnixSeconds * 1_000_000) + 999_999;

    private static readonly Tag[] s_knownTags = Enum.GetValues<Tag>();

    /// <summary>The arbitrary FsCheck finds by reflection: trees up to depth 4, shrinking toward smaller trees.</summary>
    public static Arbitrary<TtlvNode> Trees() => Arb.From(Tree(maxDepth: 4, maxChildren: 6), Shrink);

    /// <summary>Known KMIP tags, arbitrary 0x42xxxx tags and extension (0x54xxxx) tags.</summary>
    public static Gen<Tag> Tags() => Gen.Frequency(
        (5, Gen.Elements(s_knownTags)),
        (2, Gen.Choose(0, 0xFFFF).Select(low => (Tag)(0x420000u | (uint)low))),
        (3, Gen.Choose(0, 0xFFFF).Select(low => (Tag)(0x540000u | (uint)low))));

    /// <summary>A tree of Structures no deeper than <paramref name="maxDepth"/> (a leaf is depth 0), scaled by FsCheck's size.</summary>
    public static Gen<TtlvNode> Tree(int maxDepth, int maxChildren) => Gen.Sized(size => TreeOfSize(maxDepth, Math.Min(maxChildren, 1 + (size / 10))));

    /// <summary>A primitive item of any type but Structure.</summary>
    public static Gen<TtlvNode> Leaf() => Gen.OneOf(
        Tags().SelectMany(_ => Int32(), TtlvNode.Integer),
        Tags().SelectMany(_ => Int64(), TtlvNode.LongInteger),
        Tags().SelectMany(_ => BigIntegerBytes(), (tag, bytes) => TtlvNode.BigInteger(tag, bytes)),
        Tags().SelectMany(_ => Int32().Select(i => (uint)i), TtlvNode.Enumeration),
        Tags().SelectMany(_ => Gen.Elements(false, true), TtlvNode.Boolean),
        Tags().SelectMany(_ => Text(), TtlvNode.TextString),
        Tags().SelectMany(_ => Bytes(maxLength: 70), TtlvNode.ByteString),
        Tags().SelectMany(_ => Int64In(MinUnixSeconds, MaxUnixSeconds), (tag, s) => TtlvNode.DateTime(tag, DateTimeOffset.FromUnixTimeSeconds(s))),
        Tags().SelectMany(_ => Int32().Select(i => (uint)i), TtlvNode.Interval),
        Tags().SelectMany(_ => Int64In(MinUnixMicroseconds, MaxUnixMicroseconds), TtlvNode.DateTimeExtended));

    /// <summary>Valid UTF-16 text (no lone surrogates) mixing ASCII, two-, three- and four-byte UTF-8 sequences, and NUL.</summary>
    public static Gen<string> Text()
    {
        Gen<int> scalar = Gen.Frequency(
            (6, Gen.Choose(0x20, 0x7E)),
            (1, Gen.Constant(0)),
            (2, Gen.Choose(0x80, 0x7FF)),
            (2, Gen.Choose(0x800, 0xD7FF)),
            (1, Gen.Choose(0xE000, 0xFFFF)),
            (2, Gen.Choose(0x10000, 0x10FFFF)));
        return Gen.Sized(size => Gen.Choose(0, Math.Max(0, size)))
            .SelectMany(length => Gen.ArrayOf(scalar, length))
            .Select(scalars =>
            {
                var text = new StringBuilder();
                foreach (int s in scalars)
                {
                    text.Append(new Rune(s).ToString());
                }

                return text.ToString();
            });
    }

    /// <summary>
    /// Big Integer bytes: short values the factory sign-extends (positive and negative), and raw multiples of
    /// eight that keep redundant sign extension, as a peer may send them.
    /// </summary>
    public static Gen<byte[]> BigIntegerBytes() => Gen.OneOf(
        Gen.Choose(1, 40).SelectMany(length => Gen.ArrayOf(Byte(), length)),
        Gen.Choose(1, 5).SelectMany(words => Gen.ArrayOf(Byte(), words * 8)),
        Gen.Elements<byte[]>([0x00], [0xFF], [0x80], [0x7F], [0x00, 0x80], [0xFF, 0x7F]));

    /// <summary>Opaque bytes, empty included.</summary>
    public static Gen<byte[]> Bytes(int maxLength) => Gen.Choose(0, maxLength).SelectMany(length => Gen.ArrayOf(Byte(), length));

    /// <summary>Any 32-bit integer, biased toward the edges.</summary>
    public static Gen<int> Int32() => Gen.Frequency(
        (1, Gen.Elements(0, 1, -1, int.MinValue, int.MaxValue)),
        (3, Gen.ArrayOf(Byte(), 4).Select(b => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(b))));

    /// <summary>Any 64-bit integer, biased toward the edges.</summary>
    public static Gen<long> Int64() => Gen.Frequency(
        (1, Gen.Elements(0L, 1L, -1L, long.MinValue, long.MaxValue)),
        (3, Gen.ArrayOf(Byte(), 8).Select(b => System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(b))));

    /// <summary>A 64-bit integer in [<paramref name="min"/>, <paramref name="max"/>], both bounds included often.</summary>
    public static Gen<long> Int64In(long min, long max) => Gen.Frequency(
        (1, Gen.Elements(min, max, 0L)),
        (4, Int64().Select(v => min + (long)((ulong)v % ((ulong)(max - min) + 1)))));

    /// <summary>Smaller trees: a structure's children alone, or the structure with one child fewer.</summary>
    public static IEnumerable<TtlvNode> Shrink(TtlvNode node)
    {
        if (node.Type != TtlvType.Structure)
        {
            yield break;
        }

        List<TtlvNode> children = node.Children;
        foreach (TtlvNode child in children)
        {
            yield return child;
        }

        for (int i = 0; i < children.Count; i++)
        {
            yield return TtlvNode.Structure(node.Tag, children.Where((_, j) => j != i));
        }
    }

    private static Gen<byte> Byte() => Gen.Choose(0, 255).Select(b => (byte)b);

    private static Gen<TtlvNode> TreeOfSize(int depthLeft, int maxChildren)
    {
        if (depthLeft == 0)
        {
            return Leaf();
        }

        Gen<TtlvNode> structure = Tags().SelectMany(
            _ => Gen.Choose(0, maxChildren).SelectMany(count => Gen.ListOf(TreeOfSize(depthLeft - 1, maxChildren), count)),
            (tag, children) => TtlvNode.Structure(tag, children));
        return Gen.Frequency((2, Leaf()), (3, structure));
    }
}
