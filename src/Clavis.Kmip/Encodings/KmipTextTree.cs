using System.Text;
using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Encodings;

/// <summary>
/// A readable, indented description of an item tree for people (logs, <c>clavis kmip describe</c>): one line per
/// item, two spaces per level, <c>Name (Type) = value</c> with the same value texts as the XML encoding
/// (enumeration and mask names, hex bytes, UTC dates); structures show their name alone; tags without a name as 0x hex.
/// </summary>
public static class KmipTextTree
{
    /// <summary>Describes one item and everything in it; each line ends with a line feed.</summary>
    /// <param name="item">The item.</param>
    /// <returns>The description.</returns>
    public static string Describe(TtlvNode item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var text = new StringBuilder();
        Append(text, item, 0, attributeName: null);
        return text.ToString();
    }

    private static void Append(StringBuilder text, TtlvNode item, int depth, Tag? attributeName)
    {
        text.Append(' ', depth * 2).Append(KmipValueText.TagName(item.Tag) ?? KmipValueText.TagHex(item.Tag));
        if (item.Type == TtlvType.Structure)
        {
            text.Append('\n');
            Tag? context = null;
            foreach (TtlvNode child in item.Children)
            {
                Append(text, child, depth + 1, context);
                context = KmipValueText.AttributeNameContext(child, context);
            }

            return;
        }

        EnumerationDefinition? table = KmipValueText.TableFor(item.Tag, item.Type, attributeName);
        text.Append(" (").Append(KmipValueText.TypeName(item.Type)).Append(") = ")
            .Append(KmipValueText.Format(item, table, ' ', bigIntegerPrefix: "")).Append('\n');
    }
}
