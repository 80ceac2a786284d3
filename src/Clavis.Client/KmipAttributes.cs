using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Client;

/// <summary>Builds the common KMIP attributes, for object templates and Locate filters.</summary>
public static class KmipAttributes
{
    /// <summary>A Name of type Uninterpreted Text String.</summary>
    /// <param name="name">The name.</param>
    public static KmipAttribute Name(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new KmipAttribute(Tag.Name, TtlvNode.Structure(
            Tag.Name,
            TtlvNode.TextString(Tag.NameValue, name),
            TtlvNode.Enumeration(Tag.NameType, (uint)NameType.UninterpretedTextString)));
    }

    /// <summary>Cryptographic Algorithm.</summary>
    /// <param name="algorithm">The algorithm.</param>
    public static KmipAttribute CryptographicAlgorithm(CryptographicAlgorithm algorithm) => Enumeration(Tag.CryptographicAlgorithm, (uint)algorithm);

    /// <summary>Cryptographic Length, in bits.</summary>
    /// <param name="bits">The length.</param>
    public static KmipAttribute CryptographicLength(int bits) => new(Tag.CryptographicLength, TtlvNode.Integer(Tag.CryptographicLength, bits));

    /// <summary>Cryptographic Usage Mask.</summary>
    /// <param name="mask">What the object may be used for.</param>
    public static KmipAttribute CryptographicUsageMask(CryptographicUsageMask mask) => new(Tag.CryptographicUsageMask, TtlvNode.Integer(Tag.CryptographicUsageMask, (int)mask));

    /// <summary>Object Type (a Locate filter).</summary>
    /// <param name="objectType">The type.</param>
    public static KmipAttribute ObjectType(ObjectType objectType) => Enumeration(Tag.ObjectType, (uint)objectType);

    /// <summary>State (a Locate filter).</summary>
    /// <param name="state">The life-cycle state.</param>
    public static KmipAttribute State(State state) => Enumeration(Tag.State, (uint)state);

    /// <summary>Object Group.</summary>
    /// <param name="group">The group's name.</param>
    public static KmipAttribute ObjectGroup(string group) => new(Tag.ObjectGroup, TtlvNode.TextString(Tag.ObjectGroup, group));

    /// <summary>Contact Information.</summary>
    /// <param name="contact">Who to contact about the object.</param>
    public static KmipAttribute ContactInformation(string contact) => new(Tag.ContactInformation, TtlvNode.TextString(Tag.ContactInformation, contact));

    /// <summary>A vendor (custom) attribute holding text: <c>x-NAME</c> in KMIP 1.x, a Vendor Attribute in 2.x.</summary>
    /// <param name="vendorIdentification">The vendor, e.g. <c>x</c> for client-defined attributes.</param>
    /// <param name="name">The attribute's name.</param>
    /// <param name="value">Its text.</param>
    public static KmipAttribute VendorText(string vendorIdentification, string name, string value) =>
        KmipAttribute.Vendor(vendorIdentification, name, TtlvNode.TextString(Tag.AttributeValue, value));

    /// <summary>A Link to another object (e.g. Certificate Link to a CA's certificate, for Certify).</summary>
    /// <param name="linkType">What the other object is to this one.</param>
    /// <param name="linkedObjectIdentifier">The other object's Unique Identifier.</param>
    public static KmipAttribute Link(LinkType linkType, string linkedObjectIdentifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(linkedObjectIdentifier);
        return new KmipAttribute(Tag.Link, TtlvNode.Structure(
            Tag.Link,
            TtlvNode.Enumeration(Tag.LinkType, (uint)linkType),
            TtlvNode.TextString(Tag.LinkedObjectIdentifier, linkedObjectIdentifier)));
    }

    private static KmipAttribute Enumeration(Tag tag, uint value) => new(tag, TtlvNode.Enumeration(tag, value));
}
