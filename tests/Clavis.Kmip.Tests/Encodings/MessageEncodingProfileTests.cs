using System.Text.Json;
using Clavis.Kmip.Encodings;
using Clavis.Kmip.Json;
using Clavis.Kmip.Ttlv;
using Clavis.Kmip.Xml;

namespace Clavis.Kmip.Tests.Encodings;

/// <summary>The 36 messages printed in the OASIS Additional Message Encodings profile as TTLV hex, XML and JSON.</summary>
public class MessageEncodingProfileTests
{
    private sealed record Printed(string TestCase, string Hex, string Xml, string? Json);

    private static List<Printed> Messages()
    {
        var messages = new List<Printed>();
        foreach (string file in Directory.GetFiles(TestData.VectorFile("derived", "oasis-msgenc-profile-v1.0"), "*.json").Order(StringComparer.Ordinal))
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(file));
            string testCase = doc.RootElement.GetProperty("test_case").GetString()!;
            foreach (JsonElement m in doc.RootElement.GetProperty("messages").EnumerateArray())
            {
                messages.Add(new Printed(
                    testCase,
                    m.GetProperty("ttlv_hex").GetString()!,
                    m.GetProperty("xml").GetString()!,
                    m.TryGetProperty("json_text_as_printed", out JsonElement json) ? json.GetString() : null));
            }
        }

        return messages;
    }

    [Fact]
    public void Thirty_of_36_printed_xml_forms_equal_the_ttlv_and_the_other_six_differ_only_in_the_misprinted_timestamp()
    {
        List<Printed> messages = Messages();
        int equal = 0, timeStampOnly = 0;
        foreach (Printed m in messages)
        {
            TtlvNode ttlv = TtlvNode.Decode(Hex.Parse(m.Hex));
            TtlvNode xml = KmipXml.ReadItem(m.Xml);
            if (xml.Equals(ttlv))
            {
                equal++;
                continue;
            }

            // README: the 1.1 responses print a different TimeStamp in the XML than in the hex.
            Assert.Equal("MSGENC", m.TestCase[..6]);
            Assert.EndsWith("-11", m.TestCase, StringComparison.Ordinal);
            TtlvNode header = xml.Find(Tag.ResponseHeader)!;
            int at = header.Children.FindIndex(c => c.Tag == Tag.TimeStamp);
            header.Children[at] = ttlv.Find(Tag.ResponseHeader)!.Find(Tag.TimeStamp)!;
            Assert.Equal(ttlv, xml);
            timeStampOnly++;
        }

        Assert.Equal(36, messages.Count);
        Assert.Equal(30, equal);
        Assert.Equal(6, timeStampOnly);
    }

    [Fact]
    public void Eleven_of_12_printed_json_texts_parse_and_equal_the_ttlv_and_the_truncated_one_is_refused()
    {
        List<Printed> withJson = [.. Messages().Where(m => m.Json is not null)];
        int equal = 0, refused = 0;
        foreach (Printed m in withJson)
        {
            try
            {
                Assert.Equal(Hex.Parse(m.Hex), KmipJson.ReadItem(m.Json!).Encode());
                equal++;
            }
            catch (KmipEncodingException e)
            {
                // README: the document's first MSGENC-JSON-M-1-10 request lacks its final closing brace.
                Assert.Contains("not valid JSON", e.Reason, StringComparison.Ordinal);
                refused++;
            }
        }

        Assert.Equal(12, withJson.Count);
        Assert.Equal(11, equal);
        Assert.Equal(1, refused);
    }

    [Fact]
    public void Every_printed_ttlv_converts_to_xml_and_json_and_back_to_the_same_bytes()
    {
        foreach (Printed m in Messages())
        {
            byte[] ttlv = Hex.Parse(m.Hex);
            TtlvNode node = TtlvNode.Decode(ttlv);
            Assert.Equal(ttlv, KmipXml.ReadItem(KmipXml.Write(node)).Encode());
            Assert.Equal(ttlv, KmipJson.ReadItem(KmipJson.Write(node)).Encode());
        }
    }

    [Fact]
    public void The_text_tree_of_every_printed_message_matches_the_decoding_printed_beside_it()
    {
        int described = 0;
        foreach (string file in Directory.GetFiles(TestData.VectorFile("derived", "oasis-msgenc-profile-v1.0"), "*.json"))
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (JsonElement m in doc.RootElement.GetProperty("messages").EnumerateArray())
            {
                TtlvNode node = TtlvNode.Decode(Hex.Parse(m.GetProperty("ttlv_hex").GetString()!));
                Assert.Equal(m.GetProperty("ttlv_decoded").GetString(), KmipTextTree.Describe(node));
                described++;
            }
        }

        Assert.Equal(36, described);
    }
}
