using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Core.Attributes;

/// <summary>
/// Moves attribute values between the wire (<see cref="KmipAttribute"/>, whose value item may carry
/// the 1.x Attribute Value tag) and the domain (<see cref="AttributeSet"/>, whose values carry the
/// attribute's own tag, or Attribute Value for vendor attributes).
/// </summary>
public static class AttributeValues
{
    /// <summary>The key a wire attribute is stored under.</summary>
    public static AttributeKey KeyOf(KmipAttribute attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        return attribute.IsVendorAttribute
            ? AttributeKey.Vendor(attribute.VendorIdentification ?? "", attribute.Name ?? "")
            : new AttributeKey(attribute.Tag);
    }

    /// <summary>The key a reference names.</summary>
    public static AttributeKey KeyOf(KmipAttributeReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return reference.Tag == Tag.Attribute
            ? AttributeKey.Vendor(reference.VendorIdentification ?? "", reference.Name ?? "")
            : new AttributeKey(reference.Tag);
    }

    /// <summary>The value as stored: the wire value under the tag the key stores values with.</summary>
    public static TtlvNode Stored(KmipAttribute attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        TtlvNode value = WithTag(attribute.Value, StorageTag(KeyOf(attribute)));
        if (!attribute.IsVendorAttribute && attribute.Tag == Tag.UsageLimits && value.Type == TtlvType.Structure
            && value.Find(Tag.UsageLimitsCount) is null
            && value.Children.FindIndex(c => c.Tag == Tag.UsageLimitsTotal && c.Type == TtlvType.LongInteger) is int total and >= 0)
        {
            // KMIP 1.4 §3.21: the Usage Limits Count (the units still available) starts at the Usage Limits Total;
            // the server fills it in, in structure order (Total, Count, Unit), when the client sets only the total.
            var children = new List<TtlvNode>(value.Children);
            children.Insert(total + 1, TtlvNode.LongInteger(Tag.UsageLimitsCount, children[total].LongIntegerValue));
            value = TtlvNode.Structure(value.Tag, children);
        }

        return value;
    }

    /// <summary>The wire attribute for a stored value; <paramref name="index"/> is the 1.x Attribute Index.</summary>
    public static KmipAttribute ToWire(AttributeKey key, TtlvNode value, int? index = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        KmipAttribute attribute = key.IsVendor
            ? KmipAttribute.Vendor(key.VendorIdentification ?? "", key.Name ?? "", value)
            : new KmipAttribute(key.Tag, value);
        attribute.Index = index;
        return attribute;
    }

    /// <summary>The reference that names <paramref name="key"/>.</summary>
    public static KmipAttributeReference ToReference(AttributeKey key) =>
        key.IsVendor ? KmipAttributeReference.Vendor(key.VendorIdentification ?? "", key.Name ?? "") : new KmipAttributeReference(key.Tag);

    /// <summary>The tag stored values of <paramref name="key"/> carry.</summary>
    public static Tag StorageTag(AttributeKey key) => key.IsVendor ? Tag.AttributeValue : key.Tag;

    /// <summary>The same item under <paramref name="tag"/> (children are shared; items are immutable values).</summary>
    public static TtlvNode WithTag(TtlvNode node, Tag tag)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Tag == tag)
        {
            return node;
        }

        return node.Type switch
        {
            TtlvType.Structure => TtlvNode.Structure(tag, node.Children),
            TtlvType.Integer => TtlvNode.Integer(tag, node.IntegerValue),
            TtlvType.LongInteger => TtlvNode.LongInteger(tag, node.LongIntegerValue),
            TtlvType.BigInteger => TtlvNode.BigInteger(tag, node.BigIntegerBytes),
            TtlvType.Enumeration => TtlvNode.Enumeration(tag, node.EnumerationValue),
            TtlvType.Boolean => TtlvNode.Boolean(tag, node.BooleanValue),
            TtlvType.TextString => TtlvNode.TextString(tag, node.TextStringValue),
            TtlvType.ByteString => TtlvNode.ByteString(tag, node.ByteStringValue),
            TtlvType.DateTime => TtlvNode.DateTime(tag, node.DateTimeValue),
            TtlvType.Interval => TtlvNode.Interval(tag, node.IntervalValue),
            TtlvType.DateTimeExtended => TtlvNode.DateTimeExtended(tag, node.DateTimeExtendedValue),
            _ => throw new InvalidOperationException($"unknown item type {node.Type}"),
        };
    }
}
