using Clavis.Kmip;
using Clavis.Kmip.Ttlv;

namespace Clavis.Core.Objects;

/// <summary>
/// Turns an <see cref="AttributeSet"/> into bytes for the store and back.
/// </summary>
/// <remarks>
/// STABLE FORMAT (stored in every object row): TTLV. An outer Structure tagged Attributes holds, per
/// attribute, a Structure tagged Attribute with: Attribute Reference (Enumeration: the tag) for a standard
/// attribute, or Vendor Identification + Attribute Name (Text Strings) for a vendor attribute; then the
/// values in index order, each an item under its own tag. Changing this makes stored objects unreadable;
/// AttributeSetCodecTests pins it.
/// </remarks>
public static class AttributeSetCodec
{
    /// <summary>Encodes <paramref name="attributes"/>.</summary>
    public static byte[] Encode(AttributeSet attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        using var writer = new TtlvWriter(1024);
        writer.WriteStartStructure(Tag.Attributes);
        foreach ((AttributeKey key, IReadOnlyList<TtlvNode> values) in attributes.All)
        {
            writer.WriteStartStructure(Tag.Attribute);
            if (key.IsVendor)
            {
                writer.WriteTextString(Tag.VendorIdentification, key.VendorIdentification ?? "");
                writer.WriteTextString(Tag.AttributeName, key.Name ?? "");
            }
            else
            {
                writer.WriteEnumeration(Tag.AttributeReference, (uint)key.Tag);
            }

            foreach (TtlvNode value in values)
            {
                value.WriteTo(writer);
            }

            writer.WriteEndStructure();
        }

        writer.WriteEndStructure();
        return writer.ToArray();
    }

    /// <summary>Decodes bytes written by <see cref="Encode"/>.</summary>
    /// <exception cref="TtlvFormatException">The bytes are not a stored attribute set.</exception>
    public static AttributeSet Decode(ReadOnlySpan<byte> stored)
    {
        TtlvNode root = TtlvNode.Decode(stored, new TtlvReaderOptions { MaxDepth = 64, MaxMessageSize = int.MaxValue });
        if (root.Tag != Tag.Attributes || root.Type != TtlvType.Structure)
        {
            throw new TtlvFormatException("stored attributes do not start with an Attributes structure", 0);
        }

        var set = new AttributeSet();
        foreach (TtlvNode entry in root.Children)
        {
            List<TtlvNode> items = entry.Children;
            AttributeKey key;
            int first;
            if (items.Count > 0 && items[0].Tag == Tag.AttributeReference)
            {
                key = new AttributeKey((Tag)items[0].EnumerationValue);
                first = 1;
            }
            else if (items.Count > 1 && items[0].Tag == Tag.VendorIdentification && items[1].Tag == Tag.AttributeName)
            {
                key = AttributeKey.Vendor(items[0].TextStringValue, items[1].TextStringValue);
                first = 2;
            }
            else
            {
                throw new TtlvFormatException("stored attribute has neither a reference nor a vendor name", 0);
            }

            for (int i = first; i < items.Count; i++)
            {
                set.Add(key, items[i]);
            }
        }

        return set;
    }
}
