using Clavis.Kmip.Encodings;
using Clavis.Kmip.Json;
using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Tests.Encodings;

public class KmipJsonTests
{
    [Theory]
    [InlineData("{\"tag\":\"RequestMessage\",\"value\":[", "$", "not valid JSON")]
    [InlineData("{\"tag\":\"RequestMessage\",\"value\":[{\"tag\":\"Nope\",\"type\":\"Integer\",\"value\":1}]}", "$.value[0].tag", "not a KMIP tag name")]
    [InlineData("{\"tag\":\"RequestMessage\",\"value\":[{\"tag\":\"BatchCount\",\"type\":\"Integer\",\"value\":1.5}]}", "$.value[0].value", "whole number")]
    [InlineData("{\"tag\":\"RequestMessage\",\"value\":[{\"tag\":\"BatchCount\",\"type\":\"Integer\",\"value\":true}]}", "$.value[0].value", "cannot be a boolean")]
    [InlineData("{\"tag\":\"RequestMessage\",\"value\":{}}", "$.value", "must be an array")]
    [InlineData("{\"tag\":\"RequestMessage\",\"colour\":\"red\",\"value\":[]}", "$", "unexpected property")]
    [InlineData("[{\"tag\":\"RequestMessage\",\"value\":[]},{\"tag\":\"0x540001\",\"type\":\"DateTime\",\"value\":\"$NOW\"}]", "$[1].value", "placeholder")]
    [InlineData("[]", "$", "no KMIP message")]
    [InlineData("42", "$", "expected a KMIP item")]
    public void Malformed_input_throws_the_encoding_exception_with_its_path(string json, string path, string reason)
    {
        var error = Assert.Throws<KmipEncodingException>(() => KmipJson.ReadMessages(json));

        Assert.Equal(path, error.JsonPath);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_permitted_value_form_reads_and_the_writer_emits_the_canonical_one()
    {
        const string json = """
            {"tag":"RequestPayload","value":[
              {"tag":"BatchCount","type":"Integer","value":"0x00000010"},
              {"tag":"CryptographicUsageMask","type":"Integer","value":"Decrypt|0x00000001"},
              {"tag":"Operation","type":"Enumeration","value":"0x00000018"},
              {"tag":"UsageLimitsTotal","type":"LongInteger","value":"0x0010000000000000"},
              {"tag":"UsageLimitsCount","type":"LongInteger","value":7},
              {"tag":"LastChangeDate","type":"DateTime","value":"0x0000000051CAAFBD"},
              {"tag":"0x540002","type":"Boolean","value":true}
            ]}
            """;

        TtlvNode node = KmipJson.ReadItem(json);

        Assert.Equal(16, node.Children[0].IntegerValue);
        Assert.Equal(9, node.Children[1].IntegerValue);
        Assert.Equal(1L << 52, node.Children[3].LongIntegerValue);
        Assert.Equal(0x51CAAFBDL, node.Children[5].DateTimeValue.ToUnixTimeSeconds());
        string written = KmipJson.Write(node, indented: false);
        Assert.Contains("\"value\":16", written, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"Sign|Decrypt\"", written, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"Query\"", written, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"0x0010000000000000\"", written, StringComparison.Ordinal);
        Assert.Contains("\"value\":7", written, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"2013-06-26T09:09:17+00:00\"", written, StringComparison.Ordinal);
        Assert.Contains("{\"tag\":\"0x540002\",\"type\":\"Boolean\",\"value\":true}", written, StringComparison.Ordinal);
        Assert.Equal(node, KmipJson.ReadItem(written));
    }
}
