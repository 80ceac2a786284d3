using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Clavis.Kmip;

/// <summary>
/// One KMIP enumeration or bit mask table, with name↔value conversion for the XML and JSON encodings
/// and version gates. Built once by <see cref="KmipVocabulary"/>; lookups do not allocate.
/// </summary>
public sealed class EnumerationDefinition
{
    // KMIP 1.x §9.1.3.2 / 2.x §11: "Extensions 8XXXXXXX" in every enumeration table.
    private const uint ExtensionBit = 0x80000000;

    private readonly FrozenDictionary<uint, EnumerationValueDefinition> _byValue;
    private readonly FrozenDictionary<string, uint>.AlternateLookup<ReadOnlySpan<char>> _byName;
    private readonly (string Name, uint Bit)[] _bits;

    internal EnumerationDefinition(
        string name,
        string xmlName,
        bool isMask,
        uint extensionBits,
        ProtocolVersion firstVersion,
        ProtocolVersion? lastVersion,
        EnumerationValueDefinition[] values,
        (string Name, uint Value)[] aliases)
    {
        Name = name;
        XmlName = xmlName;
        IsMask = isMask;
        ExtensionBits = isMask ? extensionBits : ExtensionBit;
        FirstVersion = firstVersion;
        LastVersion = lastVersion;
        Values = [.. values];
        _byValue = values.ToFrozenDictionary(v => v.Value);

        // Order decides which value a shared spelling means: current XML names, then spec names, then aliases.
        var byName = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var v in values)
        {
            byName.TryAdd(v.XmlName, v.Value);
        }
        foreach (var v in values)
        {
            byName.TryAdd(v.Name, v.Value);
        }
        foreach (var (alias, value) in aliases)
        {
            byName.TryAdd(alias, value);
        }
        _byName = byName.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _bits = isMask ? [.. values.Select(v => (v.XmlName, v.Value))] : [];
    }

    // The 2.x "Tag" enumeration: its values are tags and live in KmipVocabulary's tag tables.
    private EnumerationDefinition()
    {
        Name = "Tag";
        XmlName = "Tag";
        ValuesAreTags = true;
        FirstVersion = ProtocolVersion.V2_0;
        Values = [];
        _byValue = FrozenDictionary<uint, EnumerationValueDefinition>.Empty;
        _byName = FrozenDictionary<string, uint>.Empty.GetAlternateLookup<ReadOnlySpan<char>>();
        _bits = [];
    }

    internal static EnumerationDefinition CreateTagEnumeration() => new();

    /// <summary>The spec's spaced name in the latest version, e.g. "Cryptographic Algorithm".</summary>
    public string Name { get; }

    /// <summary>The XML/JSON name, which is also the C# enum's name, e.g. "CryptographicAlgorithm".</summary>
    public string XmlName { get; }

    /// <summary>Whether this is a bit mask (carried as Integer, written as names joined by ' ' in XML or '|' in JSON).</summary>
    public bool IsMask { get; }

    /// <summary>
    /// Whether the values are tags (KMIP 2.x Attribute Reference as Enumeration). Names and values then come
    /// from <see cref="KmipVocabulary.TryGetTag"/> and <see cref="KmipVocabulary.TryGetTagByName"/>, and
    /// <see cref="Values"/> is empty.
    /// </summary>
    public bool ValuesAreTags { get; }

    /// <summary>The first version with this table.</summary>
    public ProtocolVersion FirstVersion { get; }

    /// <summary>The last version with this table, or null when 2.1 still has it.</summary>
    public ProtocolVersion? LastVersion { get; }

    /// <summary>
    /// The bits that are extension values: 0x80000000 for enumerations, for masks the bits the spec's
    /// extension row reserves (e.g. 0xFFF00000 for Cryptographic Usage Mask).
    /// </summary>
    public uint ExtensionBits { get; }

    /// <summary>Every value defined in any version 1.0–2.1, ordered by value.</summary>
    public ImmutableArray<EnumerationValueDefinition> Values { get; }

    /// <summary>For a mask, each bit with its latest XML name, ordered by bit; empty for an enumeration.</summary>
    public IEnumerable<(string Name, uint Bit)> Bits => _bits;

    /// <summary>Finds a value's definition.</summary>
    /// <param name="value">The numeric value (for masks, a single bit).</param>
    /// <param name="definition">The definition, or null when the tables do not define the value.</param>
    /// <returns>Whether the tables define the value; always false when <see cref="ValuesAreTags"/>.</returns>
    public bool TryGetValueDefinition(uint value, [NotNullWhen(true)] out EnumerationValueDefinition? definition) =>
        _byValue.TryGetValue(value, out definition);

    /// <summary>Gives the latest XML/JSON name of a value (for <see cref="ValuesAreTags"/>, the tag's XML name).</summary>
    /// <param name="value">The numeric value (for masks, a single bit).</param>
    /// <param name="xmlName">The name, or null when the value is unknown (e.g. an extension value).</param>
    /// <returns>Whether the value has a name.</returns>
    public bool TryGetValueName(uint value, [NotNullWhen(true)] out string? xmlName)
    {
        if (ValuesAreTags)
        {
            var found = KmipVocabulary.TryGetTag((Tag)value, out var tag);
            xmlName = tag?.XmlName;
            return found;
        }
        xmlName = _byValue.TryGetValue(value, out var definition) ? definition.XmlName : null;
        return xmlName is not null;
    }

    /// <summary>
    /// Finds the value of a name: the XML/JSON name of any version, the spec's spaced name of any version,
    /// or a spelling the OASIS test cases use (tests/vectors/README.md §1.2). Ordinal, case-sensitive.
    /// </summary>
    /// <param name="name">The name; not copied.</param>
    /// <param name="value">The value, or 0 when the name is unknown.</param>
    /// <returns>Whether the name is known.</returns>
    public bool TryGetValue(ReadOnlySpan<char> name, out uint value)
    {
        if (ValuesAreTags)
        {
            var found = KmipVocabulary.TryGetTagByName(name, out var tag);
            value = found ? (uint)tag!.Tag : 0;
            return found;
        }
        return _byName.TryGetValue(name, out value);
    }

    /// <summary>
    /// Whether version <paramref name="version"/> defines <paramref name="value"/>. Extension values are
    /// always allowed; for a mask every set bit must be defined in that version or be an extension bit.
    /// </summary>
    /// <param name="value">The value, or for a mask the whole mask.</param>
    /// <param name="version">The protocol version of the message.</param>
    public bool IsDefinedIn(uint value, ProtocolVersion version)
    {
        if (ValuesAreTags)
        {
            return KmipVocabulary.IsDefinedIn((Tag)value, version);
        }
        if (!IsMask)
        {
            return (value & ExtensionBit) != 0
                || (_byValue.TryGetValue(value, out var definition) && definition.IsDefinedIn(version));
        }
        var rest = value & ~ExtensionBits;
        foreach (var (_, bit) in _bits)
        {
            if ((rest & bit) != 0 && _byValue[bit].IsDefinedIn(version))
            {
                rest &= ~bit;
            }
        }
        return rest == 0;
    }

    /// <summary>
    /// Parses a mask written as names and/or 0x hex numbers separated by spaces (XML) or '|' (JSON),
    /// e.g. "Decrypt Encrypt" or "Sign|0x00100000". Names are looked up as in <see cref="TryGetValue"/>.
    /// </summary>
    /// <param name="text">The text; not copied.</param>
    /// <param name="mask">The combined bits, or 0 when parsing fails.</param>
    /// <returns>Whether every part was a known name or a hex number.</returns>
    public bool TryParseMask(ReadOnlySpan<char> text, out uint mask)
    {
        mask = 0;
        foreach (var range in text.SplitAny(' ', '|'))
        {
            var part = text[range];
            if (part.IsEmpty)
            {
                continue;
            }
            uint bits;
            if (part.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                if (!uint.TryParse(part[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bits))
                {
                    mask = 0;
                    return false;
                }
            }
            else if (!TryGetValue(part, out bits))
            {
                mask = 0;
                return false;
            }
            mask |= bits;
        }
        return true;
    }

    /// <summary>
    /// Writes a mask as the latest XML names of its known bits, in bit order, then any remaining bits as one
    /// 0x hex number; "0x00000000" for 0.
    /// </summary>
    /// <param name="mask">The mask.</param>
    /// <param name="separator">' ' for the XML encoding, '|' for JSON.</param>
    /// <returns>A new string.</returns>
    public string FormatMask(uint mask, char separator)
    {
        var sb = new StringBuilder();
        var rest = mask;
        foreach (var (name, bit) in _bits)
        {
            if ((rest & bit) != 0)
            {
                if (sb.Length > 0)
                {
                    sb.Append(separator);
                }
                sb.Append(name);
                rest &= ~bit;
            }
        }
        if (rest != 0 || sb.Length == 0)
        {
            if (sb.Length > 0)
            {
                sb.Append(separator);
            }
            sb.Append(CultureInfo.InvariantCulture, $"0x{rest:X8}");
        }
        return sb.ToString();
    }

    /// <summary>Returns <see cref="XmlName"/>.</summary>
    public override string ToString() => XmlName;
}
