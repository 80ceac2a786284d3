using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Clavis.Kmip.Tests.Vocabulary;

/// <summary>Every name the OASIS XML test cases use resolves through the registry.</summary>
public partial class XmlVectorVocabularyTests
{
    // tests/vectors/README.md §1.1: the OASIS copy of this file closes </KMIP> twice (the ovh copy is fixed).
    private const string MalformedCosmianFile = "TC-ECDSA-SIGN-1-14.xml";

    private static readonly HashSet<string> s_rootElements = ["KMIP", "KmipTestCase"];

    // tests/vectors/README.md §1.2: these values come from the PKCS#11 profile, not from the spec's tables,
    // so no EnumerationDefinition holds them. Listed here so any other unknown value still fails.
    private static readonly Dictionary<string, HashSet<string>> s_pkcs11ProfileValues = new(StringComparer.Ordinal)
    {
        ["PKCS_11Function"] = ["C_Initialize", "C_Finalize", "C_GetInfo"],
        ["PKCS_11ReturnCode"] = ["OK"],
    };

    [Fact]
    public void Every_element_attribute_name_and_enumeration_value_resolves()
    {
        var files = Directory.GetFiles(Path.Combine(TestPaths.Vectors, "Cosmian_kmip"), "*.xml", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != MalformedCosmianFile)
            .Concat(Directory.GetFiles(Path.Combine(TestPaths.Vectors, "ovh_kmip-go"), "*.xml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(files.Count > 600, $"only {files.Count} XML files found");

        var failures = new SortedSet<string>(StringComparer.Ordinal);
        var checkedValues = 0;
        foreach (var file in files)
        {
            var where = Path.GetRelativePath(TestPaths.Vectors, file);
            XElement root;
            try
            {
                root = Parse(File.ReadAllText(file));
            }
            catch (System.Xml.XmlException e)
            {
                failures.Add($"{where}: does not parse: {e.Message}");
                continue;
            }
            foreach (var element in root.Descendants())
            {
                checkedValues += Check(element, failures);
            }
        }
        Assert.True(checkedValues > 5000, $"only {checkedValues} names checked");
        Assert.True(failures.Count == 0, $"{failures.Count} names do not resolve:\n{string.Join("\n", failures)}");
    }

    private static int Check(XElement element, SortedSet<string> failures)
    {
        var name = element.Name.LocalName;
        if (s_rootElements.Contains(name) || name == "TTLV")
        {
            return 0; // The document root, and the generic form for unknown tags (<TTLV tag="0x540001" …>).
        }
        if (!KmipVocabulary.TryGetTagByName(name, out var tag))
        {
            failures.Add($"element <{name}>");
            return 1;
        }
        var type = (string?)element.Attribute("type");
        var value = (string?)element.Attribute("value");
        if (value is null)
        {
            return 1;
        }

        // 1.x Attribute Name carries the spaced spec name; the ovh copies of the 1.0–1.2 TC documents keep runs of
        // spaces from the PDF ("Activation   Date"). Custom names ("x-…", "y-…") and 2.x vendor attributes (an
        // Attribute with a Vendor Identification) are not tags.
        if (tag.Tag == Tag.AttributeName && element.Parent is { Name.LocalName: "Attribute" } parent
            && parent.Element("VendorIdentification") is null
            && !value.StartsWith("x-", StringComparison.Ordinal) && !value.StartsWith("y-", StringComparison.Ordinal)
            && !KmipVocabulary.TryGetTagByName(Spaces().Replace(value, " "), out _))
        {
            failures.Add($"AttributeName \"{value}\"");
        }

        var isEnumeration = type == "Enumeration";
        var isMask = type == "Integer" && !IsNumber(value);
        if (!isEnumeration && !isMask)
        {
            return 2;
        }

        // 1.x Attribute Value is polymorphic: its Attribute Name sibling says which attribute it is.
        var valueTag = tag.Tag;
        if (tag.Tag == Tag.AttributeValue)
        {
            var attributeName = (string?)element.Parent?.Elements("AttributeName").FirstOrDefault()?.Attribute("value");
            if (attributeName is null || !KmipVocabulary.TryGetTagByName(Spaces().Replace(attributeName, " "), out var attribute))
            {
                failures.Add($"AttributeValue \"{value}\" without a known AttributeName");
                return 2;
            }
            valueTag = attribute.Tag;
        }

        if (s_pkcs11ProfileValues.TryGetValue(tag.XmlName, out var pkcs11))
        {
            if (!pkcs11.Contains(value))
            {
                failures.Add($"{tag.XmlName} \"{value}\" (not in the PKCS#11 profile list)");
            }
            return 2;
        }
        if (!KmipVocabulary.TryGetEnumerationForTag(valueTag, out var enumeration))
        {
            if (!value.StartsWith("0x", StringComparison.Ordinal))
            {
                failures.Add($"{valueTag} \"{value}\": tag has no enumeration");
            }
            return 2;
        }
        if (isMask)
        {
            if (!enumeration.IsMask || !enumeration.TryParseMask(value, out _))
            {
                failures.Add($"{valueTag} mask \"{value}\"");
            }
        }
        else if (!value.StartsWith("0x", StringComparison.Ordinal) && !enumeration.TryGetValue(value, out _))
        {
            failures.Add($"{valueTag} ({enumeration.XmlName}) \"{value}\"");
        }
        return 2;
    }

    // tests/vectors/README.md §1.1: '#' lines (TIME markers and notes) sit between the messages, sometimes in
    // front of a <RequestMessage> on the same line; some files have an XML declaration, some several roots.
    private static XElement Parse(string text)
    {
        var xml = HashLine().Replace(text, "");
        xml = XmlDeclaration().Replace(xml, "");
        return XElement.Parse("<Vectors>" + xml + "</Vectors>");
    }

    private static bool IsNumber(string value) =>
        value.StartsWith("0x", StringComparison.Ordinal) || long.TryParse(value, out _);

    [GeneratedRegex(@"^[ \t]*#[^<\n]*", RegexOptions.Multiline)]
    private static partial Regex HashLine();

    [GeneratedRegex(" {2,}")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"<\?xml[^>]*\?>")]
    private static partial Regex XmlDeclaration();
}
