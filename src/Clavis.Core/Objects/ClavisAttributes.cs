namespace Clavis.Core.Objects;

/// <summary>Clavis's own attributes: server-owned vendor attributes ("y-" in KMIP 1.x), read-only for clients except the grants.</summary>
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

    /// <summary>
    /// Text String, one instance per grant: <c>user:NAME ACTIONS</c> or <c>group:NAME ACTIONS</c>, ACTIONS being
    /// comma-separated operations or action groups (<c>user:bob Encrypt,Decrypt</c>, <c>group:payments use:*</c>).
    /// Owners and administrators add and delete them (KMIP Add/Delete Attribute, the admin API, <c>clavis grant</c>);
    /// policy evaluates them in its default tier (docs/policy.md). STABLE FORMAT: stored on every granted object.
    /// </summary>
    public static AttributeKey Grant { get; } = AttributeKey.Vendor(Attributes.AttributeRules.ServerVendor, Attributes.AttributeRules.GrantAttributeName);
}
