using Clavis.Kmip.Encodings;
using Clavis.Kmip.Ttlv;
using Clavis.Kmip.Xml;

namespace Clavis.Kmip.Tests.Encodings;

public class KmipXmlTests
{
    [Theory]
    [InlineData("<RequestMessage><BatchCount type=\"Integer\" value=\"1\"></RequestMessage>", 1, "well-formed")]
    [InlineData("<RequestMessage>\n  <NoSuchTag type=\"Integer\" value=\"1\"/>\n</RequestMessage>", 2, "not a KMIP tag name")]
    [InlineData("<RequestMessage>\n<BatchCount type=\"Int\" value=\"1\"/></RequestMessage>", 2, "not a KMIP item type")]
    [InlineData("<RequestMessage>\n<BatchCount type=\"Integer\" value=\"one\"/></RequestMessage>", 2, "not an Integer")]
    [InlineData("<RequestMessage>\n<Operation type=\"Enumeration\" value=\"Fly\"/></RequestMessage>", 2, "not a Operation value")]
    [InlineData("<RequestMessage>\n\n<TimeStamp type=\"DateTime\" value=\"$NOW\"/></RequestMessage>", 3, "placeholder")]
    [InlineData("<RequestMessage>\n<TTLV tag=\"0x330001\" type=\"TextString\" value=\"x\"/></RequestMessage>", 2, "outside the KMIP")]
    [InlineData("<RequestMessage>\n<KeyMaterial type=\"ByteString\" value=\"abc\"/></RequestMessage>", 2, "even number")]
    [InlineData("<RequestMessage>\n<BatchCount type=\"Integer\"/></RequestMessage>", 2, "needs a value")]
    [InlineData("<RequestMessage>text</RequestMessage>", 1, "unexpected text")]
    [InlineData("", 1, "no KMIP message")]
    public void Malformed_input_throws_the_encoding_exception_with_its_line(string xml, int line, string reason)
    {
        var error = Assert.Throws<KmipEncodingException>(() => KmipXml.ReadMessages(xml));

        Assert.Equal(line, error.LineNumber);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_permitted_value_form_reads_and_the_writer_emits_the_canonical_one()
    {
        const string xml = """
            <?xml version="1.0"?>
            <KMIP>
            # TIME 0
            <RequestPayload>
              <Operation type="Enumeration" value="0x00000018"/>
              <ResultReason type="Enumeration" value="NotAuthorized"/>
              <CryptographicUsageMask type="Integer" value="Encrypt   0x00000001 Decrypt"/>
              <AttributeReference type="Enumeration" value="State"/>
              <TTLV tag="0x540001" type="TextString" value="na" name="vendor"/>
              <Attribute>
                <AttributeName type="TextString" value="Cryptographic Algorithm"/>
                <AttributeValue type="Enumeration" value="AES"/>
              </Attribute>
              <OpaqueDataType type="Enumeration" value="0x80000001"/>
              <LastChangeDate type="DateTime" value="2013-06-26T11:09:17+02:00"/>
              <Nonce/>
            </RequestPayload>
            </KMIP>
            """;

        TtlvNode node = KmipXml.ReadItem(xml);

        Assert.Equal(0x18u, node.Children[0].EnumerationValue);
        Assert.Equal(0x0Du, (uint)node.Children[2].IntegerValue);
        Assert.Equal((uint)Tag.State, node.Children[3].EnumerationValue);
        Assert.Equal((Tag)0x540001, node.Children[4].Tag);
        Assert.Equal(3u, node.Children[5].Children[1].EnumerationValue);
        Assert.Equal(DateTimeOffset.Parse("2013-06-26T09:09:17Z", System.Globalization.CultureInfo.InvariantCulture), node.Children[7].DateTimeValue);
        string written = KmipXml.Write(node);
        Assert.Contains("<Operation type=\"Enumeration\" value=\"Query\" />", written, StringComparison.Ordinal);
        Assert.Contains("value=\"NotAuthorised\"", written, StringComparison.Ordinal);
        Assert.Contains("value=\"Sign Encrypt Decrypt\"", written, StringComparison.Ordinal);
        Assert.Contains("<AttributeReference type=\"Enumeration\" value=\"State\" />", written, StringComparison.Ordinal);
        Assert.Contains("<TTLV tag=\"0x540001\" type=\"TextString\" value=\"na\" />", written, StringComparison.Ordinal);
        Assert.Contains("<AttributeValue type=\"Enumeration\" value=\"AES\" />", written, StringComparison.Ordinal);
        Assert.Contains("value=\"0x80000001\"", written, StringComparison.Ordinal);
        Assert.Contains("value=\"2013-06-26T09:09:17+00:00\"", written, StringComparison.Ordinal);
        Assert.Equal(node, KmipXml.ReadItem(written));
    }

    [Fact]
    public void Several_messages_are_written_inside_kmip_and_read_back_in_order()
    {
        TtlvNode[] messages = [TtlvNode.Structure(Tag.RequestMessage, TtlvNode.Integer(Tag.BatchCount, 1)), TtlvNode.Structure(Tag.ResponseMessage)];

        string xml = KmipXml.WriteMessages(messages);

        Assert.StartsWith("<KMIP>", xml, StringComparison.Ordinal);
        Assert.Equal(messages, KmipXml.ReadMessages(xml));
    }
}
