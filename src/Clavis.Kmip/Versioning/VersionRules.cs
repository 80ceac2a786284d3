using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Versioning;

/// <summary>
/// What each KMIP version defines, and the encode-time gate. The rule, applied by every encoder in
/// <see cref="Messages"/>: a message encoded for version V never carries a tag V lacks.
/// <list type="bullet">
/// <item>A payload or structure field outside its version range (spec/kmip-payloads.txt) is left out.</item>
/// <item>An attribute whose tag V lacks, or that V cannot name (a 2.x-only attribute in 1.x, a vendor other than
/// "x"/"y" in 1.x, an unknown 1.x name in 2.x), is left out of attribute lists (Get Attributes, Locate, Create, ...),
/// as older clients such as PyKMIP fail on attributes they do not know.</item>
/// <item>Operation and Object Type values V lacks are left out of Query responses.</item>
/// <item>A batch item whose operation V lacks is refused (<see cref="KmipVersionException"/>): leaving it out
/// would break the batch.</item>
/// <item>Unknown items carried from a decoded message are re-emitted unchanged: they are the sender's own.</item>
/// </list>
/// </summary>
public static class VersionRules
{
    /// <summary>Whether <paramref name="version"/> is at least <paramref name="major"/>.<paramref name="minor"/>.</summary>
    public static bool IsAtLeast(ProtocolVersion version, int major, int minor) =>
        version.Major > major || (version.Major == major && version.Minor >= minor);

    /// <summary>Whether <paramref name="version"/> lies in [first, last].</summary>
    public static bool IsWithin(ProtocolVersion version, int firstMajor, int firstMinor, int lastMajor, int lastMinor) =>
        IsAtLeast(version, firstMajor, firstMinor) && !IsAtLeast(version, lastMajor, lastMinor + 1);

    /// <summary>Whether <paramref name="version"/> defines the operation (KMIP 2.1 §11, Operation enumeration).</summary>
    public static bool IsDefinedIn(Operation operation, ProtocolVersion version) =>
        EnumerationVersions.TryGetRange(operation, out var first, out var last) && Within(version, first, last);

    /// <summary>Whether <paramref name="version"/> defines the object type.</summary>
    public static bool IsDefinedIn(ObjectType objectType, ProtocolVersion version) =>
        EnumerationVersions.TryGetRange(objectType, out var first, out var last) && Within(version, first, last);

    /// <summary>Whether <paramref name="attribute"/> can be written for <paramref name="version"/> (see the class rules).</summary>
    public static bool CanEncode(KmipAttribute attribute, ProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        bool named = !IsAtLeast(version, 2, 0)
            ? attribute.V1Name is not null && (attribute.IsVendorAttribute || KmipVocabulary.IsDefinedIn(attribute.Tag, version))
            : attribute.IsVendorAttribute ? attribute.VendorIdentification is not null : KmipVocabulary.IsDefinedIn(attribute.Tag, version);
        return named && (attribute.IsVendorAttribute || ValueIsDefinedIn(attribute.Value, version));
    }

    /// <summary>
    /// Whether every tag inside <paramref name="value"/> and every Enumeration value it holds exist in
    /// <paramref name="version"/> — so that, e.g., a 1.2 client is never sent a Cryptographic Algorithm
    /// that 1.2 does not define (older clients fail to decode such values).
    /// </summary>
    public static bool ValueIsDefinedIn(TtlvNode value, ProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value.Type)
        {
            case TtlvType.Structure:
                foreach (TtlvNode child in value.Children)
                {
                    if (!KmipVocabulary.IsDefinedIn(child.Tag, version) || !ValueIsDefinedIn(child, version))
                    {
                        return false;
                    }
                }

                return true;
            case TtlvType.Enumeration:
                return !KmipVocabulary.TryGetEnumerationForTag(value.Tag, out EnumerationDefinition? enumeration)
                    || enumeration.ValuesAreTags
                    || enumeration.IsDefinedIn(value.EnumerationValue, version);
            default:
                return true;
        }
    }

    private static bool Within(ProtocolVersion version, ProtocolVersion first, ProtocolVersion last) =>
        IsWithin(version, first.Major, first.Minor, last.Major, last.Minor);
}
