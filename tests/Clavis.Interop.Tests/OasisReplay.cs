using System.Globalization;
using System.Text.RegularExpressions;
using Clavis.Kmip;
using Clavis.Kmip.Ttlv;
using Clavis.Kmip.Xml;

namespace Clavis.Interop.Tests;

/// <summary>
/// Replays one OASIS XML test case as tests/vectors/README.md §2 describes: placeholders in requests are
/// substituted from what earlier responses bound, and each response is compared with the expected one under
/// the permitted variations (ids, dates, key material and digests vary; attribute lists are multisets and
/// may hold extra attributes; Result Message may differ or be absent). Result Status and Reason must match.
/// </summary>
public sealed partial class OasisReplay
{
    // README §1.3 "Permitted Test Case Variations": values a conforming server chooses itself.
    private static readonly HashSet<Tag> Variable =
    [
        Tag.UniqueIdentifier, Tag.PrivateKeyUniqueIdentifier, Tag.PublicKeyUniqueIdentifier, Tag.UniqueBatchItemID,
        Tag.AsynchronousCorrelationValue, Tag.TimeStamp, Tag.KeyValue, Tag.KeyMaterial, Tag.Digest, Tag.DigestValue,
        Tag.HashingAlgorithm, Tag.KeyFormatType, Tag.LinkedObjectIdentifier, Tag.ResultMessage, Tag.ActivationDate,
        Tag.ArchiveDate, Tag.CompromiseDate, Tag.CompromiseOccurrenceDate, Tag.DeactivationDate, Tag.DestroyDate,
        Tag.InitialDate, Tag.LastChangeDate, Tag.ProtectStopDate, Tag.ProcessStartDate, Tag.ValidityDate,
        Tag.OriginalCreationDate, Tag.VendorIdentification, Tag.ServerCorrelationValue,
        // Server policy rather than protocol: which generator made a key, and the lease the server grants.
        Tag.RandomNumberGenerator, Tag.LeaseTime,
    ];

    // Containers whose children are compared as a multiset, extra children allowed (README §2 step 3.4).
    private static readonly HashSet<Tag> Unordered = [Tag.ResponsePayload, Tag.Attributes, Tag.TemplateAttribute, Tag.CommonAttributes];

    private const double DateToleranceSeconds = 120;

    private readonly Dictionary<string, TtlvNode> _bindings = [];

    /// <summary>
    /// True for the MSGENC test cases, whose profile says the operations and object types a Query lists
    /// "MAY vary" (README §1.3, last paragraph): those lists are then not compared at all.
    /// </summary>
    public bool QueryListsMayVary { get; init; }

    // A 1.x Attribute whose name is one of the server-chosen values: only its name is compared.
    private static bool IsVariableV1Attribute(TtlvNode expected) =>
        expected.Tag == Tag.Attribute
        && expected.Find(Tag.AttributeName) is { Type: TtlvType.TextString } name
        && KmipVocabulary.TryGetTagByName(name.TextStringValue, out TagDefinition? definition)
        && Variable.Contains(definition.Tag);

    /// <summary>The (request, expected response) pairs of the file, in order, with $NOW placeholders resolved.</summary>
    /// <param name="path">The XML test case.</param>
    /// <param name="dataFix">A known defect of the file, corrected by replacing its only occurrence of Wrong with Right.</param>
    public static IReadOnlyList<(TtlvNode Request, TtlvNode Expected)> Load(string path, (string Wrong, string Right)? dataFix = null)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string text = File.ReadAllText(path);
        if (dataFix is (string wrong, string right))
        {
            int at = text.IndexOf(wrong, StringComparison.Ordinal);
            Assert.True(at >= 0 && text.IndexOf(wrong, at + 1, StringComparison.Ordinal) < 0, $"the data fix for {path} must match exactly once");
            text = text.Replace(wrong, right, StringComparison.Ordinal);
        }

        string xml = NowPlaceholder().Replace(text, match =>
        {
            long offset = match.Groups[1].Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            return $"value=\"{now.AddSeconds(offset).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture)}\"";
        });
        // The v1.0 files were extracted from PDF and keep its runs of spaces inside attribute names
        // ("Cryptographic   Usage Mask"); a server rightly does not know those names.
        xml = AttributeNameSpaces().Replace(xml, match => match.Value.Replace("  ", " ", StringComparison.Ordinal));
        while (AttributeNameSpaces().IsMatch(xml))
        {
            xml = AttributeNameSpaces().Replace(xml, match => match.Value.Replace("  ", " ", StringComparison.Ordinal));
        }

        // README §1.3: placeholders stand for values of any item type ($KEY_MATERIAL_0 and $SHORT_UNIQUE_IDENTIFIER_0
        // are ByteStrings, $ASYNCHRONOUS_CORRELATION_VALUE too). Carry them as text so the XML parses; Substitute
        // puts the bound value, with its own type, back in the request.
        xml = TypedPlaceholder().Replace(xml, "type=\"TextString\" value=\"$1\"");

        IReadOnlyList<TtlvNode> messages = KmipXml.ReadMessages(xml);
        var pairs = new List<(TtlvNode, TtlvNode)>();
        for (int i = 0; i + 1 < messages.Count; i += 2)
        {
            Assert.Equal(Tag.RequestMessage, messages[i].Tag);
            Assert.Equal(Tag.ResponseMessage, messages[i + 1].Tag);
            pairs.Add((messages[i], messages[i + 1]));
        }

        return pairs;
    }

    /// <summary>The request with every bound placeholder replaced.</summary>
    public TtlvNode Substitute(TtlvNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Tag == Tag.RequestMessage)
        {
            TtlvNode request = TtlvNode.Structure(node.Tag, node.Children.Select(Substitute).ToList());
            NoteRequest(request);
            return request;
        }

        if (node.Type == TtlvType.Structure)
        {
            return TtlvNode.Structure(node.Tag, node.Children.Select(Substitute).ToList());
        }

        if (node.Type == TtlvType.TextString && node.TextStringValue.StartsWith('$'))
        {
            Assert.True(
                _bindings.TryGetValue(node.TextStringValue, out TtlvNode? bound) || TryLastOutput(node.TextStringValue, out bound),
                $"the request uses {node.TextStringValue} before a response bound it");
            return bound.Type switch
            {
                TtlvType.TextString => TtlvNode.TextString(node.Tag, bound.TextStringValue),
                TtlvType.ByteString => TtlvNode.ByteString(node.Tag, bound.ByteStringValue),
                _ => bound,
            };
        }

        return node;
    }

    /// <summary>Null when <paramref name="actual"/> matches <paramref name="expected"/>; otherwise where and how it differs.</summary>
    public string? Compare(TtlvNode expected, TtlvNode actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var trial = new Dictionary<string, TtlvNode>(_bindings);
        string? difference = Compare(WithVariableOutput(expected), actual, trial, expected.Tag.ToString());
        if (difference is null)
        {
            foreach ((string name, TtlvNode value) in trial)
            {
                _bindings[name] = value;
            }

            NoteResponse(actual);
        }

        return difference;
    }

    private string? Compare(TtlvNode expected, TtlvNode actual, Dictionary<string, TtlvNode> bindings, string path)
    {
        if (expected.Tag != actual.Tag)
        {
            return $"{path}: expected {expected.Tag}, got {actual.Tag}";
        }

        if (expected.Type == TtlvType.TextString && expected.TextStringValue.StartsWith('$'))
        {
            // Crypto output placeholders name "the value captured earlier" (README §1.3); the files reuse one name
            // for the outputs of different keys (CS-BC-M-GCM-2), so each response binds it anew.
            if (IsOutputPlaceholder(expected.TextStringValue))
            {
                bindings[expected.TextStringValue] = actual;
                return null;
            }

            if (bindings.TryGetValue(expected.TextStringValue, out TtlvNode? bound))
            {
                return bound.Equals(actual) || (bound.Type == TtlvType.TextString && actual.Type == TtlvType.TextString && bound.TextStringValue == actual.TextStringValue)
                    ? null : $"{path}: {expected.TextStringValue} was {bound}, now {actual}";
            }

            bindings[expected.TextStringValue] = actual;
            return null;
        }

        if (Variable.Contains(expected.Tag))
        {
            return null;
        }

        if (IsVariableV1Attribute(expected))
        {
            return SameFirstChild(expected, actual) ? null : $"{path}: expected {expected.Children[0]}, got {actual.Children.FirstOrDefault()}";
        }

        // $NOW was resolved when the file was loaded; the server's clock reads a little later.
        if (expected.Type == TtlvType.DateTime && actual.Type == TtlvType.DateTime)
        {
            return Math.Abs((expected.DateTimeValue - actual.DateTimeValue).TotalSeconds) <= DateToleranceSeconds
                ? null : $"{path}: expected {expected.DateTimeValue:O}, got {actual.DateTimeValue:O}";
        }

        if (expected.Type != actual.Type)
        {
            return $"{path}: expected a {expected.Type}, got a {actual.Type} ({actual})";
        }

        if (expected.Type != TtlvType.Structure)
        {
            return expected.Equals(actual) ? null : $"{path}: expected {expected}, got {actual}";
        }

        return Unordered.Contains(expected.Tag)
            ? CompareUnordered(expected.Children, actual.Children, bindings, path)
            : CompareOrdered(expected.Children, actual.Children, bindings, path);
    }

    private string? CompareOrdered(List<TtlvNode> expected, List<TtlvNode> actual, Dictionary<string, TtlvNode> bindings, string path)
    {
        // KMIP 2.1 §8 lists Client Correlation Value as an optional Response Header field; Clavis echoes the
        // client's, which the 2.1 test cases do not show. Tolerate it where the expectation has none.
        if (!expected.Any(e => e.Tag == Tag.ClientCorrelationValue))
        {
            actual = [.. actual.Where(a => a.Tag != Tag.ClientCorrelationValue)];
        }

        // README §2 permitted variations: an Attribute Index of 0 may be present or omitted (1.1 and later).
        if (!expected.Any(e => e.Tag == Tag.AttributeIndex))
        {
            actual = [.. actual.Where(a => !(a.Tag == Tag.AttributeIndex && a.Type == TtlvType.Integer && a.IntegerValue == 0))];
        }

        int a = 0;
        foreach (TtlvNode want in expected)
        {
            bool optional = want.Tag == Tag.ResultMessage || (want.Tag == Tag.AttributeIndex && want.Type == TtlvType.Integer && want.IntegerValue == 0);
            if (a < actual.Count && actual[a].Tag == want.Tag)
            {
                if (Compare(want, actual[a], bindings, $"{path}/{want.Tag}") is string difference)
                {
                    return difference;
                }

                a++;
            }
            else if (!optional)
            {
                return $"{path}: expected {want.Tag} next, got {(a < actual.Count ? actual[a].Tag.ToString() : "nothing")}";
            }
        }

        return a == actual.Count ? null : $"{path}: unexpected {actual[a].Tag} ({actual[a]})";
    }

    private string? CompareUnordered(List<TtlvNode> expected, List<TtlvNode> actual, Dictionary<string, TtlvNode> bindings, string path)
    {
        if (QueryListsMayVary && path.EndsWith($"/{Tag.ResponsePayload}", StringComparison.Ordinal))
        {
            expected = [.. expected.Where(e => e.Tag is not (Tag.Operation or Tag.ObjectType))];
        }

        var unused = new List<TtlvNode>(actual);
        foreach (TtlvNode want in expected)
        {
            TtlvNode? match = null;
            string? closest = null;
            foreach (TtlvNode candidate in unused.Where(c => c.Tag == want.Tag))
            {
                var trial = new Dictionary<string, TtlvNode>(bindings);
                string? difference = Compare(want, candidate, trial, $"{path}/{want.Tag}");
                // Report the candidate that names the same thing (e.g. the same Attribute Name), if any.
                if (closest is null || SameFirstChild(want, candidate))
                {
                    closest = difference;
                }

                if (difference is null)
                {
                    match = candidate;
                    foreach ((string name, TtlvNode value) in trial)
                    {
                        bindings[name] = value;
                    }

                    break;
                }
            }

            if (match is null)
            {
                return closest ?? $"{path}: no {want} in the response";
            }

            unused.Remove(match);
        }

        return null;
    }

    private static bool SameFirstChild(TtlvNode expected, TtlvNode actual) =>
        expected.Type == TtlvType.Structure && actual.Type == TtlvType.Structure
        && expected.Children.Count > 0 && actual.Children.Count > 0 && expected.Children[0].Equals(actual.Children[0]);

    [GeneratedRegex(@"<AttributeName type=""TextString"" value=""[^""]*  [^""]*""")]
    private static partial Regex AttributeNameSpaces();

    [GeneratedRegex(@"type=""(?:ByteString|BigInteger|Integer|LongInteger|Enumeration|DateTime|Interval)"" value=""(\$[A-Z][A-Z0-9_]*)""")]
    private static partial Regex TypedPlaceholder();

    [GeneratedRegex(@"value=""\$NOW([+-]\d+)?""")]
    private static partial Regex NowPlaceholder();
}
