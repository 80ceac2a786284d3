using System.Globalization;
using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Encodings;

/// <summary>
/// The textual forms that the KMIP XML and JSON encodings share: tag and type names, and item values as
/// text. Parsers accept every form the profile permits; formatters write one canonical form, and fall back
/// to hex whenever a name would not read back as the same value, so that every tree converts losslessly.
/// </summary>
internal static class KmipValueText
{
    private const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss";
    private const string DateTimeExtendedFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff";

    private static readonly string[] s_dateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
    ];

    /// <summary>The profile's name of an item type ("TextString").</summary>
    public static string TypeName(TtlvType type) => type switch
    {
        TtlvType.Structure => "Structure",
        TtlvType.Integer => "Integer",
        TtlvType.LongInteger => "LongInteger",
        TtlvType.BigInteger => "BigInteger",
        TtlvType.Enumeration => "Enumeration",
        TtlvType.Boolean => "Boolean",
        TtlvType.TextString => "TextString",
        TtlvType.ByteString => "ByteString",
        TtlvType.DateTime => "DateTime",
        TtlvType.Interval => "Interval",
        TtlvType.DateTimeExtended => "DateTimeExtended",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown item type"),
    };

    /// <summary>Parses an item type name; KMIP Additional Message Encodings v1.0 §5.4/§6.3 (type names).</summary>
    public static TtlvType ParseTypeName(string name) => name switch
    {
        "Structure" => TtlvType.Structure,
        "Integer" => TtlvType.Integer,
        "LongInteger" => TtlvType.LongInteger,
        "BigInteger" => TtlvType.BigInteger,
        "Enumeration" => TtlvType.Enumeration,
        "Boolean" => TtlvType.Boolean,
        "TextString" => TtlvType.TextString,
        "ByteString" => TtlvType.ByteString,
        "DateTime" => TtlvType.DateTime,
        "Interval" => TtlvType.Interval,
        "DateTimeExtended" => TtlvType.DateTimeExtended,
        _ => throw new KmipValueException($"'{name}' is not a KMIP item type"),
    };

    /// <summary>The canonical name of a tag, or null when it must be written as hex (unknown or extension tags).</summary>
    public static string? TagName(Tag tag) =>
        KmipVocabulary.TryGetTag(tag, out var definition)
            && KmipVocabulary.TryGetTagByName(definition.XmlName, out var back)
            && back.Tag == tag
            ? definition.XmlName
            : null;

    /// <summary>The hex form of a tag, "0x540001".</summary>
    public static string TagHex(Tag tag) => string.Create(CultureInfo.InvariantCulture, $"0x{(uint)tag:X6}");

    /// <summary>Parses a tag given as "0x" and six hex digits; KMIP Additional Message Encodings v1.0 §5.4/§6.3.</summary>
    public static Tag ParseTagHex(string text)
    {
        if (!TryParseHex(text, 6, out ulong value) || text.Length != 8)
        {
            throw new KmipValueException($"'{text}' is not a tag: expected 0x and six hex digits, e.g. 0x540001");
        }

        // KMIP 1.4 §9.1.3.1 / 2.1 §11: only 0x42xxxx and 0x54xxxx can be encoded as TTLV.
        if ((value >> 16) is not (0x42 or 0x54))
        {
            throw new KmipValueException($"tag {text} is outside the KMIP (0x42xxxx) and extension (0x54xxxx) ranges");
        }

        return (Tag)value;
    }

    /// <summary>Parses a tag given by name or as hex.</summary>
    public static Tag ParseTag(string text)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return ParseTagHex(text);
        }

        return KmipVocabulary.TryGetTagByName(text, out var definition)
            ? definition.Tag
            : throw new KmipValueException($"'{text}' is not a KMIP tag name (unknown and vendor tags are written as hex, 0x540001)");
    }

    /// <summary>
    /// The table that names the values of an item: its tag's, except for a 1.x Attribute Value, whose
    /// meaning is set by the Attribute Name before it (<paramref name="attributeName"/>).
    /// </summary>
    public static EnumerationDefinition? TableFor(Tag tag, TtlvType type, Tag? attributeName)
    {
        Tag named = tag == Tag.AttributeValue && attributeName is { } name ? name : tag;
        if (!KmipVocabulary.TryGetEnumerationForTag(named, out var table))
        {
            return null;
        }

        // KMIP Additional Message Encodings v1.0 §5.4/§6.3: Enumerations by name, masks (Integers) by bit names.
        return (type == TtlvType.Enumeration && !table.IsMask) || (type == TtlvType.Integer && table.IsMask) ? table : null;
    }

    /// <summary>The tag that a 1.x Attribute Name item names, to pass as context to the Attribute Value after it.</summary>
    public static Tag? AttributeNameContext(TtlvNode child, Tag? current)
    {
        if (child.Tag != Tag.AttributeName)
        {
            return current;
        }

        return child.Type == TtlvType.TextString && KmipVocabulary.TryGetTagByName(child.TextStringValue, out var definition)
            ? definition.Tag
            : null;
    }

    /// <summary>Builds a value item from its text; <paramref name="table"/> names Enumeration values and mask bits.</summary>
    public static TtlvNode Parse(Tag tag, TtlvType type, string text, EnumerationDefinition? table)
    {
        if (type != TtlvType.TextString && text.StartsWith('$'))
        {
            throw new KmipValueException($"'{text}' is a test-case placeholder, not a {TypeName(type)} value; substitute it first");
        }

        return type switch
        {
            TtlvType.Integer => TtlvNode.Integer(tag, ParseInteger(text, table)),
            TtlvType.LongInteger => TtlvNode.LongInteger(tag, ParseLongInteger(text)),
            TtlvType.BigInteger => TtlvNode.BigInteger(tag, ParseBigInteger(text)),
            TtlvType.Enumeration => TtlvNode.Enumeration(tag, ParseEnumeration(text, table)),
            TtlvType.Boolean => TtlvNode.Boolean(tag, ParseBoolean(text)),
            TtlvType.TextString => TtlvNode.TextString(tag, text),
            TtlvType.ByteString => TtlvNode.ByteString(tag, ParseHexBytes(text, "ByteString")),
            TtlvType.DateTime => TtlvNode.DateTime(tag, ParseDateTime(text)),
            TtlvType.Interval => TtlvNode.Interval(tag, ParseInterval(text)),
            TtlvType.DateTimeExtended => TtlvNode.DateTimeExtended(tag, ParseDateTimeExtended(text)),
            _ => throw new KmipValueException($"a {TypeName(type)} has no text value"),
        };
    }

    /// <summary>
    /// Writes a value item's canonical text: decimal Integer/LongInteger/Interval, mask bit names joined by
    /// <paramref name="maskSeparator"/>, Enumeration names (hex when unnamed), lower-case hex for bytes,
    /// xsd:dateTime in UTC.
    /// </summary>
    public static string Format(TtlvNode node, EnumerationDefinition? table, char maskSeparator, string bigIntegerPrefix)
    {
        var invariant = CultureInfo.InvariantCulture;
        return node.Type switch
        {
            TtlvType.Integer => table is { IsMask: true } ? FormatMask((uint)node.IntegerValue, table, maskSeparator) : node.IntegerValue.ToString(invariant),
            TtlvType.LongInteger => node.LongIntegerValue.ToString(invariant),
            TtlvType.BigInteger => bigIntegerPrefix + Convert.ToHexStringLower(node.BigIntegerBytes),
            TtlvType.Enumeration => FormatEnumeration(node.EnumerationValue, table),
            TtlvType.Boolean => node.BooleanValue ? "true" : "false",
            TtlvType.TextString => node.TextStringValue,
            TtlvType.ByteString => Convert.ToHexStringLower(node.ByteStringValue),
            // KMIP Additional Message Encodings v1.0 §6.3: DateTime as xsd:dateTime.
            TtlvType.DateTime => node.DateTimeValue.UtcDateTime.ToString(DateTimeFormat, invariant) + "+00:00",
            TtlvType.Interval => node.IntervalValue.ToString(invariant),
            TtlvType.DateTimeExtended => DateTimeOffset.UnixEpoch.AddTicks(node.DateTimeExtendedValue * 10).UtcDateTime.ToString(DateTimeExtendedFormat, invariant) + "+00:00",
            _ => throw new ArgumentException($"a {node.Type} has no text value", nameof(node)),
        };
    }

    /// <summary>An Enumeration's name when it reads back as the same value, else 0x and eight hex digits.</summary>
    public static string FormatEnumeration(uint value, EnumerationDefinition? table) =>
        table is not null && table.TryGetValueName(value, out var name) && table.TryGetValue(name, out uint back) && back == value
            ? name
            : string.Create(CultureInfo.InvariantCulture, $"0x{value:X8}");

    /// <summary>A mask's bit names (and any unnamed bits as hex) when they read back as the same value, else hex.</summary>
    public static string FormatMask(uint mask, EnumerationDefinition table, char separator)
    {
        string text = table.FormatMask(mask, separator);
        return table.TryParseMask(text, out uint back) && back == mask ? text : string.Create(CultureInfo.InvariantCulture, $"0x{mask:X8}");
    }

    /// <summary>Parses "0x" and 1 to <paramref name="maxDigits"/> hex digits.</summary>
    public static bool TryParseHex(string text, int maxDigits, out ulong value)
    {
        value = 0;
        return text.Length > 2 && text.Length <= 2 + maxDigits
            && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    public static int ParseInteger(string text, EnumerationDefinition? table)
    {
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            return value;
        }

        if (TryParseHex(text, 8, out ulong bits))
        {
            return unchecked((int)(uint)bits);
        }

        // KMIP Additional Message Encodings v1.0 §5.4/§6.3: a mask is bit names and/or hex, space- or '|'-separated.
        if (table is { IsMask: true } && table.TryParseMask(text, out uint mask))
        {
            return unchecked((int)mask);
        }

        throw new KmipValueException(table is { IsMask: true }
            ? $"'{text}' is not a {table.XmlName}: expected bit names or 0x hex parts"
            : $"'{text}' is not an Integer: expected a decimal number or 0x and up to 8 hex digits");
    }

    public static long ParseLongInteger(string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            return value;
        }

        return TryParseHex(text, 16, out ulong bits)
            ? unchecked((long)bits)
            : throw new KmipValueException($"'{text}' is not a LongInteger: expected a decimal number or 0x and up to 16 hex digits");
    }

    public static uint ParseInterval(string text)
    {
        if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint value))
        {
            return value;
        }

        return TryParseHex(text, 8, out ulong bits)
            ? (uint)bits
            : throw new KmipValueException($"'{text}' is not an Interval: expected seconds as a decimal number or 0x and up to 8 hex digits");
    }

    public static byte[] ParseBigInteger(string text)
    {
        // KMIP Additional Message Encodings v1.0 §5.4/§6.3: Big Integer as big-endian two's-complement hex.
        byte[] bytes = ParseHexBytes(text, "BigInteger");
        return bytes.Length > 0 ? bytes : throw new KmipValueException("a BigInteger needs at least one byte");
    }

    public static uint ParseEnumeration(string text, EnumerationDefinition? table)
    {
        if (table is not null && table.TryGetValue(text, out uint value))
        {
            return value;
        }

        // KMIP Additional Message Encodings v1.0 §5.4/§6.3: an Enumeration is a name or 0x and 8 hex digits.
        if (TryParseHex(text, 8, out ulong bits))
        {
            return (uint)bits;
        }

        throw new KmipValueException(table is null
            ? $"'{text}' is not an Enumeration value: this tag's values have no names, write 0x and 8 hex digits"
            : $"'{text}' is not a {table.XmlName} value");
    }

    public static bool ParseBoolean(string text) => text switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ when TryParseHex(text, 16, out ulong bits) && bits <= 1 => bits == 1,
        _ => throw new KmipValueException($"'{text}' is not a Boolean: expected true or false"),
    };

    public static byte[] ParseHexBytes(string text, string typeName)
    {
        ReadOnlySpan<char> digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text.AsSpan(2) : text;
        if (digits.Length % 2 != 0)
        {
            if (typeName != "BigInteger")
            {
                throw new KmipValueException($"a {typeName} needs an even number of hex digits, '{text}' has {digits.Length}");
            }

            digits = string.Concat("0", digits);
        }

        try
        {
            return Convert.FromHexString(digits);
        }
        catch (FormatException)
        {
            throw new KmipValueException($"'{text}' is not a {typeName}: expected hex digits");
        }
    }

    public static DateTimeOffset ParseDateTime(string text)
    {
        if (TryParseHex(text, 16, out ulong bits))
        {
            return FromUnixSeconds(unchecked((long)bits), text);
        }

        DateTimeOffset value = ParseIsoDateTime(text, "DateTime");
        // TTLV DateTime carries whole seconds; a fraction would be lost.
        return value.Ticks % TimeSpan.TicksPerSecond == 0
            ? value
            : throw new KmipValueException($"'{text}' has a fraction of a second, which a DateTime cannot carry");
    }

    public static long ParseDateTimeExtended(string text)
    {
        if (TryParseHex(text, 16, out ulong bits))
        {
            long micros = unchecked((long)bits);
            _ = FromUnixSeconds(micros / 1_000_000, text);
            return micros;
        }

        DateTimeOffset value = ParseIsoDateTime(text, "DateTimeExtended");
        long ticks = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return ticks % 10 == 0
            ? ticks / 10
            : throw new KmipValueException($"'{text}' is finer than a microsecond, which a DateTimeExtended cannot carry");
    }

    private static DateTimeOffset ParseIsoDateTime(string text, string typeName)
    {
        // A time without a zone is read as UTC.
        return DateTimeOffset.TryParseExact(text, s_dateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset value)
            ? value
            : throw new KmipValueException($"'{text}' is not a {typeName}: expected xsd:dateTime such as 2013-06-26T09:09:17+00:00, or 0x hex");
    }

    private static DateTimeOffset FromUnixSeconds(long seconds, string text)
    {
        try
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new KmipValueException($"'{text}' is outside the years 0001–9999");
        }
    }
}
