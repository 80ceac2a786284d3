using System.Buffers.Binary;
using System.Numerics;

namespace Clavis.Kmip.Ttlv;

/// <summary>
/// One TTLV item as a tree: the encoding-neutral form that TTLV, KMIP JSON and KMIP XML all convert
/// to and from without loss. Big Integers keep their bytes as sent, so TTLV re-encodes byte for byte.
/// </summary>
/// <remarks>
/// The tree allocates per item; the hot path decodes typed payloads straight from <see cref="TtlvReader"/>.
/// Use the tree for tools, tests, conversions and content that is genuinely polymorphic or unknown.
/// </remarks>
public sealed class TtlvNode : IEquatable<TtlvNode>
{
    private readonly long _scalar;
    private readonly object? _reference;

    private TtlvNode(Tag tag, TtlvType type, long scalar, object? reference)
    {
        Tag = tag;
        Type = type;
        _scalar = scalar;
        _reference = reference;
    }

    /// <summary>The item's tag.</summary>
    public Tag Tag { get; }

    /// <summary>The item's type.</summary>
    public TtlvType Type { get; }

    /// <summary>The children of a Structure, in order; editable.</summary>
    /// <exception cref="InvalidOperationException">The item is not a Structure.</exception>
    public List<TtlvNode> Children => _reference as List<TtlvNode> ?? throw WrongType(TtlvType.Structure);

    /// <summary>An Integer's value.</summary>
    /// <exception cref="InvalidOperationException">The item is not an Integer.</exception>
    public int IntegerValue => Type == TtlvType.Integer ? (int)_scalar : throw WrongType(TtlvType.Integer);

    /// <summary>A Long Integer's value.</summary>
    /// <exception cref="InvalidOperationException">The item is not a Long Integer.</exception>
    public long LongIntegerValue => Type == TtlvType.LongInteger ? _scalar : throw WrongType(TtlvType.LongInteger);

    /// <summary>A Big Integer's bytes: big-endian two's complement, a multiple of 8 long. Do not modify.</summary>
    /// <exception cref="InvalidOperationException">The item is not a Big Integer.</exception>
    public byte[] BigIntegerBytes => Type == TtlvType.BigInteger ? (byte[])_reference! : throw WrongType(TtlvType.BigInteger);

    /// <summary>A Big Integer's value.</summary>
    /// <exception cref="InvalidOperationException">The item is not a Big Integer.</exception>
    public BigInteger BigIntegerValue => new(BigIntegerBytes, isUnsigned: false, isBigEndian: true);

    /// <summary>An Enumeration's value.</summary>
    /// <exception cref="InvalidOperationException">The item is not an Enumeration.</exception>
    public uint EnumerationValue => Type == TtlvType.Enumeration ? (uint)_scalar : throw WrongType(TtlvType.Enumeration);

    /// <summary>A Boolean's value.</summary>
    /// <exception cref="InvalidOperationException">The item is not a Boolean.</exception>
    public bool BooleanValue => Type == TtlvType.Boolean ? _scalar != 0 : throw WrongType(TtlvType.Boolean);

    /// <summary>A Text String's value.</summary>
    /// <exception cref="InvalidOperationException">The item is not a Text String.</exception>
    public string TextStringValue => Type == TtlvType.TextString ? (string)_reference! : throw WrongType(TtlvType.TextString);

    /// <summary>A Byte String's value. Do not modify.</summary>
    /// <exception cref="InvalidOperationException">The item is not a Byte String.</exception>
    public byte[] ByteStringValue => Type == TtlvType.ByteString ? (byte[])_reference! : throw WrongType(TtlvType.ByteString);

    /// <summary>A Date-Time's value.</summary>
    /// <exception cref="InvalidOperationException">The item is not a Date-Time.</exception>
    public DateTimeOffset DateTimeValue => Type == TtlvType.DateTime ? DateTimeOffset.FromUnixTimeSeconds(_scalar) : throw WrongType(TtlvType.DateTime);

    /// <summary>An Interval's value, in seconds.</summary>
    /// <exception cref="InvalidOperationException">The item is not an Interval.</exception>
    public uint IntervalValue => Type == TtlvType.Interval ? (uint)_scalar : throw WrongType(TtlvType.Interval);

    /// <summary>A Date-Time Extended's value, in microseconds since the POSIX epoch.</summary>
    /// <exception cref="InvalidOperationException">The item is not a Date-Time Extended.</exception>
    public long DateTimeExtendedValue => Type == TtlvType.DateTimeExtended ? _scalar : throw WrongType(TtlvType.DateTimeExtended);

    /// <summary>Creates a Structure holding <paramref name="children"/>.</summary>
    public static TtlvNode Structure(Tag tag, params IEnumerable<TtlvNode> children) =>
        new(tag, TtlvType.Structure, 0, new List<TtlvNode>(children));

    /// <summary>Creates an Integer.</summary>
    public static TtlvNode Integer(Tag tag, int value) => new(tag, TtlvType.Integer, value, null);

    /// <summary>Creates a Long Integer.</summary>
    public static TtlvNode LongInteger(Tag tag, long value) => new(tag, TtlvType.LongInteger, value, null);

    /// <summary>Creates a Big Integer from its bytes; they are sign-extended to a multiple of 8 (copied).</summary>
    /// <exception cref="ArgumentException"><paramref name="twosComplementBigEndian"/> is empty.</exception>
    public static TtlvNode BigInteger(Tag tag, ReadOnlySpan<byte> twosComplementBigEndian)
    {
        if (twosComplementBigEndian.IsEmpty)
        {
            throw new ArgumentException("a Big Integer needs at least one byte", nameof(twosComplementBigEndian));
        }

        var bytes = new byte[(twosComplementBigEndian.Length + 7) & ~7];
        int extension = bytes.Length - twosComplementBigEndian.Length;
        bytes.AsSpan(0, extension).Fill((twosComplementBigEndian[0] & 0x80) != 0 ? (byte)0xFF : (byte)0);
        twosComplementBigEndian.CopyTo(bytes.AsSpan(extension));
        return new(tag, TtlvType.BigInteger, 0, bytes);
    }

    /// <summary>Creates a Big Integer from a number.</summary>
    public static TtlvNode BigInteger(Tag tag, BigInteger value) => BigInteger(tag, value.ToByteArray(isUnsigned: false, isBigEndian: true));

    /// <summary>Creates an Enumeration.</summary>
    public static TtlvNode Enumeration(Tag tag, uint value) => new(tag, TtlvType.Enumeration, value, null);

    /// <summary>Creates a Boolean.</summary>
    public static TtlvNode Boolean(Tag tag, bool value) => new(tag, TtlvType.Boolean, value ? 1 : 0, null);

    /// <summary>Creates a Text String.</summary>
    public static TtlvNode TextString(Tag tag, string value) =>
        new(tag, TtlvType.TextString, 0, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>Creates a Byte String (the array is kept, not copied).</summary>
    public static TtlvNode ByteString(Tag tag, byte[] value) =>
        new(tag, TtlvType.ByteString, 0, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>Creates a Date-Time (whole seconds).</summary>
    public static TtlvNode DateTime(Tag tag, DateTimeOffset value) => new(tag, TtlvType.DateTime, value.ToUnixTimeSeconds(), null);

    /// <summary>Creates an Interval, in seconds.</summary>
    public static TtlvNode Interval(Tag tag, uint seconds) => new(tag, TtlvType.Interval, seconds, null);

    /// <summary>Creates a Date-Time Extended, in microseconds since the POSIX epoch.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside years 0001–9999.</exception>
    public static TtlvNode DateTimeExtended(Tag tag, long unixMicroseconds)
    {
        // The reader's range, compared in microseconds (dividing first would truncate toward zero).
        ArgumentOutOfRangeException.ThrowIfLessThan(unixMicroseconds, TtlvReader.MinUnixMicroseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(unixMicroseconds, TtlvReader.MaxUnixMicroseconds);
        return new(tag, TtlvType.DateTimeExtended, unixMicroseconds, null);
    }

    /// <summary>Decodes exactly one item that fills <paramref name="ttlv"/>.</summary>
    /// <exception cref="TtlvFormatException">Malformed input, or bytes left after the item.</exception>
    public static TtlvNode Decode(ReadOnlySpan<byte> ttlv, TtlvReaderOptions? options = null)
    {
        var reader = new TtlvReader(ttlv, options);
        if (!reader.Read())
        {
            throw new TtlvFormatException("empty input", 0);
        }

        TtlvNode node = Read(ref reader);
        if (reader.BytesConsumed != ttlv.Length)
        {
            throw new TtlvFormatException($"{ttlv.Length - reader.BytesConsumed} bytes follow the item", reader.BytesConsumed);
        }

        return node;
    }

    /// <summary>Reads the item the reader is positioned on, consuming the whole item (a structure up to its end).</summary>
    /// <exception cref="TtlvFormatException">Malformed input.</exception>
    /// <exception cref="InvalidOperationException">The reader is not on the start of an item.</exception>
    public static TtlvNode Read(ref TtlvReader reader)
    {
        switch (reader.TokenType)
        {
            case TtlvTokenType.Value:
                return ReadValue(ref reader);
            case TtlvTokenType.StartStructure:
                break;
            default:
                throw new InvalidOperationException($"the reader is on {reader.TokenType}, not the start of an item");
        }

        var root = Structure(reader.Tag);
        // An explicit stack rather than recursion: the reader already bounds the depth.
        var open = new Stack<TtlvNode>();
        open.Push(root);
        while (open.Count > 0)
        {
            if (!reader.Read())
            {
                throw new TtlvFormatException("input ends inside a structure", reader.BytesConsumed);
            }

            switch (reader.TokenType)
            {
                case TtlvTokenType.EndStructure:
                    open.Pop();
                    break;
                case TtlvTokenType.StartStructure:
                    var child = Structure(reader.Tag);
                    open.Peek().Children.Add(child);
                    open.Push(child);
                    break;
                default:
                    open.Peek().Children.Add(ReadValue(ref reader));
                    break;
            }
        }

        return root;
    }

    /// <summary>Encodes the item as TTLV into a new array.</summary>
    public byte[] Encode()
    {
        using var writer = new TtlvWriter();
        WriteTo(writer);
        return writer.ToArray();
    }

    /// <summary>Writes the item as TTLV.</summary>
    public void WriteTo(TtlvWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (Type)
        {
            case TtlvType.Structure:
                writer.WriteStartStructure(Tag);
                foreach (TtlvNode child in Children)
                {
                    child.WriteTo(writer);
                }

                writer.WriteEndStructure();
                break;
            case TtlvType.Integer: writer.WriteInteger(Tag, (int)_scalar); break;
            case TtlvType.LongInteger: writer.WriteLongInteger(Tag, _scalar); break;
            case TtlvType.BigInteger: writer.WriteBigInteger(Tag, (byte[])_reference!); break;
            case TtlvType.Enumeration: writer.WriteEnumeration(Tag, (uint)_scalar); break;
            case TtlvType.Boolean: writer.WriteBoolean(Tag, _scalar != 0); break;
            case TtlvType.TextString: writer.WriteTextString(Tag, (string)_reference!); break;
            case TtlvType.ByteString: writer.WriteByteString(Tag, (byte[])_reference!); break;
            case TtlvType.DateTime: writer.WriteDateTimeSeconds(Tag, _scalar); break;
            case TtlvType.Interval: writer.WriteInterval(Tag, (uint)_scalar); break;
            case TtlvType.DateTimeExtended: writer.WriteDateTimeExtended(Tag, _scalar); break;
            default: throw new InvalidOperationException($"unknown item type {Type}");
        }
    }

    /// <summary>The first child with <paramref name="tag"/>, or null (also for non-structures).</summary>
    public TtlvNode? Find(Tag tag)
    {
        if (_reference is List<TtlvNode> children)
        {
            foreach (TtlvNode child in children)
            {
                if (child.Tag == tag)
                {
                    return child;
                }
            }
        }

        return null;
    }

    /// <summary>Every child with <paramref name="tag"/>, in order.</summary>
    public IEnumerable<TtlvNode> FindAll(Tag tag) =>
        _reference is List<TtlvNode> children ? children.Where(c => c.Tag == tag) : [];

    /// <inheritdoc/>
    public bool Equals(TtlvNode? other)
    {
        if (other is null || other.Tag != Tag || other.Type != Type)
        {
            return false;
        }

        return _reference switch
        {
            List<TtlvNode> children => children.SequenceEqual(other.Children),
            byte[] bytes => bytes.AsSpan().SequenceEqual((byte[])other._reference!),
            string text => text == (string)other._reference!,
            _ => _scalar == other._scalar,
        };
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TtlvNode other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Tag);
        hash.Add(Type);
        switch (_reference)
        {
            case List<TtlvNode> children:
                foreach (TtlvNode child in children)
                {
                    hash.Add(child);
                }

                break;
            case byte[] bytes:
                hash.AddBytes(bytes);
                break;
            case string text:
                hash.Add(text, StringComparer.Ordinal);
                break;
            default:
                hash.Add(_scalar);
                break;
        }

        return hash.ToHashCode();
    }

    /// <summary>A short form for debugging: tag, type and value or child count (Byte Strings are not shown).</summary>
    public override string ToString() => Type switch
    {
        TtlvType.Structure => $"{Tag} Structure [{Children.Count}]",
        TtlvType.ByteString => $"{Tag} ByteString ({((byte[])_reference!).Length} bytes)",
        TtlvType.TextString => $"{Tag} TextString \"{_reference}\"",
        TtlvType.BigInteger => $"{Tag} BigInteger ({((byte[])_reference!).Length} bytes)",
        TtlvType.DateTime => $"{Tag} DateTime {DateTimeValue:O}",
        TtlvType.Boolean => $"{Tag} Boolean {BooleanValue}",
        _ => $"{Tag} {Type} {_scalar}",
    };

    private static TtlvNode ReadValue(ref TtlvReader reader)
    {
        Tag tag = reader.Tag;
        return reader.Type switch
        {
            TtlvType.Integer => Integer(tag, reader.GetInteger()),
            TtlvType.LongInteger => LongInteger(tag, reader.GetLongInteger()),
            TtlvType.BigInteger => new TtlvNode(tag, TtlvType.BigInteger, 0, reader.GetBigIntegerBytes().ToArray()),
            TtlvType.Enumeration => Enumeration(tag, reader.GetEnumeration()),
            TtlvType.Boolean => Boolean(tag, reader.GetBoolean()),
            TtlvType.TextString => TextString(tag, reader.GetTextString()),
            TtlvType.ByteString => ByteString(tag, reader.GetByteString()),
            TtlvType.DateTime => new TtlvNode(tag, TtlvType.DateTime, reader.GetDateTimeSeconds(), null),
            TtlvType.Interval => Interval(tag, reader.GetInterval()),
            TtlvType.DateTimeExtended => new TtlvNode(tag, TtlvType.DateTimeExtended, reader.GetDateTimeExtended(), null),
            _ => throw new TtlvFormatException($"unknown item type {reader.Type}", reader.TokenOffset),
        };
    }

    private InvalidOperationException WrongType(TtlvType wanted) => new($"{Tag} is {Type}, not {wanted}");
}
