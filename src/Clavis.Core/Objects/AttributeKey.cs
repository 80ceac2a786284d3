using Clavis.Kmip;

namespace Clavis.Core.Objects;

/// <summary>
/// Names one attribute of a managed object: a standard attribute by its tag, or a vendor attribute
/// (1.x custom "x-Foo") by vendor identification and name, with <see cref="Tag"/> = <see cref="Tag.Attribute"/>.
/// </summary>
/// <param name="Tag">The attribute's tag; <see cref="Tag.Attribute"/> for vendor attributes.</param>
/// <param name="VendorIdentification">The vendor ("x", "y" for 1.x custom attributes); null for standard attributes.</param>
/// <param name="Name">The vendor attribute's name without prefix; null for standard attributes.</param>
public readonly record struct AttributeKey(Tag Tag, string? VendorIdentification = null, string? Name = null)
{
    /// <summary>A standard attribute.</summary>
    public static implicit operator AttributeKey(Tag tag) => new(tag);

    /// <summary>A vendor attribute.</summary>
    public static AttributeKey Vendor(string vendorIdentification, string name) => new(Tag.Attribute, vendorIdentification, name);

    /// <summary>True for a vendor (custom) attribute.</summary>
    public bool IsVendor => Tag == Tag.Attribute;

    /// <summary>The tag as a standard attribute, for the implicit conversion's named alternative.</summary>
    public static AttributeKey FromTag(Tag tag) => new(tag);

    /// <inheritdoc/>
    public override string ToString() => IsVendor ? $"{VendorIdentification}-{Name}" : Tag.ToString();
}
