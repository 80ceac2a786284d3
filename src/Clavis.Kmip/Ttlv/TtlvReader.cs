using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Clavis.Kmip.Ttlv;

/// <summary>
/// A forward-only, strict reader of TTLV (KMIP 1.x §9.1, 2.x §9) over a span, in the style of
/// <c>Utf8JsonReader</c>: <see cref="Read"/> moves token by token; getters decode the current value.
/// It allocates nothing except the strings and arrays returned by <see cref="GetTextString"/> and
/// <see cref="GetByteString"/>.
/// </summary>
/// <remarks>
/// Every item is checked when <see cref="Read"/> reaches it, whether or not its value is asked for:
/// tag range, item type, length for the type, length within the enclosing structure and the input,
/// zero padding, Boolean 0/1, UTF-8 text, DateTime within the representable range, nesting depth.
/// Any fault throws <see cref="TtlvFormatException"/> naming the byte offset.
/// Vendor tags (0x54xxxx) and unknown KMIP tags are read like any other: the reader knows no vocabulary.
/// </remarks>
public ref struct TtlvReader
{
    private const int HeaderSize = 8;
    private const int MaxSupportedDepth = 64;

    // Seconds since the epoch of DateTimeOffset.MinValue and MaxValue: the range KMIP DateTime maps onto.
    private const long MinUnixSeconds = -62_135_596_800;
    private const long MaxUnixSeconds = 253_402_300_799;
    internal const long MinUnixMicroseconds = MinUnixSeconds * 1_000_000;
    internal const long MaxUnixMicroseconds = (MaxUnixSeconds * 1_000_000) + 999_999;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _maxDepth;
    private int _position;
    private int _depth;
    private EndStack _ends;
    private TagStack _tags;
    private int _valueOffset;
    private int _valueLength;

    /// <summary>Creates a reader over <paramref name="data"/> (not copied; must stay unchanged while read).</summary>
    /// <param name="data">The TTLV bytes, one or more top-level items.</param>
    /// <param name="options">Limits; <see cref="TtlvReaderOptions.Default"/> when null.</param>
    /// <exception cref="TtlvFormatException">The input is larger than <see cref="TtlvReaderOptions.MaxMessageSize"/>.</exception>
    public TtlvReader(ReadOnlySpan<byte> data, TtlvReaderOptions? options = null)
    {
        options ??= TtlvReaderOptions.Default;
        if (data.Length > options.MaxMessageSize)
        {
            throw new TtlvFormatException($"input of {data.Length} bytes exceeds the maximum message size of {options.MaxMessageSize}", 0);
        }

        _data = data;
        _maxDepth = Math.Clamp(options.MaxDepth, 0, MaxSupportedDepth);
        _position = 0;
        _depth = 0;
        TokenType = TtlvTokenType.None;
    }

    /// <summary>What the reader is positioned on.</summary>
    public TtlvTokenType TokenType { get; private set; }

    /// <summary>The tag of the current item (for <see cref="TtlvTokenType.EndStructure"/>, the structure's tag).</summary>
    public Tag Tag { get; private set; }

    /// <summary>The item type of the current item.</summary>
    public TtlvType Type { get; private set; }

    /// <summary>How many structures enclose the current item (a top-level item is at depth 0).</summary>
    public readonly int Depth => TokenType == TtlvTokenType.StartStructure ? _depth - 1 : _depth;

    /// <summary>The byte offset of the current item's header (for EndStructure, of the byte after the structure).</summary>
    public int TokenOffset { get; private set; }

    /// <summary>How many bytes have been consumed so far.</summary>
    public readonly int BytesConsumed => _position;

    /// <summary>The current value's bytes, without padding (empty for structure tokens). Does not copy.</summary>
    public readonly ReadOnlySpan<byte> ValueSpan => _data.Slice(_valueOffset, _valueLength);

    /// <summary>Moves to the next token.</summary>
    /// <returns>False at the end of the input, when every structure has been closed.</returns>
    /// <exception cref="TtlvFormatException">The next item is malformed.</exception>
    public bool Read()
    {
        _valueLength = 0;
        if (_depth > 0 && _position == _ends[_depth - 1])
        {
            _depth--;
            TokenType = TtlvTokenType.EndStructure;
            Tag = _tags[_depth];
            Type = TtlvType.Structure;
            TokenOffset = _position;
            return true;
        }

        if (_depth == 0 && _position == _data.Length)
        {
            TokenType = TtlvTokenType.None;
            return false;
        }

        int limit = _depth > 0 ? _ends[_depth - 1] : _data.Length;
        int start = _position;
        if (limit - start < HeaderSize)
        {
            ThrowFormat(_depth > 0 ? "item header runs past the end of its structure" : "truncated item header", start);
        }

        ReadOnlySpan<byte> header = _data.Slice(start, HeaderSize);
        uint tag = (uint)(header[0] << 16 | header[1] << 8 | header[2]);
        // KMIP 1.4 §9.1.3.1 / 2.1 §11: tags are 0x42xxxx (KMIP) or 0x54xxxx (extensions).
        if (header[0] != 0x42 && header[0] != 0x54)
        {
            ThrowFormat($"tag 0x{tag:X6} is outside the KMIP (0x42xxxx) and extension (0x54xxxx) ranges", start);
        }

        var type = (TtlvType)header[3];
        uint declared = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        int available = limit - start - HeaderSize;
        if (declared > (uint)available)
        {
            ThrowFormat($"length {declared} runs past the end of the {(_depth > 0 ? "enclosing structure" : "input")} ({available} bytes left)", start + 4);
        }

        int length = (int)declared;
        CheckLength(type, length, start);

        Tag = (Tag)tag;
        Type = type;
        TokenOffset = start;
        if (type == TtlvType.Structure)
        {
            if (_depth >= _maxDepth)
            {
                ThrowFormat($"structures nested deeper than {_maxDepth}", start);
            }

            _tags[_depth] = Tag;
            _ends[_depth] = start + HeaderSize + length;
            _depth++;
            _position = start + HeaderSize;
            TokenType = TtlvTokenType.StartStructure;
            return true;
        }

        int padded = (length + 7) & ~7;
        if (padded > available)
        {
            ThrowFormat($"padding of a {length}-byte value runs past the end of the {(_depth > 0 ? "enclosing structure" : "input")}", start + HeaderSize + length);
        }

        _valueOffset = start + HeaderSize;
        _valueLength = length;
        ReadOnlySpan<byte> padding = _data.Slice(_valueOffset + length, padded - length);
        if (padding.ContainsAnyExcept((byte)0))
        {
            ThrowFormat("padding bytes are not zero", _valueOffset + length);
        }

        CheckValue(type, _data.Slice(_valueOffset, length), _valueOffset);
        _position = _valueOffset + padded;
        TokenType = TtlvTokenType.Value;
        return true;
    }

    /// <summary>
    /// On a <see cref="TtlvTokenType.StartStructure"/>, skips the structure's contents unread and positions
    /// the reader on its <see cref="TtlvTokenType.EndStructure"/>; on any other token does nothing.
    /// </summary>
    public void Skip()
    {
        if (TokenType != TtlvTokenType.StartStructure)
        {
            return;
        }

        _depth--;
        _position = _ends[_depth];
        TokenOffset = _position;
        TokenType = TtlvTokenType.EndStructure;
    }

    /// <summary>The current Integer value.</summary>
    /// <exception cref="TtlvFormatException">The current item is not an Integer.</exception>
    public readonly int GetInteger()
    {
        EnsureType(TtlvType.Integer);
        return BinaryPrimitives.ReadInt32BigEndian(ValueSpan);
    }

    /// <summary>The current Long Integer value.</summary>
    /// <exception cref="TtlvFormatException">The current item is not a Long Integer.</exception>
    public readonly long GetLongInteger()
    {
        EnsureType(TtlvType.LongInteger);
        return BinaryPrimitives.ReadInt64BigEndian(ValueSpan);
    }

    /// <summary>The current Big Integer's bytes: big-endian two's complement, as sent. Does not copy.</summary>
    /// <exception cref="TtlvFormatException">The current item is not a Big Integer.</exception>
    public readonly ReadOnlySpan<byte> GetBigIntegerBytes()
    {
        EnsureType(TtlvType.BigInteger);
        return ValueSpan;
    }

    /// <summary>The current Enumeration value.</summary>
    /// <exception cref="TtlvFormatException">The current item is not an Enumeration.</exception>
    public readonly uint GetEnumeration()
    {
        EnsureType(TtlvType.Enumeration);
        return BinaryPrimitives.ReadUInt32BigEndian(ValueSpan);
    }

    /// <summary>The current Boolean value.</summary>
    /// <exception cref="TtlvFormatException">The current item is not a Boolean.</exception>
    public readonly bool GetBoolean()
    {
        EnsureType(TtlvType.Boolean);
        return ValueSpan[7] == 1;
    }

    /// <summary>The current Text String, decoded (allocates the string).</summary>
    /// <exception cref="TtlvFormatException">The current item is not a Text String.</exception>
    public readonly string GetTextString()
    {
        EnsureType(TtlvType.TextString);
        return Encoding.UTF8.GetString(ValueSpan);
    }

    /// <summary>The current Byte String, copied into a new array.</summary>
    /// <exception cref="TtlvFormatException">The current item is not a Byte String.</exception>
    public readonly byte[] GetByteString()
    {
        EnsureType(TtlvType.ByteString);
        return ValueSpan.ToArray();
    }

    /// <summary>The current Date-Time value.</summary>
    /// <exception cref="TtlvFormatException">The current item is not a Date-Time.</exception>
    public readonly DateTimeOffset GetDateTime()
    {
        EnsureType(TtlvType.DateTime);
        return DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(ValueSpan));
    }

    /// <summary>The current Date-Time as seconds since the POSIX epoch.</summary>
    /// <exception cref="TtlvFormatException">The current item is not a Date-Time.</exception>
    public readonly long GetDateTimeSeconds()
    {
        EnsureType(TtlvType.DateTime);
        return BinaryPrimitives.ReadInt64BigEndian(ValueSpan);
    }

    /// <summary>The current Interval, in seconds.</summary>
    /// <exception cref="TtlvFormatException">The current item is not an Interval.</exception>
    public readonly uint GetInterval()
    {
        EnsureType(TtlvType.Interval);
        return BinaryPrimitives.ReadUInt32BigEndian(ValueSpan);
    }

    /// <summary>The current Date-Time Extended, in microseconds since the POSIX epoch.</summary>
    /// <exception cref="TtlvFormatException">The current item is not a Date-Time Extended.</exception>
    public readonly long GetDateTimeExtended()
    {
        EnsureType(TtlvType.DateTimeExtended);
        return BinaryPrimitives.ReadInt64BigEndian(ValueSpan);
    }

    private readonly void EnsureType(TtlvType expected)
    {
        if (TokenType != TtlvTokenType.Value || Type != expected)
        {
            ThrowFormat($"{Tag} is {(TokenType == TtlvTokenType.Value ? Type.ToString() : TokenType.ToString())}, not {expected}", TokenOffset);
        }
    }

    private static void CheckLength(TtlvType type, int length, int offset)
    {
        // KMIP 1.4 §9.1.1.4 / 2.1 §9.1.1.4: fixed lengths per item type.
        int? required = type switch
        {
            TtlvType.Integer or TtlvType.Enumeration or TtlvType.Interval => 4,
            TtlvType.LongInteger or TtlvType.Boolean or TtlvType.DateTime or TtlvType.DateTimeExtended => 8,
            TtlvType.Structure or TtlvType.TextString or TtlvType.ByteString or TtlvType.BigInteger => null,
            _ => throw new TtlvFormatException($"unknown item type 0x{(byte)type:X2}", offset + 3),
        };
        if (required is int r && length != r)
        {
            ThrowFormat($"{type} must be {r} bytes long, not {length}", offset + 4);
        }

        // Big Integers are sign-extended to a multiple of eight bytes (KMIP 1.4 §9.1.1.4).
        if (type == TtlvType.BigInteger && (length == 0 || length % 8 != 0))
        {
            ThrowFormat($"BigInteger length {length} is not a positive multiple of 8", offset + 4);
        }

        // A structure holds whole items, each a multiple of eight bytes.
        if (type == TtlvType.Structure && length % 8 != 0)
        {
            ThrowFormat($"Structure length {length} is not a multiple of 8", offset + 4);
        }
    }

    private static void CheckValue(TtlvType type, ReadOnlySpan<byte> value, int offset)
    {
        switch (type)
        {
            case TtlvType.Boolean:
                ulong b = BinaryPrimitives.ReadUInt64BigEndian(value);
                if (b > 1)
                {
                    ThrowFormat($"Boolean value 0x{b:X16} is neither 0 nor 1", offset);
                }

                break;
            case TtlvType.TextString:
                if (!Utf8.IsValid(value))
                {
                    ThrowFormat("Text String is not valid UTF-8", offset);
                }

                break;
            case TtlvType.DateTime:
                long seconds = BinaryPrimitives.ReadInt64BigEndian(value);
                if (seconds is < MinUnixSeconds or > MaxUnixSeconds)
                {
                    ThrowFormat($"Date-Time {seconds} is outside years 0001–9999", offset);
                }

                break;
            case TtlvType.DateTimeExtended:
                long micros = BinaryPrimitives.ReadInt64BigEndian(value);
                // Compared in microseconds: dividing first truncates toward zero and would let through
                // up to 999,999 µs before year 0001.
                if (micros is < MinUnixMicroseconds or > MaxUnixMicroseconds)
                {
                    ThrowFormat($"Date-Time Extended {micros} is outside years 0001–9999", offset);
                }

                break;
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowFormat(string message, int offset) => throw new TtlvFormatException(message, offset);

    [InlineArray(MaxSupportedDepth)]
    private struct EndStack
    {
        private int _element;
    }

    [InlineArray(MaxSupportedDepth)]
    private struct TagStack
    {
        private Tag _element;
    }
}
