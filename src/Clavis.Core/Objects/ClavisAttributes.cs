namespace Clavis.Core.Objects;

/// <summary>Clavis's own attributes: server-owned vendor attributes ("y-" in KMIP 1.x), read-only for clients.</summary>
public static class ClavisAttributes
{
    /// <summary>
    /// Boolean, true on a key registered already wrapped by the client (its Key Block carries Key Wrapping
    /// Data): the server stores and returns it as it came and never uses it for cryptography, since it
    /// cannot see its value (DESIGN.md "Key material at rest").
    /// </summary>
    public static AttributeKey ClientWrapped { get; } = AttributeKey.Vendor(Attributes.AttributeRules.ServerVendor, "ClavisClientWrapped");
}
