using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Clavis.Kmip.Tests.Vocabulary;

/// <summary>The registry against the independent ThalesGroup/kmip-go tables (1.4 and the 2.0 additions).</summary>
public partial class ThalesTableTests
{
    // Where Thales and the OASIS spec tables disagree; the registry follows the spec.
    private static readonly HashSet<string> s_knownDifferences =
    [
        "Reserved", // Tag 0x420137: "Reserved" in the 2.0 spec, so the generator skips it.
        "Result Reason.Not Authorized", // 2.0 spec: "Not Authorised" (only the XML form NotAuthorized is a README alias).
        "Profile Name.Suite B minLOS_128 Client", // 0x118–0x11B are "(Reserved)" in the 2.0 and 2.1 spec tables.
        "Profile Name.Suite B minLOS_128 Server",
        "Profile Name.Suite B minLOS_192 Client",
        "Profile Name.Suite B minLOS_192 Server",
        "PKCS#11 Function", // From the PKCS#11 profile, not the spec (tests/vectors/README.md §1.2).
        "PKCS#11 Return Code",
        "Opaque Data Type", // Thales lists it with no values: the spec table has only the Extensions row.
    ];

    public static TheoryData<string> Files => new()
    {
        "ThalesGroup_kmip-go/kmip14/kmip_1_4.json",
        "ThalesGroup_kmip-go/kmip20/kmip_2_0_additions.json",
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_tag_has_the_same_value(string file)
    {
        using var json = Load(file);
        var failures = new List<string>();
        var count = 0;
        foreach (var tag in json.RootElement.GetProperty("tags").EnumerateObject())
        {
            count++;
            var expected = Number(tag.Value);
            var tagName = Normalise(tag.Name);
            if (s_knownDifferences.Contains(tagName))
            {
                continue;
            }
            if (!KmipVocabulary.TryGetTagByName(tagName, out var definition))
            {
                failures.Add($"{tag.Name}: unknown");
            }
            else if ((uint)definition.Tag != expected)
            {
                failures.Add($"{tag.Name}: 0x{(uint)definition.Tag:X6}, Thales 0x{expected:X6}");
            }
        }
        Assert.True(count > 50, $"only {count} tags in {file}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_enumeration_and_mask_value_has_the_same_value_and_tags(string file)
    {
        using var json = Load(file);
        var failures = new List<string>();
        var count = 0;
        foreach (var (section, isMask) in new[] { ("enums", false), ("masks", true) })
        {
            foreach (var table in json.RootElement.GetProperty(section).EnumerateArray())
            {
                var name = Normalise(table.GetProperty("name").GetString()!);
                if (s_knownDifferences.Contains(name))
                {
                    continue;
                }
                if (!KmipVocabulary.TryGetEnumeration(name, out var enumeration))
                {
                    failures.Add($"{name}: unknown enumeration");
                    continue;
                }
                if (enumeration.IsMask != isMask)
                {
                    failures.Add($"{name}: IsMask is {enumeration.IsMask}");
                }
                foreach (var value in table.GetProperty("values").EnumerateObject())
                {
                    count++;
                    var expected = Number(value.Value);
                    var valueName = Normalise(value.Name);
                    if (s_knownDifferences.Contains($"{name}.{valueName}"))
                    {
                        continue;
                    }
                    if (!enumeration.TryGetValue(valueName, out var actual))
                    {
                        failures.Add($"{name}.{value.Name}: unknown");
                    }
                    else if (actual != expected)
                    {
                        failures.Add($"{name}.{value.Name}: 0x{actual:X8}, Thales 0x{expected:X8}");
                    }
                }
                if (!table.TryGetProperty("tags", out var tags))
                {
                    continue;
                }
                foreach (var tagName in tags.EnumerateArray().Select(t => Normalise(t.GetString()!)))
                {
                    // Thales lists Link for the 2.0 Unique Identifier enumeration; the spec puts it on the Linked
                    // Object Identifier inside Link (KMIP 2.0 §4.49), which is what the registry maps.
                    var lookup = tagName == "Link" && name == "Unique Identifier" ? "Linked Object Identifier" : tagName;
                    if (!KmipVocabulary.TryGetTagByName(lookup, out var tag)
                        || !KmipVocabulary.TryGetEnumerationForTag(tag.Tag, out var forTag)
                        || forTag != enumeration)
                    {
                        failures.Add($"{name}: tag {tagName} does not map to it");
                    }
                }
            }
        }
        Assert.True(count > 100, $"only {count} values in {file}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // Thales's names carry stray spaces ("Compromise  Date", "RNG Cryptographic Client ", "NIST800 - 108 - C").
    private static string Normalise(string name) =>
        Spaces().Replace(name.Trim(), " ").Replace(" - ", "-", StringComparison.Ordinal);

    [GeneratedRegex(" {2,}")]
    private static partial Regex Spaces();

    private static JsonDocument Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Vectors, file)));

    private static uint Number(JsonElement value) => value.ValueKind == JsonValueKind.Number
        ? value.GetUInt32()
        : uint.Parse(value.GetString()!.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
