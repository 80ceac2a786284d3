using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip;

/// <summary>What the KMIP specifications say about one tag.</summary>
/// <param name="Tag">The tag.</param>
/// <param name="Name">The spec's spaced name in the latest version that defines the tag, e.g. "Unique Identifier".</param>
/// <param name="XmlName">The XML/JSON name, e.g. "UniqueIdentifier".</param>
/// <param name="ItemType">The item type, or null when it differs between versions or contexts, or the tables do not give it.</param>
/// <param name="FirstVersion">The first version that defines the tag.</param>
/// <param name="LastVersion">The last version that defines the tag, or null when 2.1 still does.</param>
/// <param name="DeprecatedIn">The version that deprecated the tag, or null.</param>
public sealed record TagDefinition(
    Tag Tag,
    string Name,
    string XmlName,
    TtlvType? ItemType,
    ProtocolVersion FirstVersion,
    ProtocolVersion? LastVersion,
    ProtocolVersion? DeprecatedIn)
{
    /// <summary>Whether version <paramref name="version"/> defines this tag.</summary>
    /// <param name="version">The protocol version of the message.</param>
    public bool IsDefinedIn(ProtocolVersion version) =>
        version >= FirstVersion && (LastVersion is not { } last || version <= last);
}
