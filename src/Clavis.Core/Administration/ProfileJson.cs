using System.Text;
using System.Text.Json;
using Clavis.Core.Attributes;
using Clavis.Kmip;
using Clavis.Kmip.Encodings;
using Clavis.Kmip.Json;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Core.Administration;

/// <summary>
/// The admin API's JSON form of a profile's attributes: an object keyed by KMIP 1.x attribute name
/// ("Cryptographic Algorithm", "x-Team"), values as in the KMIP JSON encoding (KMIP Additional Message
/// Encodings v1.0 §5): Enumerations by name, masks as arrays of bit names, dates as ISO 8601, byte strings as
/// hex, structures as KMIP JSON items. A multi-valued attribute takes an array of values.
/// </summary>
public static class ProfileJson
{
    /// <summary>Reads the attributes of a profile body.</summary>
    /// <exception cref="KmipException">Invalid Field, Invalid Attribute or Invalid Attribute Value, naming the attribute.</exception>
    public static IReadOnlyList<KmipAttribute> ReadAttributes(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            KmipException.ThrowInvalidField("the body must be a JSON object of attributes by KMIP name, e.g. {\"Cryptographic Algorithm\": \"AES\"}");
        }

        var attributes = new List<KmipAttribute>();
        foreach (JsonProperty property in body.EnumerateObject())
        {
            KmipAttribute probe = KmipAttribute.FromV1Name(property.Name, TtlvNode.Boolean(Tag.AttributeValue, false));
            if (probe.IsVendorAttribute && probe.VendorIdentification is null
                && KmipVocabulary.TryGetTagByName(property.Name.Replace(" ", "", StringComparison.Ordinal), out TagDefinition? named))
            {
                // A KMIP 2.x attribute has no 1.x name; its spaced spec name still identifies it.
                probe = new KmipAttribute(named.Tag, TtlvNode.Boolean(named.Tag, false));
            }

            if (probe.IsVendorAttribute && probe.VendorIdentification is null)
            {
                throw new KmipException(ResultReason.InvalidAttribute,
                    $"\"{property.Name}\" is not a KMIP attribute name (e.g. \"Cryptographic Algorithm\", or \"x-…\" for a vendor attribute)");
            }

            bool multiValued = AttributeRules.Find(probe.Tag, probe.VendorIdentification)?.MultiValued ?? false;
            if (property.Value.ValueKind == JsonValueKind.Array && multiValued && !IsMask(probe))
            {
                foreach (JsonElement element in property.Value.EnumerateArray())
                {
                    attributes.Add(ReadAttribute(probe, property.Name, element));
                }
            }
            else
            {
                attributes.Add(ReadAttribute(probe, property.Name, property.Value));
            }
        }

        return attributes;
    }

    /// <summary>Writes <paramref name="profile"/> as <c>{"name": …, "id": …, "attributes": {…}}</c>.</summary>
    public static void Write(Utf8JsonWriter writer, KeyProfile profile)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(profile);
        writer.WriteStartObject();
        writer.WriteString("name", profile.Name);
        writer.WriteString("id", profile.Id);
        writer.WriteStartObject("attributes");
        var names = new List<string>();
        var byName = new Dictionary<string, List<KmipAttribute>>(StringComparer.Ordinal);
        foreach (KmipAttribute attribute in profile.Attributes)
        {
            string name = attribute.ToString();
            if (!byName.TryGetValue(name, out List<KmipAttribute>? same))
            {
                byName[name] = same = [];
                names.Add(name);
            }

            same.Add(attribute);
        }

        foreach (string name in names)
        {
            List<KmipAttribute> values = byName[name];
            writer.WritePropertyName(name);
            bool multiValued = AttributeRules.Find(values[0].Tag, values[0].VendorIdentification)?.MultiValued ?? false;
            if (values.Count > 1 || (multiValued && !IsMask(values[0])))
            {
                writer.WriteStartArray();
                values.ForEach(v => WriteValue(writer, v));
                writer.WriteEndArray();
            }
            else
            {
                WriteValue(writer, values[0]);
            }
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Writes <paramref name="profile"/> as a JSON text.</summary>
    public static string ToJson(KeyProfile profile) => ToJson(w => Write(w, profile));

    /// <summary>Writes <paramref name="profiles"/> as a JSON array.</summary>
    public static string ToJson(IReadOnlyList<KeyProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        return ToJson(w =>
        {
            w.WriteStartArray();
            foreach (KeyProfile profile in profiles)
            {
                Write(w, profile);
            }

            w.WriteEndArray();
        });
    }

    private static string ToJson(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static KmipAttribute ReadAttribute(KmipAttribute probe, string name, JsonElement element)
    {
        Tag valueTag = probe.IsVendorAttribute ? Tag.AttributeValue : probe.Tag;
        TtlvNode value;
        try
        {
            value = element.ValueKind == JsonValueKind.Object
                ? ReadStructure(name, valueTag, element)
                : probe.IsVendorAttribute ? ReadVendorValue(name, element) : ReadStandardValue(probe, name, element);
        }
        catch (KmipEncodingException e)
        {
            // KMIP 2.1 §4: a value must be one the attribute's type allows.
            throw AttributeGuard.InvalidValue(ProtocolVersion.V2_1, $"{name}: {e.Message}");
        }

        return probe.IsVendorAttribute
            ? KmipAttribute.Vendor(probe.VendorIdentification!, probe.Name!, value)
            : new KmipAttribute(probe.Tag, value);
    }

    private static TtlvNode ReadStructure(string name, Tag valueTag, JsonElement element)
    {
        TtlvNode item = KmipJson.ReadItem(element.GetRawText());
        if (valueTag == Tag.AttributeValue)
        {
            return AttributeValues.WithTag(item, valueTag);
        }

        return item.Tag == valueTag
            ? item
            : throw AttributeGuard.InvalidValue(ProtocolVersion.V2_1, $"{name}: the KMIP JSON item must have tag {KmipVocabularyName(valueTag)}, not {KmipVocabularyName(item.Tag)}");
    }

    private static TtlvNode ReadVendorValue(string name, JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => TtlvNode.TextString(Tag.AttributeValue, element.GetString()!),
        JsonValueKind.True or JsonValueKind.False => TtlvNode.Boolean(Tag.AttributeValue, element.GetBoolean()),
        JsonValueKind.Number when element.TryGetInt32(out int small) => TtlvNode.Integer(Tag.AttributeValue, small),
        JsonValueKind.Number when element.TryGetInt64(out long large) => TtlvNode.LongInteger(Tag.AttributeValue, large),
        _ => throw AttributeGuard.InvalidValue(ProtocolVersion.V2_1,
            $"{name}: a vendor attribute's value is a string, a boolean, an integer or a KMIP JSON item"),
    };

    private static TtlvNode ReadStandardValue(KmipAttribute probe, string name, JsonElement element)
    {
        if (!KmipVocabulary.TryGetTag(probe.Tag, out TagDefinition? definition))
        {
            throw new KmipException(ResultReason.InvalidAttribute, $"{name} is not a KMIP attribute");
        }

        // Where the tables give no single item type, the JSON value's kind picks the usual one.
        TtlvType type = definition.ItemType ?? element.ValueKind switch
        {
            JsonValueKind.String when KmipVocabulary.TryGetEnumerationForTag(probe.Tag, out EnumerationDefinition? table) && !table.IsMask => TtlvType.Enumeration,
            JsonValueKind.String => TtlvType.TextString,
            JsonValueKind.Number => TtlvType.Integer,
            JsonValueKind.True or JsonValueKind.False => TtlvType.Boolean,
            _ => TtlvType.Structure,
        };
        if (type == TtlvType.Structure)
        {
            throw AttributeGuard.InvalidValue(ProtocolVersion.V2_1,
                $"{name} is a structure: give its value as a KMIP JSON item, {{\"tag\": \"{KmipVocabularyName(probe.Tag)}\", \"value\": […]}}");
        }

        // The KMIP JSON encoding parses the value: names of enumerations and mask bits, dates, hex.
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("tag", definition.XmlName);
            writer.WriteString("type", type.ToString());
            writer.WritePropertyName("value");
            if (element.ValueKind == JsonValueKind.Array && IsMask(probe))
            {
                var bits = new List<string>();
                foreach (JsonElement bit in element.EnumerateArray())
                {
                    bits.Add(bit.ValueKind == JsonValueKind.String
                        ? bit.GetString()!
                        : throw AttributeGuard.InvalidValue(ProtocolVersion.V2_1, $"{name}: a mask is an array of bit names"));
                }

                writer.WriteStringValue(string.Join('|', bits));
            }
            else
            {
                element.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return KmipJson.ReadItem(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static void WriteValue(Utf8JsonWriter writer, KmipAttribute attribute)
    {
        TtlvNode value = attribute.IsVendorAttribute ? attribute.Value : AttributeValues.WithTag(attribute.Value, attribute.Tag);
        switch (value.Type)
        {
            case TtlvType.Structure:
                writer.WriteRawValue(KmipJson.Write(value, indented: false));
                return;
            case TtlvType.TextString when attribute.IsVendorAttribute:
                writer.WriteStringValue(value.TextStringValue);
                return;
            case TtlvType.Integer when attribute.IsVendorAttribute:
                writer.WriteNumberValue(value.IntegerValue);
                return;
            case TtlvType.LongInteger when attribute.IsVendorAttribute:
                writer.WriteNumberValue(value.LongIntegerValue);
                return;
            case TtlvType.Boolean when attribute.IsVendorAttribute:
                writer.WriteBooleanValue(value.BooleanValue);
                return;
            case var _ when attribute.IsVendorAttribute:
                writer.WriteRawValue(KmipJson.Write(value, indented: false));
                return;
        }

        using JsonDocument item = JsonDocument.Parse(KmipJson.Write(value, indented: false));
        JsonElement text = item.RootElement.GetProperty("value");
        if (IsMask(attribute) && text.ValueKind == JsonValueKind.String)
        {
            writer.WriteStartArray();
            foreach (string bit in text.GetString()!.Split('|', StringSplitOptions.RemoveEmptyEntries))
            {
                writer.WriteStringValue(bit);
            }

            writer.WriteEndArray();
        }
        else
        {
            text.WriteTo(writer);
        }
    }

    private static bool IsMask(KmipAttribute attribute) =>
        !attribute.IsVendorAttribute && KmipVocabulary.TryGetEnumerationForTag(attribute.Tag, out EnumerationDefinition? table) && table.IsMask;

    private static string KmipVocabularyName(Tag tag) =>
        KmipVocabulary.TryGetTag(tag, out TagDefinition? definition) ? definition.XmlName : $"0x{(uint)tag:X6}";
}
