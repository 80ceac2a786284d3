using System.Text;
using System.Text.RegularExpressions;

namespace Clavis.Kmip.Tests.Encodings;

/// <summary>
/// The test cases' placeholders ($NOW-3600, $DATA_0, …; tests/vectors/README.md §1.3) stand for values a run
/// chooses, so they cannot become TTLV. For round trips each one in a non-text item is replaced by a
/// deterministic stand-in of the item's type: a fixed date, the placeholder's own UTF-8 bytes, zero.
/// Text String placeholders ($UNIQUE_IDENTIFIER_0) are ordinary text and stay.
/// </summary>
internal static partial class Placeholders
{
    public static string Substitute(string xml) => Placeholder().Replace(xml, match =>
    {
        string type = match.Groups["type"].Value;
        string name = match.Groups["name"].Value;
        string standIn = type switch
        {
            "TextString" => name,
            "DateTime" or "DateTimeExtended" => "2001-02-03T04:05:06+00:00",
            "ByteString" or "BigInteger" => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(name)),
            "Boolean" => "false",
            "Enumeration" => "0x00000000",
            _ => "0",
        };
        return $"type=\"{type}\" value=\"{standIn}\"";
    });

    [GeneratedRegex("type=\"(?<type>[A-Za-z]+)\"\\s+value=\"(?<name>\\$[^\"]*)\"")]
    private static partial Regex Placeholder();
}
