using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Clavis.Kmip.Encodings;
using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Xml;

/// <summary>
/// The KMIP XML message encoding (KMIP Additional Message Encodings v1.0 §6) of <see cref="TtlvNode"/> trees.
/// Each item is an element named by its tag's XML name, with <c>type</c> (default Structure) and <c>value</c>
/// attributes; tags without a name use <c>&lt;TTLV tag="0x540001" …&gt;</c>. Reading accepts every permitted
/// form (names or hex, aliases, masks as names and hex parts) and the OASIS test-case layout; writing emits one
/// canonical form, and the conversion TTLV → XML → TTLV is byte-for-byte lossless.
/// </summary>
public static partial class KmipXml
{
    /// <summary>The namespace the profile reserves for KMIP XML, when one is used.</summary>
    public const string Namespace = "urn:oasis:tc:kmip:xmlns";

    private const string GenericElement = "TTLV";

    // Deeper than any TTLV the codec accepts (TtlvReaderOptions.MaxDepth caps at 32 by default), shallow enough for recursion.
    private const int MaxDepth = 64;

    /// <summary>
    /// Reads every message in <paramref name="xml"/>: one message element, several in sequence, or a sequence
    /// wrapped in <c>&lt;KMIP&gt;</c> (or <c>&lt;KmipTestCase&gt;</c>) as the OASIS test cases are. An XML
    /// declaration, comments, text between messages (the test cases' <c># TIME n</c> markers and notes) and
    /// '#' note lines inside items are skipped; any other text inside an item is refused.
    /// </summary>
    /// <param name="xml">The text.</param>
    /// <returns>The messages (or other top-level items), in order; at least one.</returns>
    /// <exception cref="KmipEncodingException">The text is not well-formed, holds no item, or an item is invalid; the exception gives the line and position.</exception>
    public static IReadOnlyList<TtlvNode> ReadMessages(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var settings = new XmlReaderSettings
        {
            ConformanceLevel = ConformanceLevel.Fragment,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
        };

        var items = new List<TtlvNode>();
        try
        {
            using var reader = XmlReader.Create(new StringReader(BlankOutDeclaration(xml)), settings);
            var lines = (IXmlLineInfo)reader;
            reader.Read();
            while (!reader.EOF)
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element when IsWrapper(reader):
                        ReadWrapper(reader, lines, items);
                        break;
                    case XmlNodeType.Element:
                        items.Add(ReadElement(reader, lines, attributeName: null, depth: 0));
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA:
                        // tests/vectors/README.md §1.1: test cases carry "# TIME n" markers and notes between messages.
                        reader.Read();
                        break;
                    default:
                        reader.Read();
                        break;
                }
            }
        }
        catch (XmlException e)
        {
            throw new KmipEncodingException($"not well-formed XML: {StripLocation(e.Message)}", e.LineNumber, e.LinePosition);
        }

        return items.Count > 0 ? items : throw new KmipEncodingException("no KMIP message in the input", 1, 1);
    }

    /// <summary>Reads exactly one item (typically a message), as <see cref="ReadMessages"/> does.</summary>
    /// <param name="xml">The text.</param>
    /// <returns>The item.</returns>
    /// <exception cref="KmipEncodingException">The text is invalid or holds more than one item.</exception>
    public static TtlvNode ReadItem(string xml)
    {
        IReadOnlyList<TtlvNode> items = ReadMessages(xml);
        return items.Count == 1 ? items[0] : throw new KmipEncodingException($"expected one KMIP item, found {items.Count}", 1, 1);
    }

    /// <summary>Writes one item as an indented element, without an XML declaration.</summary>
    /// <param name="item">The item.</param>
    /// <returns>The XML text.</returns>
    public static string Write(TtlvNode item) => ToXElement(item).ToString();

    /// <summary>
    /// Writes messages: a single message as its element, several wrapped in <c>&lt;KMIP&gt;</c> in order,
    /// which <see cref="ReadMessages"/> reads back.
    /// </summary>
    /// <param name="messages">The messages; at least one.</param>
    /// <returns>The XML text.</returns>
    /// <exception cref="ArgumentException"><paramref name="messages"/> is empty.</exception>
    public static string WriteMessages(IReadOnlyList<TtlvNode> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return messages.Count switch
        {
            0 => throw new ArgumentException("no messages to write", nameof(messages)),
            1 => Write(messages[0]),
            _ => new XElement("KMIP", messages.Select(ToXElement)).ToString(),
        };
    }

    /// <summary>Builds the element for one item.</summary>
    /// <param name="item">The item.</param>
    /// <returns>A new element.</returns>
    public static XElement ToXElement(TtlvNode item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return ToXElement(item, attributeName: null);
    }

    private static XElement ToXElement(TtlvNode item, Tag? attributeName)
    {
        string? name = KmipValueText.TagName(item.Tag);
        // KMIP Additional Message Encodings v1.0 §6.1: tags without a name use the generic TTLV element.
        XElement element = name is null
            ? new XElement(GenericElement, new XAttribute("tag", KmipValueText.TagHex(item.Tag)))
            : new XElement(name);
        if (item.Type == TtlvType.Structure)
        {
            Tag? context = null;
            foreach (TtlvNode child in item.Children)
            {
                element.Add(ToXElement(child, context));
                context = KmipValueText.AttributeNameContext(child, context);
            }

            return element;
        }

        EnumerationDefinition? table = KmipValueText.TableFor(item.Tag, item.Type, attributeName);
        element.Add(
            new XAttribute("type", KmipValueText.TypeName(item.Type)),
            new XAttribute("value", KmipValueText.Format(item, table, ' ', bigIntegerPrefix: "")));
        return element;
    }

    private static bool IsWrapper(XmlReader reader) =>
        reader.LocalName is "KMIP" or "KmipTestCase" && !KmipVocabulary.TryGetTagByName(reader.LocalName, out _);

    private static void ReadWrapper(XmlReader reader, IXmlLineInfo lines, List<TtlvNode> items)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }

        reader.Read();
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    items.Add(ReadElement(reader, lines, attributeName: null, depth: 0));
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA:
                    reader.Read();
                    break;
                case XmlNodeType.None:
                    throw Error("input ends inside <KMIP>", lines);
                default:
                    reader.Read();
                    break;
            }
        }

        reader.Read();
    }

    // Reads the element the reader is on, leaving the reader after its end.
    private static TtlvNode ReadElement(XmlReader reader, IXmlLineInfo lines, Tag? attributeName, int depth)
    {
        int line = lines.LineNumber;
        int position = lines.LinePosition;
        if (depth > MaxDepth)
        {
            throw new KmipEncodingException($"items nest deeper than {MaxDepth} levels", line, position);
        }

        string elementName = reader.LocalName;
        if (reader.NamespaceURI.Length > 0 && reader.NamespaceURI != Namespace)
        {
            throw new KmipEncodingException($"element '{reader.Name}' is in namespace '{reader.NamespaceURI}', not KMIP's", line, position);
        }

        string? tagText = null, typeText = null, valueText = null;
        while (reader.MoveToNextAttribute())
        {
            if (reader.Prefix == "xmlns" || reader.LocalName == "xmlns")
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "tag" when elementName == GenericElement: tagText = reader.Value; break;
                case "name" when elementName == GenericElement: break;
                case "type": typeText = reader.Value; break;
                case "value": valueText = reader.Value; break;
                default: throw Error($"unexpected attribute '{reader.Name}' on <{elementName}>", lines);
            }
        }

        reader.MoveToElement();
        bool isEmpty = reader.IsEmptyElement;
        TtlvNode node;
        try
        {
            Tag tag = elementName == GenericElement
                ? KmipValueText.ParseTagHex(tagText ?? throw new KmipValueException("<TTLV> needs a tag attribute, e.g. tag=\"0x540001\""))
                : KmipValueText.ParseTag(elementName);
            // KMIP Additional Message Encodings v1.0 §6.3: an element without a type attribute is a Structure.
            TtlvType type = typeText is null ? TtlvType.Structure : KmipValueText.ParseTypeName(typeText);
            if (type == TtlvType.Structure)
            {
                if (valueText is not null)
                {
                    throw new KmipValueException($"<{elementName}> is a Structure and takes no value attribute");
                }

                node = TtlvNode.Structure(tag);
            }
            else
            {
                EnumerationDefinition? table = KmipValueText.TableFor(tag, type, attributeName);
                node = KmipValueText.Parse(tag, type, valueText ?? throw new KmipValueException($"<{elementName}> of type {typeText} needs a value attribute"), table);
            }
        }
        catch (KmipValueException e)
        {
            throw new KmipEncodingException(e.Message, line, position);
        }

        reader.Read();
        if (isEmpty)
        {
            return node;
        }

        Tag? context = null;
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when node.Type == TtlvType.Structure:
                    TtlvNode child = ReadElement(reader, lines, context, depth + 1);
                    node.Children.Add(child);
                    context = KmipValueText.AttributeNameContext(child, context);
                    break;
                case XmlNodeType.Element:
                    throw Error($"<{elementName}> is a {node.Type} and cannot hold elements", lines);
                case XmlNodeType.Text or XmlNodeType.CDATA:
                    SkipMarkers(reader, lines, elementName);
                    break;
                case XmlNodeType.None:
                    throw Error($"input ends inside <{elementName}>", lines);
                default:
                    reader.Read();
                    break;
            }
        }

        reader.Read();
        return node;
    }

    // Inside an item only '#' note lines, as some test cases carry, may stand beside child elements.
    private static void SkipMarkers(XmlReader reader, IXmlLineInfo lines, string elementName)
    {
        foreach (string line in reader.Value.Split('\n'))
        {
            string trimmed = line.Trim();
            if (trimmed.Length > 0 && trimmed[0] != '#')
            {
                throw Error($"unexpected text '{Shorten(trimmed)}' in <{elementName}>; values go in the value attribute", lines);
            }
        }

        reader.Read();
    }

    // Replaces an XML declaration with spaces, keeping every line and column in place: fragments cannot carry one.
    private static string BlankOutDeclaration(string xml)
    {
        Match declaration = Declaration().Match(xml);
        if (!declaration.Success)
        {
            return xml;
        }

        var text = new StringBuilder(xml);
        for (int i = declaration.Index; i < declaration.Index + declaration.Length; i++)
        {
            if (text[i] is not ('\n' or '\r'))
            {
                text[i] = ' ';
            }
        }

        return text.ToString();
    }

    private static KmipEncodingException Error(string reason, IXmlLineInfo lines) =>
        new(reason, lines.LineNumber, lines.LinePosition);

    private static string Shorten(string text)
    {
        string trimmed = text.Trim();
        return trimmed.Length <= 40 ? trimmed : string.Concat(trimmed.AsSpan(0, 40), "…");
    }

    private static string StripLocation(string message)
    {
        int at = message.IndexOf(" Line ", StringComparison.Ordinal);
        return at > 0 ? message[..at] : message;
    }

    [GeneratedRegex(@"\A\uFEFF?\s*<\?xml[^>]*\?>", RegexOptions.CultureInvariant)]
    private static partial Regex Declaration();
}
