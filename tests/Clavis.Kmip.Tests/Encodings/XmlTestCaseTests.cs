using Clavis.Kmip.Encodings;
using Clavis.Kmip.Json;
using Clavis.Kmip.Ttlv;
using Clavis.Kmip.Xml;

namespace Clavis.Kmip.Tests.Encodings;

/// <summary>Every request and response of every OASIS XML test case survives XML → TTLV → XML and → JSON → TTLV.</summary>
public class XmlTestCaseTests
{
    public static TheoryData<string> TestCaseFiles()
    {
        var data = new TheoryData<string>();
        foreach (string path in TestCaseIndex.MessagesByPresentFile.Keys.Order(StringComparer.Ordinal))
        {
            if (path != TestCaseIndex.MalformedFile && !TestCaseIndex.Pkcs11ProfileFiles.Contains(path))
            {
                data.Add(path);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TestCaseFiles))]
    public void Every_message_round_trips_through_ttlv_xml_and_json(string path)
    {
        string xml = Placeholders.Substitute(File.ReadAllText(TestData.VectorFile(path.Split('/'))));

        IReadOnlyList<TtlvNode> messages = KmipXml.ReadMessages(xml);

        Assert.Equal(TestCaseIndex.MessagesByPresentFile[path], messages.Count);
        foreach (TtlvNode message in messages)
        {
            byte[] ttlv = message.Encode();
            TtlvNode decoded = TtlvNode.Decode(ttlv);
            Assert.Equal(message, decoded);

            TtlvNode fromXml = KmipXml.ReadItem(KmipXml.Write(decoded));
            Assert.Equal(decoded, fromXml);
            Assert.Equal(ttlv, fromXml.Encode());

            TtlvNode fromJson = KmipJson.ReadItem(KmipJson.Write(decoded));
            Assert.Equal(decoded, fromJson);
            Assert.Equal(ttlv, fromJson.Encode());
        }
    }

    [Fact]
    public void Every_indexed_file_present_is_a_case_except_the_one_malformed_file()
    {
        // tests/vectors/README.md: 512 Cosmian and 184 ovh XML files are present; the index also lists v3.0 files not copied here.
        string[] onDisk = [.. new[] { "Cosmian_kmip", "ovh_kmip-go" }
            .SelectMany(root => Directory.EnumerateFiles(TestData.VectorFile(root), "*.xml", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(TestData.Vectors, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

        Assert.Equal(onDisk, TestCaseIndex.MessagesByPresentFile.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(696, onDisk.Length);
        Assert.Equal(696 - 1 - TestCaseIndex.Pkcs11ProfileFiles.Count, TestCaseFiles().Count);
        Assert.True(TestCaseIndex.MessagesByPresentFile.Where(f => f.Key != TestCaseIndex.MalformedFile).Sum(f => f.Value) >= 4000);
    }

    [Theory]
    [MemberData(nameof(Pkcs11ProfileFiles))]
    public void Pkcs11_profile_names_are_refused_by_name_because_the_vocabulary_has_no_values_for_them(string path)
    {
        string xml = Placeholders.Substitute(File.ReadAllText(TestData.VectorFile(path.Split('/'))));

        var error = Assert.Throws<KmipEncodingException>(() => KmipXml.ReadMessages(xml));

        Assert.Contains("'C_Initialize'", error.Reason, StringComparison.Ordinal);
        Assert.True(error.LineNumber > 0);
    }

    public static TheoryData<string> Pkcs11ProfileFiles() => [.. TestCaseIndex.Pkcs11ProfileFiles];

    [Fact]
    public void The_malformed_oasis_file_is_refused_with_its_line()
    {
        string xml = File.ReadAllText(TestData.VectorFile(TestCaseIndex.MalformedFile.Split('/')));

        var error = Assert.Throws<KmipEncodingException>(() => KmipXml.ReadMessages(Placeholders.Substitute(xml)));

        Assert.True(error.LineNumber > 1);
        Assert.Contains("well-formed", error.Reason, StringComparison.Ordinal);
    }
}
