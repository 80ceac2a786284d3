using Clavis.Kmip.Ttlv;
using Clavis.Kmip.Versioning;

namespace Clavis.Kmip.Messages;

/// <summary>Reads and writes <see cref="KmipAttribute"/> in the 1.x and 2.x forms for the generated payloads.</summary>
internal static class KmipAttributeCodec
{
    /// <summary>Reads an Attribute structure: 1.x (name, index, value) or 2.x vendor (vendor, name, value).</summary>
    public static KmipAttribute ReadV1Attribute(ref TtlvReader reader)
    {
        MessageDecoding.Expect(ref reader, TtlvType.Structure);
        string? vendor = null, name = null;
        int? index = null;
        TtlvNode? value = null;
        while (MessageDecoding.ReadChild(ref reader))
        {
            switch (reader.Tag)
            {
                case Tag.VendorIdentification:
                    MessageDecoding.Expect(ref reader, TtlvType.TextString);
                    MessageDecoding.EnsureAbsent(vendor, ref reader);
                    vendor = reader.GetTextString();
                    break;
                case Tag.AttributeName:
                    MessageDecoding.Expect(ref reader, TtlvType.TextString);
                    MessageDecoding.EnsureAbsent(name, ref reader);
                    name = reader.GetTextString();
                    break;
                case Tag.AttributeIndex:
                    MessageDecoding.Expect(ref reader, TtlvType.Integer);
                    MessageDecoding.EnsureAbsent(index, ref reader);
                    index = reader.GetInteger();
                    break;
                case Tag.AttributeValue:
                    MessageDecoding.EnsureAbsent(value, ref reader);
                    value = TtlvNode.Read(ref reader);
                    break;
                default:
                    throw new KmipMessageFormatException(ResultReason.InvalidField, $"{reader.Tag} is not part of an Attribute", reader.Tag);
            }
        }

        // KMIP 1.4 §2.1.1, 2.1 §2.1.1: Attribute Name and Attribute Value are required.
        MessageDecoding.Require(name is not null, Tag.AttributeName, "Attribute");
        MessageDecoding.Require(value is not null, Tag.AttributeValue, "Attribute");
        if (vendor is not null)
        {
            var vendorAttribute = KmipAttribute.Vendor(vendor, name, value);
            vendorAttribute.Index = index;
            return vendorAttribute;
        }

        return KmipAttribute.FromV1Name(name, value, index);
    }

    /// <summary>Reads one 2.x attribute item: a vendor Attribute structure or a value under the attribute's tag.</summary>
    public static KmipAttribute ReadV2Item(ref TtlvReader reader) =>
        reader.Tag == Tag.Attribute ? ReadV1Attribute(ref reader) : new KmipAttribute(reader.Tag, TtlvNode.Read(ref reader));

    /// <summary>Reads an Attributes structure (2.x) into <paramref name="list"/>; returns the list, never null (present but empty stays visible).</summary>
    public static List<KmipAttribute> ReadAttributes(ref TtlvReader reader, List<KmipAttribute>? list)
    {
        MessageDecoding.Expect(ref reader, TtlvType.Structure);
        list ??= [];
        while (MessageDecoding.ReadChild(ref reader))
        {
            list.Add(ReadV2Item(ref reader));
        }

        return list;
    }

    /// <summary>Reads a 1.x Template-Attribute structure (Name* then Attribute*).</summary>
    public static List<KmipAttribute> ReadTemplateAttribute(ref TtlvReader reader, List<KmipAttribute>? list, List<Name>? names, out List<Name>? namesOut, ProtocolVersion version)
    {
        MessageDecoding.Expect(ref reader, TtlvType.Structure);
        list ??= [];
        while (MessageDecoding.ReadChild(ref reader))
        {
            switch (reader.Tag)
            {
                case Tag.Name:
                    MessageDecoding.Expect(ref reader, TtlvType.Structure);
                    (names ??= []).Add(Messages.Name.Decode(ref reader, version));
                    break;
                case Tag.Attribute:
                    list.Add(ReadV1Attribute(ref reader));
                    break;
                default:
                    throw new KmipMessageFormatException(ResultReason.InvalidField, $"{reader.Tag} is not part of a Template-Attribute", reader.Tag);
            }
        }

        namesOut = names;
        return list;
    }

    /// <summary>Reads a 2.x wrapper holding one attribute (New Attribute, Current Attribute).</summary>
    public static KmipAttribute ReadWrappedAttribute(ref TtlvReader reader)
    {
        var wrapper = reader.Tag;
        MessageDecoding.Expect(ref reader, TtlvType.Structure);
        KmipAttribute? attribute = null;
        while (MessageDecoding.ReadChild(ref reader))
        {
            MessageDecoding.EnsureAbsent(attribute, ref reader);
            attribute = ReadV2Item(ref reader);
        }

        // KMIP 2.1 §2.1.x: New/Current Attribute hold exactly one attribute.
        MessageDecoding.Require(attribute is not null, wrapper, wrapper.ToString());
        return attribute;
    }

    /// <summary>Writes a list of attributes in the form of <paramref name="version"/>; attributes the version lacks are left out.</summary>
    public static void WriteAttributes(TtlvWriter writer, Tag v2Tag, Tag? v1Wrapper, List<KmipAttribute>? attributes, bool required, ProtocolVersion version, ref UnknownItemCursor unknown, List<Name>? templateNames = null)
    {
        if (VersionRules.IsAtLeast(version, 2, 0))
        {
            if (attributes is null && !required)
            {
                return;
            }

            writer.WriteStartStructure(v2Tag);
            foreach (var attribute in attributes ?? [])
            {
                WriteV2Item(writer, attribute, version);
            }

            writer.WriteEndStructure();
            unknown.Advance(writer);
            return;
        }

        if (v1Wrapper is null)
        {
            foreach (var attribute in attributes ?? [])
            {
                if (WriteV1(writer, attribute, version))
                {
                    unknown.Advance(writer);
                }
            }

            return;
        }

        if (attributes is null && templateNames is null && !required)
        {
            return;
        }

        writer.WriteStartStructure(v1Wrapper.Value);
        foreach (var name in templateNames ?? [])
        {
            name.Encode(writer, Tag.Name, version);
        }

        foreach (var attribute in attributes ?? [])
        {
            WriteV1(writer, attribute, version);
        }

        writer.WriteEndStructure();
        unknown.Advance(writer);
    }

    /// <summary>Writes one attribute: 2.x inside <paramref name="v2Wrapper"/>, 1.x as an Attribute; false when the version lacks it.</summary>
    public static bool WriteSingle(TtlvWriter writer, Tag v2Wrapper, KmipAttribute attribute, ProtocolVersion version)
    {
        if (!VersionRules.IsAtLeast(version, 2, 0))
        {
            return WriteV1(writer, attribute, version);
        }

        if (!VersionRules.CanEncode(attribute, version))
        {
            return false;
        }

        writer.WriteStartStructure(v2Wrapper);
        WriteV2Item(writer, attribute, version);
        writer.WriteEndStructure();
        return true;
    }

    /// <summary>Writes the 1.x Attribute structure; false (nothing written) when 1.x cannot carry it.</summary>
    public static bool WriteV1(TtlvWriter writer, KmipAttribute attribute, ProtocolVersion version)
    {
        if (!VersionRules.CanEncode(attribute, version))
        {
            return false;
        }

        writer.WriteStartStructure(Tag.Attribute);
        writer.WriteTextString(Tag.AttributeName, attribute.V1Name!);
        if (attribute.Index is int index)
        {
            writer.WriteInteger(Tag.AttributeIndex, index);
        }

        WriteAs(writer, attribute.Value, Tag.AttributeValue);
        writer.WriteEndStructure();
        return true;
    }

    private static void WriteV2Item(TtlvWriter writer, KmipAttribute attribute, ProtocolVersion version)
    {
        if (!VersionRules.CanEncode(attribute, version))
        {
            return;
        }

        if (!attribute.IsVendorAttribute)
        {
            WriteAs(writer, attribute.Value, attribute.Tag);
            return;
        }

        writer.WriteStartStructure(Tag.Attribute);
        writer.WriteTextString(Tag.VendorIdentification, attribute.VendorIdentification!);
        writer.WriteTextString(Tag.AttributeName, attribute.Name!);
        WriteAs(writer, attribute.Value, Tag.AttributeValue);
        writer.WriteEndStructure();
    }

    /// <summary>Writes <paramref name="node"/> under <paramref name="tag"/> instead of its own tag.</summary>
    public static void WriteAs(TtlvWriter writer, TtlvNode node, Tag tag)
    {
        switch (node.Type)
        {
            case TtlvType.Structure:
                writer.WriteStartStructure(tag);
                foreach (var child in node.Children)
                {
                    child.WriteTo(writer);
                }

                writer.WriteEndStructure();
                break;
            case TtlvType.Integer: writer.WriteInteger(tag, node.IntegerValue); break;
            case TtlvType.LongInteger: writer.WriteLongInteger(tag, node.LongIntegerValue); break;
            case TtlvType.BigInteger: writer.WriteBigInteger(tag, node.BigIntegerBytes); break;
            case TtlvType.Enumeration: writer.WriteEnumeration(tag, node.EnumerationValue); break;
            case TtlvType.Boolean: writer.WriteBoolean(tag, node.BooleanValue); break;
            case TtlvType.TextString: writer.WriteTextString(tag, node.TextStringValue); break;
            case TtlvType.ByteString: writer.WriteByteString(tag, node.ByteStringValue); break;
            case TtlvType.DateTime: writer.WriteDateTime(tag, node.DateTimeValue); break;
            case TtlvType.Interval: writer.WriteInterval(tag, node.IntervalValue); break;
            case TtlvType.DateTimeExtended: writer.WriteDateTimeExtended(tag, node.DateTimeExtendedValue); break;
            default: throw new InvalidOperationException($"unknown item type {node.Type}");
        }
    }
}
