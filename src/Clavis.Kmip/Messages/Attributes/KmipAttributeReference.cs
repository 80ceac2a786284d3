using Clavis.Kmip.Ttlv;
using Clavis.Kmip.Versioning;

namespace Clavis.Kmip.Messages;

/// <summary>
/// Names an attribute without its value: KMIP 2.x Attribute Reference (an Enumeration holding the attribute's
/// tag, or a structure of Vendor Identification and Attribute Name), KMIP 1.x Attribute Name text.
/// </summary>
public sealed class KmipAttributeReference
{
    /// <summary>A reference to a standard attribute.</summary>
    /// <param name="tag">The attribute's tag.</param>
    public KmipAttributeReference(Tag tag)
    {
        Tag = tag;
    }

    private KmipAttributeReference(string? vendorIdentification, string name)
    {
        Tag = Tag.Attribute;
        VendorIdentification = vendorIdentification;
        Name = name;
    }

    /// <summary>The attribute's tag; <see cref="Tag.Attribute"/> for a vendor attribute.</summary>
    public Tag Tag { get; }

    /// <summary>The Vendor Identification of a vendor attribute; null otherwise.</summary>
    public string? VendorIdentification { get; }

    /// <summary>The vendor attribute's name (or an unknown 1.x name); null for a standard attribute.</summary>
    public string? Name { get; }

    /// <summary>A reference to a vendor attribute.</summary>
    public static KmipAttributeReference Vendor(string vendorIdentification, string name)
    {
        ArgumentNullException.ThrowIfNull(vendorIdentification);
        ArgumentNullException.ThrowIfNull(name);
        return new KmipAttributeReference(vendorIdentification, name);
    }

    /// <summary>The reference for a KMIP 1.x Attribute Name ("Cryptographic Algorithm", "x-Foo").</summary>
    public static KmipAttributeReference FromV1Name(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > 2 && (name[0] == 'x' || name[0] == 'y') && name[1] == '-')
        {
            // KMIP 1.4 §3.1: "x-" and "y-" name custom attributes.
            return new KmipAttributeReference(name[..1], name[2..]);
        }

        return KmipAttributeNames.TryGetTag(name, out var tag) ? new KmipAttributeReference(tag) : new KmipAttributeReference(null, name);
    }

    /// <summary>The KMIP 1.x Attribute Name, or null when 1.x cannot name it.</summary>
    public string? V1Name => Tag != Tag.Attribute
        ? KmipAttributeNames.GetName(Tag)
        : VendorIdentification is null ? Name
        : VendorIdentification is "x" or "y" ? VendorIdentification + "-" + Name
        : null;

    /// <summary>Decodes an Attribute Name (1.x) or Attribute Reference (2.x) item.</summary>
    /// <exception cref="KmipMessageFormatException">The item has the wrong type or lacks a field.</exception>
    public static KmipAttributeReference Decode(ref TtlvReader reader)
    {
        if (reader.Tag == Tag.AttributeName || reader.Type == TtlvType.TextString)
        {
            MessageDecoding.Expect(ref reader, TtlvType.TextString);
            return FromV1Name(reader.GetTextString());
        }

        if (reader.Type == TtlvType.Enumeration)
        {
            // KMIP 2.1 §7 (Attribute Reference): the Enumeration value is the attribute's tag.
            return new KmipAttributeReference((Tag)reader.GetEnumeration());
        }

        MessageDecoding.Expect(ref reader, TtlvType.Structure);
        string? vendor = null, name = null;
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
                default:
                    throw new KmipMessageFormatException(ResultReason.InvalidField, $"{reader.Tag} is not part of an Attribute Reference", reader.Tag);
            }
        }

        MessageDecoding.Require(vendor is not null, Tag.VendorIdentification, "AttributeReference");
        MessageDecoding.Require(name is not null, Tag.AttributeName, "AttributeReference");
        return new KmipAttributeReference(vendor, name);
    }

    /// <summary>Writes the reference in the form of <paramref name="version"/>; false (nothing written) when that version cannot name it.</summary>
    public bool Encode(TtlvWriter writer, ProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!VersionRules.IsAtLeast(version, 2, 0))
        {
            var name = V1Name;
            if (name is null)
            {
                return false;
            }

            writer.WriteTextString(Tag.AttributeName, name);
            return true;
        }

        if (Tag != Tag.Attribute)
        {
            if (!KmipVocabulary.IsDefinedIn(Tag, version))
            {
                return false;
            }

            writer.WriteEnumeration(Tag.AttributeReference, (uint)Tag);
            return true;
        }

        if (VendorIdentification is null)
        {
            return false;
        }

        writer.WriteStartStructure(Tag.AttributeReference);
        writer.WriteTextString(Tag.VendorIdentification, VendorIdentification);
        writer.WriteTextString(Tag.AttributeName, Name!);
        writer.WriteEndStructure();
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => V1Name ?? $"{VendorIdentification}:{Name}";
}
