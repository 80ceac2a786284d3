using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Clavis.Kmip.Ttlv;

/// <summary>
/// Writes TTLV into a growable buffer rented from <see cref="ArrayPool{T}"/>. Structure lengths are
/// back-patched when <see cref="WriteEndStructure"/> closes them, so nothing is built twice.
/// Reuse one writer (<see cref="Reset"/>) to write many messages without allocating.
/// </summary>
/// <remarks>
/// The buffer may hold key material: it is cleared when returned to the pool (on growth, Reset and Dispose).
/// </remarks>
public sealed class TtlvWriter : IDisposable
{
    private const int HeaderSize = 8;

    // Throws on lone surrogates instead of writing U+FFFD: a Text String must reach the peer as given,
    // or not at all (the lenient Encoding.UTF8 would silently change, say, a name or an identifier).
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private byte[] _buffer;
    private int _length;
    private int[] _openStructures = new int[16];
    private int _depth;

    /// <summary>Creates a writer whose first buffer holds at least <paramref name="initialCapacity"/> bytes.</summary>
    /// <param name="initialCapacity">Bytes to rent up front.</param>
    public TtlvWriter(int initialCapacity = 512)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 64));
    }

    /// <summary>The bytes written so far. Valid until the next write, <see cref="Reset"/> or <see cref="Dispose"/>; does not copy.</summary>
    /// <exception cref="InvalidOperationException">A structure is still open.</exception>
    public ReadOnlySpan<byte> WrittenSpan
    {
        get
        {
            EnsureClosed();
            return _buffer.AsSpan(0, _length);
        }
    }

    /// <summary>How many bytes have been written.</summary>
    public int WrittenCount => _length;

    /// <summary>How many structures are open.</summary>
    public int Depth => _depth;

    /// <summary>Copies the written bytes into a new array (the caller owns it).</summary>
    /// <exception cref="InvalidOperationException">A structure is still open.</exception>
    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>Forgets everything written (clearing it) so the writer can be reused.</summary>
    public void Reset()
    {
        _buffer.AsSpan(0, _length).Clear();
        _length = 0;
        _depth = 0;
    }

    /// <summary>Opens a Structure; its children follow until <see cref="WriteEndStructure"/>.</summary>
    public void WriteStartStructure(Tag tag)
    {
        if (_depth == _openStructures.Length)
        {
            Array.Resize(ref _openStructures, _depth * 2);
        }

        _openStructures[_depth++] = _length;
        WriteHeader(tag, TtlvType.Structure, 0);
    }

    /// <summary>Closes the innermost open Structure, writing its length.</summary>
    /// <exception cref="InvalidOperationException">No structure is open.</exception>
    public void WriteEndStructure()
    {
        if (_depth == 0)
        {
            throw new InvalidOperationException("no structure is open");
        }

        int start = _openStructures[--_depth];
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(start + 4), (uint)(_length - start - HeaderSize));
    }

    /// <summary>Writes an Integer.</summary>
    public void WriteInteger(Tag tag, int value)
    {
        Span<byte> span = WriteFixed(tag, TtlvType.Integer, 4);
        BinaryPrimitives.WriteInt32BigEndian(span, value);
    }

    /// <summary>Writes a Long Integer.</summary>
    public void WriteLongInteger(Tag tag, long value)
    {
        Span<byte> span = WriteFixed(tag, TtlvType.LongInteger, 8);
        BinaryPrimitives.WriteInt64BigEndian(span, value);
    }

    /// <summary>Writes a Big Integer from its big-endian two's-complement bytes, sign-extending them to a multiple of 8.</summary>
    /// <exception cref="ArgumentException"><paramref name="twosComplementBigEndian"/> is empty.</exception>
    public void WriteBigInteger(Tag tag, ReadOnlySpan<byte> twosComplementBigEndian)
    {
        if (twosComplementBigEndian.IsEmpty)
        {
            throw new ArgumentException("a Big Integer needs at least one byte", nameof(twosComplementBigEndian));
        }

        int length = (twosComplementBigEndian.Length + 7) & ~7;
        Span<byte> span = WriteFixed(tag, TtlvType.BigInteger, length);
        int extension = length - twosComplementBigEndian.Length;
        span[..extension].Fill((twosComplementBigEndian[0] & 0x80) != 0 ? (byte)0xFF : (byte)0);
        twosComplementBigEndian.CopyTo(span[extension..]);
    }

    /// <summary>Writes an Enumeration.</summary>
    public void WriteEnumeration(Tag tag, uint value)
    {
        Span<byte> span = WriteFixed(tag, TtlvType.Enumeration, 4);
        BinaryPrimitives.WriteUInt32BigEndian(span, value);
    }

    /// <summary>Writes a Boolean.</summary>
    public void WriteBoolean(Tag tag, bool value)
    {
        Span<byte> span = WriteFixed(tag, TtlvType.Boolean, 8);
        BinaryPrimitives.WriteUInt64BigEndian(span, value ? 1UL : 0UL);
    }

    /// <summary>Writes a Text String, encoding it as UTF-8 straight into the buffer.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> holds a lone surrogate, which UTF-8 cannot carry (nothing is written).</exception>
    public void WriteTextString(Tag tag, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int length = s_strictUtf8.GetByteCount(value);
        Span<byte> span = WriteFixed(tag, TtlvType.TextString, length);
        s_strictUtf8.GetBytes(value, span);
    }

    /// <summary>Writes a Text String from bytes already in UTF-8 (not checked here; the reader checks).</summary>
    public void WriteTextString(Tag tag, ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(WriteFixed(tag, TtlvType.TextString, utf8.Length));
    }

    /// <summary>Writes a Byte String.</summary>
    public void WriteByteString(Tag tag, ReadOnlySpan<byte> value)
    {
        value.CopyTo(WriteFixed(tag, TtlvType.ByteString, value.Length));
    }

    /// <summary>Writes a Date-Time (whole seconds; fractions are dropped, as KMIP Date-Time has none).</summary>
    public void WriteDateTime(Tag tag, DateTimeOffset value) => WriteDateTimeSeconds(tag, value.ToUnixTimeSeconds());

    /// <summary>Writes a Date-Time given as seconds since the POSIX epoch.</summary>
    public void WriteDateTimeSeconds(Tag tag, long unixSeconds)
    {
        Span<byte> span = WriteFixed(tag, TtlvType.DateTime, 8);
        BinaryPrimitives.WriteInt64BigEndian(span, unixSeconds);
    }

    /// <summary>Writes an Interval, in seconds.</summary>
    public void WriteInterval(Tag tag, uint seconds)
    {
        Span<byte> span = WriteFixed(tag, TtlvType.Interval, 4);
        BinaryPrimitives.WriteUInt32BigEndian(span, seconds);
    }

    /// <summary>Writes a Date-Time Extended, in microseconds since the POSIX epoch (KMIP 2.0 and later).</summary>
    public void WriteDateTimeExtended(Tag tag, long unixMicroseconds)
    {
        Span<byte> span = WriteFixed(tag, TtlvType.DateTimeExtended, 8);
        BinaryPrimitives.WriteInt64BigEndian(span, unixMicroseconds);
    }

    /// <summary>Appends already-encoded TTLV items (e.g. a payload encoded elsewhere) as they are.</summary>
    public void WriteRaw(ReadOnlySpan<byte> ttlv)
    {
        ttlv.CopyTo(Grow(ttlv.Length));
    }

    /// <summary>Returns the buffer to the pool, cleared.</summary>
    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        _length = 0;
        _depth = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    // Writes the header and zero padding; returns the span for the value itself.
    private Span<byte> WriteFixed(Tag tag, TtlvType type, int valueLength)
    {
        int padded = (valueLength + 7) & ~7;
        Span<byte> item = Grow(HeaderSize + padded);
        WriteHeaderTo(item, tag, type, valueLength);
        item[(HeaderSize + valueLength)..].Clear();
        return item.Slice(HeaderSize, valueLength);
    }

    private void WriteHeader(Tag tag, TtlvType type, int length) => WriteHeaderTo(Grow(HeaderSize), tag, type, length);

    private static void WriteHeaderTo(Span<byte> span, Tag tag, TtlvType type, int length)
    {
        uint t = (uint)tag;
        span[0] = (byte)(t >> 16);
        span[1] = (byte)(t >> 8);
        span[2] = (byte)t;
        span[3] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], (uint)length);
    }

    private Span<byte> Grow(int count)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        if (_buffer.Length - _length < count)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
            _buffer = larger;
        }

        Span<byte> span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }

    private void EnsureClosed()
    {
        if (_depth != 0)
        {
            throw new InvalidOperationException($"{_depth} structure(s) still open");
        }
    }
}
