using System.CommandLine;
using System.Text.Json;

namespace Clavis.Cli.Tests;

public sealed class KmipCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clavis-kmip-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Convert_takes_vector_hex_through_xml_and_json_back_to_the_same_bytes()
    {
        string[] hex = UseCaseMessages().Take(6).ToArray();
        string hexFile = Write("in.hex", string.Join("\n", hex) + "\n");

        (int code, string xml, _) = Run("kmip", "convert", "--from", "ttlv", "--to", "xml", hexFile);
        Assert.Equal(0, code);
        Assert.StartsWith("<KMIP>", xml, StringComparison.Ordinal);
        (code, string json, _) = Run("kmip", "convert", "--from", "xml", "--to", "json", Write("in.xml", xml));
        Assert.Equal(0, code);
        Assert.StartsWith("[", json, StringComparison.Ordinal);
        (code, string back, _) = Run("kmip", "convert", "--from", "json", "--to", "ttlv", Write("in.json", json));

        Assert.Equal(0, code);
        Assert.Equal(hex.Select(h => h.ToLowerInvariant()), back.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Describe_prints_tag_and_enumeration_names_one_tree_per_message()
    {
        string hexFile = Write("in.hex", string.Join("\n", UseCaseMessages().Take(2)));

        (int code, string output, string error) = Run("kmip", "describe", hexFile);

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.StartsWith("RequestMessage\n  RequestHeader\n    ProtocolVersion\n      ProtocolVersionMajor (Integer) = 1\n", output, StringComparison.Ordinal);
        Assert.Equal(2, output.Split('\n').Count(line => line.EndsWith("Message", StringComparison.Ordinal)));
        Assert.Contains("    Operation (Enumeration) = ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ttlv", "42007801000000zz", "line 1, column 15")]
    [InlineData("ttlv", "4200780100000090420077", "message 1")]
    [InlineData("xml", "<RequestMessage>\n<Bogus/>\n</RequestMessage>", "line 2")]
    [InlineData("json", "{\"tag\":\"RequestMessage\",\"value\":[{\"tag\":\"BatchCount\",\"type\":\"Integer\",\"value\":\"x\"}]}", "$.value[0].value")]
    public void Bad_input_exits_1_with_a_message_naming_where(string from, string input, string where)
    {
        (int code, string output, string error) = Run("kmip", "convert", "--from", from, "--to", "xml", Write("bad", input));

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.StartsWith("clavis kmip convert: invalid ", error, StringComparison.Ordinal);
        Assert.Contains(where, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kmip", "convert", "--from", "yaml", "--to", "xml")]
    [InlineData("kmip", "convert", "--to", "xml")]
    [InlineData("kmip", "convert", "--from", "xml", "--to", "json", "a", "b")]
    [InlineData("kmip", "describe", "a", "b")]
    public void Usage_errors_exit_2(params string[] args)
    {
        (int code, _, string error) = Run(args);

        Assert.Equal(2, code);
        Assert.StartsWith("clavis kmip ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_exits_1()
    {
        (int code, _, string error) = Run("kmip", "describe", Path.Combine(_directory, "absent.hex"));

        Assert.Equal(1, code);
        Assert.Contains("cannot read", error, StringComparison.Ordinal);
    }

    private static IEnumerable<string> UseCaseMessages()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "derived", "NLnetLabs_kmip-protocol", "kmip-usecase-hex-vectors.json")));
        return [.. doc.RootElement.GetProperty("vectors").EnumerateArray()
            .Select(v => v.GetProperty("hex").GetString()!)
            .Where(h => h.StartsWith("42007", StringComparison.Ordinal))];
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = ClavisCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private string Write(string name, string content)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
