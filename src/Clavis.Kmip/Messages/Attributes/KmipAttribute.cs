using Clavis.Kmip.Ttlv;
using Clavis.Kmip.Versioning;

namespace Clavis.Kmip.Messages;

/// <summary>
/// One attribute of a managed object, the same object whatever the protocol version. KMIP 1.x writes it as an
/// Attribute structure (Attribute Name text, optional Attribute Index, Attribute Value); KMIP 2.x writes the
/// value item itself under the attribute's tag, and a vendor attribute as an Attribute structure with Vendor
/// Identification. A 1.x custom attribute "x-Foo" (or "y-Foo") is the 2.x vendor attribute with Vendor
/// Identification "x" (or "y") and name "Foo" (KMIP 2.0 §4: custom attributes became vendor attributes).
/// </summary>
public sealed class KmipAttribute
{
    /// <summary>A standard attribute.</summary>
    /// <param name="tag">The attribute's tag (e.g. <see cref="Tag.CryptographicAlgorithm"/>).</param>
    /// <param name="value">The value; its own tag does not matter, the encoder writes the form's tag. Not copied.</param>
    public KmipAttribute(Tag tag, TtlvNode value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Tag = tag;
        Value = value;
    }

    private KmipAttribute(string? vendorIdentification, string name, TtlvNode value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        Tag = Tag.Attribute;
        VendorIdentification = vendorIdentification;
        Name = name;
        Value = value;
    }

    /// <summary>The attribute's tag; <see cref="Tag.Attribute"/> for a vendor (1.x custom) attribute.</summary>
    public Tag Tag { get; }

    /// <summary>The Vendor Identification of a vendor attribute ("x" and "y" are the 1.x custom prefixes); null otherwise.</summary>
    public string? VendorIdentification { get; }

    /// <summary>The name of a vendor attribute without any prefix, or a 1.x name this library does not know; null for a standard attribute.</summary>
    public string? Name { get; }

    /// <summary>The KMIP 1.x Attribute Index, when one was given (2.x has none and drops it).</summary>
    public int? Index { get; set; }

    /// <summary>The value item.</summary>
    public TtlvNode Value { get; }

    /// <summary>True for a vendor (1.x custom) attribute or an unknown 1.x name.</summary>
    public bool IsVendorAttribute => Tag == Tag.Attribute;

    /// <summary>A vendor attribute (2.x), the same as the 1.x custom attribute "<paramref name="vendorIdentification"/>-<paramref name="name"/>" when the vendor is "x" or "y".</summary>
    /// <param name="vendorIdentification">The Vendor Identification.</param>
    /// <param name="name">The attribute name, without prefix.</param>
    /// <param name="value">The value; not copied.</param>
    public static KmipAttribute Vendor(string vendorIdentification, string name, TtlvNode value)
    {
        ArgumentNullException.ThrowIfNull(vendorIdentification);
        return new KmipAttribute(vendorIdentification, name, value);
    }

    /// <summary>The attribute named <paramref name="name"/> in KMIP 1.x ("Cryptographic Algorithm", "x-Foo").</summary>
    /// <param name="name">The Attribute Name.</param>
    /// <param name="value">The Attribute Value; not copied.</param>
    /// <param name="index">The Attribute Index, if any.</param>
    public static KmipAttribute FromV1Name(string name, TtlvNode value, int? index = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        KmipAttribute attribute;
        if (name.Length > 2 && (name[0] == 'x' || name[0] == 'y') && name[1] == '-')
        {
            // KMIP 1.4 §3.1: names starting "x-" (client) or "y-" (server) are custom attributes.
            attribute = new KmipAttribute(name[..1], name[2..], value);
        }
        else if (KmipAttributeNames.TryGetTag(name, out var tag))
        {
            attribute = new KmipAttribute(tag, value);
        }
        else
        {
            attribute = new KmipAttribute(null, name, value);
        }

        attribute.Index = index;
        return attribute;
    }

    /// <summary>The KMIP 1.x Attribute Name, or null when 1.x cannot name this attribute (a 2.x-only attribute, or a vendor other than "x"/"y").</summary>
    public string? V1Name => Tag != Tag.Attribute
        ? KmipAttributeNames.GetName(Tag)
        : VendorIdentification is null ? Name
        : VendorIdentification is "x" or "y" ? VendorIdentification + "-" + Name
        : null;

    /// <summary>Whether this attribute can be written for <paramref name="version"/> (see <see cref="VersionRules.CanEncode(KmipAttribute, ProtocolVersion)"/>).</summary>
    public bool IsDefinedIn(ProtocolVersion version) => VersionRules.CanEncode(this, version);

    /// <inheritdoc/>
    public override string ToString() => V1Name ?? $"{VendorIdentification}:{Name}";
}
