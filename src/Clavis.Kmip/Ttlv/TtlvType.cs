namespace Clavis.Kmip.Ttlv;

/// <summary>The item type byte of a TTLV item.</summary>
/// <remarks>STABLE FORMAT: these values are the wire values of KMIP 1.0–2.1 §9.1.1.2 (1.x) / §11 (2.x).</remarks>
public enum TtlvType : byte
{
    /// <summary>A container of further items.</summary>
    Structure = 0x01,
    /// <summary>A 32-bit signed integer (also carries bit masks).</summary>
    Integer = 0x02,
    /// <summary>A 64-bit signed integer.</summary>
    LongInteger = 0x03,
    /// <summary>A big-endian two's-complement integer, padded to a multiple of 8 bytes.</summary>
    BigInteger = 0x04,
    /// <summary>A 32-bit unsigned enumeration value.</summary>
    Enumeration = 0x05,
    /// <summary>A 64-bit value, 0 or 1.</summary>
    Boolean = 0x06,
    /// <summary>UTF-8 text.</summary>
    TextString = 0x07,
    /// <summary>Opaque bytes.</summary>
    ByteString = 0x08,
    /// <summary>Seconds since the POSIX epoch, 64-bit signed.</summary>
    DateTime = 0x09,
    /// <summary>A 32-bit unsigned number of seconds.</summary>
    Interval = 0x0A,
    /// <summary>Microseconds since the POSIX epoch, 64-bit signed (KMIP 2.0 and later).</summary>
    DateTimeExtended = 0x0B,
}
