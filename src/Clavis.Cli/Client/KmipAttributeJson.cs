using System.Globalization;
using System.Text.Json.Nodes;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Cli.Client;

/// <summary>
/// KMIP attributes as JSON for <c>--json</c> and as text for people: names in camelCase (<c>cryptographicAlgorithm</c>),
/// enumerations by name, usage masks as lists of names, dates in ISO 8601 UTC, bytes in lower-case hex, structures as
/// objects; an attribute with several instances is an array.
/// </summary>
internal static class KmipAttributeJson
{
    /// <summary>Every attribute as one JSON object, in the order the server gave them.</summary>
    public static JsonObject ToJson(IEnumerable<KmipAttribute> attributes)
    {
        var result = new JsonObject();
        foreach (IGrouping<string, KmipAttribute> group in attributes.GroupBy(Name))
        {
            List<JsonNode?> values = [.. group.Select(a => Value(a.Value))];
            result[group.Key] = values.Count == 1 && !IsMultiValued(group.First()) ? values[0] : new JsonArray([.. values]);
        }

        return result;
    }

    /// <summary>The camelCase name of an attribute; vendor attributes keep their KMIP 1.x name (<c>y-ClavisSuspended</c>).</summary>
    public static string Name(KmipAttribute attribute)
    {
        if (attribute.IsVendorAttribute)
        {
            return attribute.V1Name ?? $"{attribute.VendorIdentification}:{attribute.Name}";
        }

        return CamelCase(attribute.Tag);
    }

    /// <summary>The camelCase name of a tag: Cryptographic Algorithm → cryptographicAlgorithm.</summary>
    public static string CamelCase(Tag tag)
    {
        string pascal = KmipVocabulary.TryGetTag(tag, out TagDefinition? definition)
            ? definition.XmlName
            : string.Create(CultureInfo.InvariantCulture, $"Tag0x{(uint)tag:X6}");
        return char.ToLowerInvariant(pascal[0]) + pascal[1..];
    }

    /// <summary>One value as JSON.</summary>
    public static JsonNode? Value(TtlvNode node)
    {
        switch (node.Type)
        {
            case TtlvType.Structure:
                var structure = new JsonObject();
                foreach (IGrouping<Tag, TtlvNode> children in node.Children.GroupBy(c => c.Tag))
                {
                    List<JsonNode?> values = [.. children.Select(Value)];
                    structure[CamelCase(children.Key)] = values.Count == 1 ? values[0] : new JsonArray([.. values]);
                }

                return structure;
            case TtlvType.Enumeration:
                return KmipVocabulary.TryGetEnumerationForTag(node.Tag, out EnumerationDefinition? table) && table.TryGetValueName(node.EnumerationValue, out string? name)
                    ? name
                    : string.Create(CultureInfo.InvariantCulture, $"0x{node.EnumerationValue:X8}");
            case TtlvType.Integer:
                if (KmipVocabulary.TryGetEnumerationForTag(node.Tag, out EnumerationDefinition? mask) && mask.IsMask)
                {
                    return new JsonArray([.. mask.FormatMask((uint)node.IntegerValue, '|').Split('|', StringSplitOptions.RemoveEmptyEntries).Select(n => (JsonNode)n)]);
                }

                return node.IntegerValue;
            case TtlvType.LongInteger:
                return node.LongIntegerValue;
            case TtlvType.BigInteger:
                return Convert.ToHexStringLower(node.BigIntegerBytes);
            case TtlvType.Boolean:
                return node.BooleanValue;
            case TtlvType.TextString:
                return node.TextStringValue;
            case TtlvType.ByteString:
                return Convert.ToHexStringLower(node.ByteStringValue);
            case TtlvType.DateTime:
                return node.DateTimeValue.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            case TtlvType.DateTimeExtended:
                return DateTimeOffset.UnixEpoch.AddTicks(node.DateTimeExtendedValue * 10).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
            case TtlvType.Interval:
                return node.IntervalValue;
            default:
                return null;
        }
    }

    /// <summary>A JSON value as one line of text: strings bare, arrays joined by commas, objects as key=value.</summary>
    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonArray array => string.Join(", ", array.Select(Text)),
        JsonObject structure => string.Join(" ", structure.Select(p => $"{p.Key}={Text(p.Value)}")),
        JsonValue value when value.TryGetValue(out string? text) => text,
        _ => node.ToJsonString(CliText.Json),
    };

    /// <summary>The first value of an attribute in a GetAttributes answer, or null.</summary>
    public static TtlvNode? Find(IEnumerable<KmipAttribute>? attributes, Tag tag) => attributes?.FirstOrDefault(a => a.Tag == tag)?.Value;

    /// <summary>The Name value (text) of a Name attribute.</summary>
    public static string? NameText(TtlvNode? name) => name is null ? null
        : name.Type == TtlvType.Structure ? name.Find(Tag.NameValue)?.TextStringValue
        : name.Type == TtlvType.TextString ? name.TextStringValue : null;

    private static bool IsMultiValued(KmipAttribute attribute) =>
        attribute.Tag is Tag.Name or Tag.Link or Tag.ObjectGroup or Tag.AlternativeName or Tag.ApplicationSpecificInformation;
}
