using System.Text.Json;
using Clavis.Kmip.Json;
using Clavis.Kmip.Ttlv;
using Clavis.Kmip.Xml;

namespace Clavis.Kmip.Tests.Encodings;

/// <summary>The OASIS use-case and test-case hex that NLnetLabs/kmip-protocol quotes: every full message converts losslessly.</summary>
public class UseCaseHexVectorTests
{
    public static TheoryData<string, string> FullMessages()
    {
        var data = new TheoryData<string, string>();
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(TestData.VectorFile("derived", "NLnetLabs_kmip-protocol", "kmip-usecase-hex-vectors.json")));
        foreach (JsonElement v in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            string hex = v.GetProperty("hex").GetString()!;
            // Two vectors are key material and random bytes, not messages: a message starts with the Request or Response Message tag.
            if (hex.StartsWith("42007801", StringComparison.OrdinalIgnoreCase) || hex.StartsWith("42007b01", StringComparison.OrdinalIgnoreCase))
            {
                data.Add($"{v.GetProperty("test_function").GetString()}/{v.GetProperty("variable").GetString()}", hex);
            }
        }

        return data;
    }

    [Fact]
    public void There_are_77_full_messages()
    {
        Assert.Equal(77, FullMessages().Count);
    }

    [Theory]
    [MemberData(nameof(FullMessages))]
    public void Message_converts_to_xml_and_json_and_back_to_the_same_bytes(string name, string hex)
    {
        Assert.NotEmpty(name);
        byte[] ttlv = Hex.Parse(hex);
        TtlvNode node = TtlvNode.Decode(ttlv);

        Assert.Equal(ttlv, KmipXml.ReadItem(KmipXml.Write(node)).Encode());
        Assert.Equal(ttlv, KmipJson.ReadItem(KmipJson.Write(node)).Encode());
        Assert.Equal(ttlv, KmipJson.ReadItem(KmipJson.Write(node, indented: false)).Encode());
    }
}
