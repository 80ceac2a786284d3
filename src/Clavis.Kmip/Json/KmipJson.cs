using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Clavis.Kmip.Encodings;
using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Json;

/// <summary>
/// The KMIP JSON message encoding (KMIP Additional Message Encodings v1.0 §5) of <see cref="TtlvNode"/> trees.
/// Each item is <c>{"tag": …, "type": …, "value": …}</c>: tag by XML name or as "0x540001", type defaulting to
/// Structure, a Structure's value an array. Reading accepts every permitted form (numbers or 0x hex strings,
/// names or hex, masks joined by '|', ISO 8601 or hex dates); writing emits one canonical form, and the
/// conversion TTLV → JSON → TTLV is byte-for-byte lossless.
/// </summary>
public static class KmipJson
{
    // KMIP Additional Message Encodings v1.0 §5.4: integers of 2^52 or more (in magnitude) go as hex strings.
    private const long ExactDoubleLimit = 1L << 52;

    // Two JSON levels (object, array) per item, and room past the TTLV codec's default depth of 32.
    private const int MaxItemDepth = 64;

    private static readonly JsonDocumentOptions s_documentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = (2 * MaxItemDepth) + 2,
        AllowDuplicateProperties = false,
    };

    private static readonly JsonWriterOptions s_indented = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonWriterOptions s_compact = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads every message in <paramref name="json"/>: one item object, or an array of them.</summary>
    /// <param name="json">The text.</param>
    /// <returns>The messages (or other top-level items), in order; at least one.</returns>
    /// <exception cref="KmipEncodingException">The text is not valid JSON, holds no item, or an item is invalid; the exception gives the JSON path.</exception>
    public static IReadOnlyList<TtlvNode> ReadMessages(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, s_documentOptions);
        }
        catch (JsonException e)
        {
            throw new KmipEncodingException($"not valid JSON: {StripLocation(e.Message)}", e.Path ?? "$", (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? -1) + 1);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            switch (root.ValueKind)
            {
                case JsonValueKind.Object:
                    return [ReadItem(root, "$", attributeName: null, depth: 0)];
                case JsonValueKind.Array:
                    var items = new List<TtlvNode>(root.GetArrayLength());
                    int index = 0;
                    foreach (JsonElement element in root.EnumerateArray())
                    {
                        items.Add(ReadItem(element, $"$[{index++}]", attributeName: null, depth: 0));
                    }

                    return items.Count > 0 ? items : throw new KmipEncodingException("no KMIP message in the input", "$");
                default:
                    throw new KmipEncodingException($"expected a KMIP item object or an array of them, found {Describe(root.ValueKind)}", "$");
            }
        }
    }

    /// <summary>Reads exactly one item (typically a message), as <see cref="ReadMessages"/> does.</summary>
    /// <param name="json">The text.</param>
    /// <returns>The item.</returns>
    /// <exception cref="KmipEncodingException">The text is invalid or holds more than one item.</exception>
    public static TtlvNode ReadItem(string json)
    {
        IReadOnlyList<TtlvNode> items = ReadMessages(json);
        return items.Count == 1 ? items[0] : throw new KmipEncodingException($"expected one KMIP item, found {items.Count}", "$");
    }

    /// <summary>Writes one item as a JSON object.</summary>
    /// <param name="item">The item.</param>
    /// <param name="indented">Whether to indent (the default) or write one line.</param>
    /// <returns>The JSON text.</returns>
    public static string Write(TtlvNode item, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Write(writer => WriteItem(writer, item, attributeName: null), indented);
    }

    /// <summary>Writes messages: a single message as its object, several as an array in order, which <see cref="ReadMessages"/> reads back.</summary>
    /// <param name="messages">The messages; at least one.</param>
    /// <param name="indented">Whether to indent (the default) or write one line.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentException"><paramref name="messages"/> is empty.</exception>
    public static string WriteMessages(IReadOnlyList<TtlvNode> messages, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            throw new ArgumentException("no messages to write", nameof(messages));
        }

        if (messages.Count == 1)
        {
            return Write(messages[0], indented);
        }

        return Write(writer =>
        {
            writer.WriteStartArray();
            foreach (TtlvNode message in messages)
            {
                WriteItem(writer, message, attributeName: null);
            }

            writer.WriteEndArray();
        }, indented);
    }

    private static string Write(Action<Utf8JsonWriter> write, bool indented)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, indented ? s_indented : s_compact))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteItem(Utf8JsonWriter writer, TtlvNode item, Tag? attributeName)
    {
        writer.WriteStartObject();
        // KMIP Additional Message Encodings v1.0 §5.4: the tag by name, or as hex when it has none.
        writer.WriteString("tag", KmipValueText.TagName(item.Tag) ?? KmipValueText.TagHex(item.Tag));
        if (item.Type == TtlvType.Structure)
        {
            // KMIP Additional Message Encodings v1.0 §5.4: type defaults to Structure; its value is an array.
            writer.WriteStartArray("value");
            Tag? context = null;
            foreach (TtlvNode child in item.Children)
            {
                WriteItem(writer, child, context);
                context = KmipValueText.AttributeNameContext(child, context);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            return;
        }

        writer.WriteString("type", KmipValueText.TypeName(item.Type));
        EnumerationDefinition? table = KmipValueText.TableFor(item.Tag, item.Type, attributeName);
        switch (item.Type)
        {
            case TtlvType.Integer when table is null:
                writer.WriteNumber("value", item.IntegerValue);
                break;
            case TtlvType.Interval:
                writer.WriteNumber("value", item.IntervalValue);
                break;
            case TtlvType.LongInteger when Math.Abs(item.LongIntegerValue) < ExactDoubleLimit:
                writer.WriteNumber("value", item.LongIntegerValue);
                break;
            case TtlvType.LongInteger:
                writer.WriteString("value", string.Create(CultureInfo.InvariantCulture, $"0x{item.LongIntegerValue:X16}"));
                break;
            case TtlvType.Boolean:
                writer.WriteBoolean("value", item.BooleanValue);
                break;
            default:
                // KMIP Additional Message Encodings v1.0 §5.4: masks joined by '|', Big Integers as 0x hex.
                writer.WriteString("value", KmipValueText.Format(item, table, '|', bigIntegerPrefix: "0x"));
                break;
        }

        writer.WriteEndObject();
    }

    private static TtlvNode ReadItem(JsonElement element, string path, Tag? attributeName, int depth)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new KmipEncodingException($"expected a KMIP item object, found {Describe(element.ValueKind)}", path);
        }

        if (depth > MaxItemDepth)
        {
            throw new KmipEncodingException($"items nest deeper than {MaxItemDepth} levels", path);
        }

        string? tagText = null, typeText = null;
        JsonElement? value = null;
        foreach (JsonProperty property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "tag": tagText = RequireString(property.Value, $"{path}.tag"); break;
                case "type": typeText = RequireString(property.Value, $"{path}.type"); break;
                case "name": break;
                case "value": value = property.Value; break;
                default: throw new KmipEncodingException($"unexpected property '{property.Name}' (an item has tag, type and value)", path);
            }
        }

        Tag tag = Convert(() => KmipValueText.ParseTag(tagText ?? throw new KmipValueException("an item needs a tag")), tagText is null ? path : $"{path}.tag");
        // KMIP Additional Message Encodings v1.0 §5.4: an item without a type is a Structure.
        TtlvType type = typeText is null ? TtlvType.Structure : Convert(() => KmipValueText.ParseTypeName(typeText), $"{path}.type");
        string valuePath = $"{path}.value";
        if (value is not { } v)
        {
            throw new KmipEncodingException($"the {KmipValueText.TypeName(type)} item has no value", path);
        }

        if (type == TtlvType.Structure)
        {
            if (v.ValueKind != JsonValueKind.Array)
            {
                throw new KmipEncodingException($"a Structure's value must be an array, found {Describe(v.ValueKind)}", valuePath);
            }

            TtlvNode structure = TtlvNode.Structure(tag);
            Tag? context = null;
            int index = 0;
            foreach (JsonElement childElement in v.EnumerateArray())
            {
                TtlvNode child = ReadItem(childElement, $"{valuePath}[{index++}]", context, depth + 1);
                structure.Children.Add(child);
                context = KmipValueText.AttributeNameContext(child, context);
            }

            return structure;
        }

        EnumerationDefinition? table = KmipValueText.TableFor(tag, type, attributeName);
        return Convert(() => ReadValue(tag, type, v, table), valuePath);
    }

    private static TtlvNode ReadValue(Tag tag, TtlvType type, JsonElement value, EnumerationDefinition? table)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return KmipValueText.Parse(tag, type, value.GetString()!, table);
            case JsonValueKind.Number:
                // KMIP Additional Message Encodings v1.0 §5.4: integers may be JSON numbers.
                return type switch
                {
                    TtlvType.Integer when value.TryGetInt32(out int i) => TtlvNode.Integer(tag, i),
                    TtlvType.LongInteger when value.TryGetInt64(out long l) => TtlvNode.LongInteger(tag, l),
                    TtlvType.Interval when value.TryGetUInt32(out uint u) => TtlvNode.Interval(tag, u),
                    TtlvType.Enumeration when value.TryGetUInt32(out uint e) => TtlvNode.Enumeration(tag, e),
                    TtlvType.BigInteger when BigInteger.TryParse(value.GetRawText(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out BigInteger b) => TtlvNode.BigInteger(tag, b),
                    TtlvType.Integer or TtlvType.LongInteger or TtlvType.Interval or TtlvType.Enumeration or TtlvType.BigInteger =>
                        throw new KmipValueException($"{value.GetRawText()} is not a whole number in the range of a {KmipValueText.TypeName(type)}"),
                    _ => throw new KmipValueException($"a {KmipValueText.TypeName(type)} value cannot be a number"),
                };
            case JsonValueKind.True or JsonValueKind.False when type == TtlvType.Boolean:
                return TtlvNode.Boolean(tag, value.GetBoolean());
            default:
                throw new KmipValueException($"a {KmipValueText.TypeName(type)} value cannot be {Describe(value.ValueKind)}");
        }
    }

    private static T Convert<T>(Func<T> convert, string path)
    {
        try
        {
            return convert();
        }
        catch (KmipValueException e)
        {
            throw new KmipEncodingException(e.Message, path);
        }
    }

    private static string RequireString(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new KmipEncodingException($"expected a string, found {Describe(element.ValueKind)}", path);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string StripLocation(string message)
    {
        int at = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (at < 0)
        {
            at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        return at > 0 ? message[..at] : message;
    }
}
