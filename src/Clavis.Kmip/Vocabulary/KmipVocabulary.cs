using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Clavis.Kmip;

/// <summary>
/// The KMIP 1.0–2.1 vocabulary: tags, their item types and versions, and the enumerations and masks their
/// values come from. The tables are generated from spec/ (KmipVocabulary.Tables.g.cs) and indexed once at
/// type initialisation; every lookup here is allocation-free.
/// </summary>
public static partial class KmipVocabulary
{
    private static readonly ImmutableArray<TagDefinition> s_tagList = [.. CreateTagTable()];
    private static readonly FrozenDictionary<Tag, TagDefinition> s_tags = s_tagList.ToFrozenDictionary(t => t.Tag);
    private static readonly FrozenDictionary<string, TagDefinition>.AlternateLookup<ReadOnlySpan<char>> s_tagsByName = IndexTagNames();
    private static readonly ImmutableArray<EnumerationDefinition> s_enumerationList = [.. CreateEnumerationTable()];
    private static readonly FrozenDictionary<string, EnumerationDefinition>.AlternateLookup<ReadOnlySpan<char>> s_enumerationsByName = IndexEnumerationNames();
    private static readonly EnumerationDefinition s_tagEnumeration = EnumerationDefinition.CreateTagEnumeration();
    private static readonly FrozenDictionary<Tag, EnumerationDefinition> s_enumerationForTag = IndexTagEnumerations();

    /// <summary>Every tag defined in some version 1.0–2.1, ordered by value.</summary>
    public static ImmutableArray<TagDefinition> Tags => s_tagList;

    /// <summary>Every enumeration and mask table of 1.0–2.1, ordered by XML name.</summary>
    public static ImmutableArray<EnumerationDefinition> Enumerations => s_enumerationList;

    /// <summary>The KMIP 2.x "Tag" enumeration, whose values are tags (<see cref="EnumerationDefinition.ValuesAreTags"/>).</summary>
    public static EnumerationDefinition TagEnumeration => s_tagEnumeration;

    /// <summary>Finds a tag's definition.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="definition">The definition, or null for tags no version 1.0–2.1 defines (e.g. extension tags).</param>
    /// <returns>Whether some version defines the tag.</returns>
    public static bool TryGetTag(Tag tag, [NotNullWhen(true)] out TagDefinition? definition) =>
        s_tags.TryGetValue(tag, out definition);

    /// <summary>
    /// Finds a tag by its XML/JSON name ("CryptographicAlgorithm") or by the spec's spaced name in any version
    /// ("Cryptographic Algorithm", as 1.x Attribute Name carries it). Ordinal, case-sensitive; custom attribute
    /// names ("x-…", "y-…") are not tags and are not found.
    /// </summary>
    /// <param name="name">The name; not copied.</param>
    /// <param name="definition">The definition, or null when the name is unknown.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryGetTagByName(ReadOnlySpan<char> name, [NotNullWhen(true)] out TagDefinition? definition) =>
        s_tagsByName.TryGetValue(name, out definition);

    /// <summary>Finds an enumeration or mask table by its XML name ("ResultReason") or spaced name ("Result Reason").</summary>
    /// <param name="name">The name; not copied.</param>
    /// <param name="enumeration">The table, or null when the name is unknown.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryGetEnumeration(ReadOnlySpan<char> name, [NotNullWhen(true)] out EnumerationDefinition? enumeration) =>
        s_enumerationsByName.TryGetValue(name, out enumeration);

    /// <summary>
    /// Finds the table that gives the names of a tag's Enumeration value, or of its Integer value when that is a
    /// mask: the table of the same name, plus the exceptions the generator lists (Extension Type → Item Type,
    /// Mask Generator Hashing Algorithm → Hashing Algorithm, Linked Object Identifier → Unique Identifier), and
    /// <see cref="TagEnumeration"/> for Attribute Reference.
    /// </summary>
    /// <param name="tag">The tag.</param>
    /// <param name="enumeration">The table, or null when the tag's values are not named by a table.</param>
    /// <returns>Whether the tag has a table. Tags whose type varies (Asynchronous Indicator, Unique Identifier)
    /// have one even though only some of their encodings use it.</returns>
    public static bool TryGetEnumerationForTag(Tag tag, [NotNullWhen(true)] out EnumerationDefinition? enumeration) =>
        s_enumerationForTag.TryGetValue(tag, out enumeration);

    /// <summary>
    /// Whether version <paramref name="version"/> defines <paramref name="tag"/>. Extension tags
    /// (0x540000–0x54FFFF) are always allowed.
    /// </summary>
    /// <param name="tag">The tag.</param>
    /// <param name="version">The protocol version of the message.</param>
    public static bool IsDefinedIn(Tag tag, ProtocolVersion version) =>
        IsExtensionTag(tag) || (s_tags.TryGetValue(tag, out var definition) && definition.IsDefinedIn(version));

    /// <summary>Whether <paramref name="tag"/> is in the extension range 0x540000–0x54FFFF (KMIP 1.x §9.1.3.1, 2.x §11.1).</summary>
    /// <param name="tag">The tag.</param>
    public static bool IsExtensionTag(Tag tag) => ((uint)tag & 0xFFFF0000) == 0x00540000;

    /// <summary>Whether an enumeration value is an extension value (high bit set, "8XXXXXXX"), which every version allows.</summary>
    /// <param name="value">The enumeration value.</param>
    public static bool IsExtensionValue(uint value) => (value & 0x80000000) != 0;

    private static FrozenDictionary<string, TagDefinition>.AlternateLookup<ReadOnlySpan<char>> IndexTagNames()
    {
        // XML names first, so that no older spaced name can shadow one.
        var byName = new Dictionary<string, TagDefinition>(StringComparer.Ordinal);
        foreach (var t in s_tagList)
        {
            byName.TryAdd(t.XmlName, t);
        }
        foreach (var t in s_tagList)
        {
            byName.TryAdd(t.Name, t);
        }
        foreach (var (tag, name) in CreateTagAliasTable())
        {
            byName.TryAdd(name, s_tags[tag]);
        }
        return byName.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private static FrozenDictionary<string, EnumerationDefinition>.AlternateLookup<ReadOnlySpan<char>> IndexEnumerationNames()
    {
        var byName = new Dictionary<string, EnumerationDefinition>(StringComparer.Ordinal);
        foreach (var e in s_enumerationList)
        {
            byName.TryAdd(e.XmlName, e);
        }
        foreach (var e in s_enumerationList)
        {
            byName.TryAdd(e.Name, e);
        }
        return byName.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private static FrozenDictionary<Tag, EnumerationDefinition> IndexTagEnumerations()
    {
        var byTag = new Dictionary<Tag, EnumerationDefinition>();
        foreach (var (tag, name) in CreateTagEnumerationTable())
        {
            byTag[tag] = s_enumerationsByName.Dictionary[name];
        }
        foreach (var tag in CreateTagValuedTagTable())
        {
            byTag[tag] = s_tagEnumeration;
        }
        return byTag.ToFrozenDictionary();
    }
}
