namespace Clavis.Kmip;

/// <summary>One value of a KMIP enumeration or one bit of a KMIP mask.</summary>
/// <param name="Value">The numeric value (for masks, the bit).</param>
/// <param name="Name">The spec's spaced name in the latest version that defines the value.</param>
/// <param name="XmlName">The XML/JSON name in the latest version that defines the value.</param>
/// <param name="FirstVersion">The first version that defines the value.</param>
/// <param name="LastVersion">The last version that defines the value, or null when 2.1 still does.</param>
/// <param name="DeprecatedIn">The version that deprecated the value, or null.</param>
public sealed record EnumerationValueDefinition(
    uint Value,
    string Name,
    string XmlName,
    ProtocolVersion FirstVersion,
    ProtocolVersion? LastVersion,
    ProtocolVersion? DeprecatedIn)
{
    /// <summary>Whether version <paramref name="version"/> defines this value.</summary>
    /// <param name="version">The protocol version of the message.</param>
    public bool IsDefinedIn(ProtocolVersion version) =>
        version >= FirstVersion && (LastVersion is not { } last || version <= last);
}
