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

    /// <summary>
    /// Text String, the name of a profile (a Template object with that Name): in a Create or Register request
    /// ("y-ClavisProfile" in KMIP 1.x, vendor "y" name "ClavisProfile" in 2.x) it asks the server to apply the
    /// profile's attributes; on the new object the server keeps one instance per profile applied, as the record
    /// of what planned it. STABLE FORMAT: stored on every object made from a profile.
    /// </summary>
    public static AttributeKey Profile { get; } = AttributeKey.Vendor(Attributes.AttributeRules.ServerVendor, "ClavisProfile");
}
