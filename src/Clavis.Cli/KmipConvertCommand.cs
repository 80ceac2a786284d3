using System.CommandLine;
using Clavis.Kmip.Ttlv;

namespace Clavis.Cli;

/// <summary><c>clavis kmip convert --from ttlv|json|xml --to ttlv|json|xml [FILE]</c>: converts KMIP messages between encodings.</summary>
public static class KmipConvertCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var from = new Option<string?>("--from") { Description = "Input encoding: ttlv (hex text), json or xml." };
        var to = new Option<string?>("--to") { Description = "Output encoding: ttlv (hex text), json or xml." };
        var binary = new Option<bool>("--binary") { Description = "TTLV is raw bytes, not hex text (input and output; binary output goes to standard output)." };
        var file = new Argument<FileInfo?>("FILE") { Description = "Input file; standard input when absent or '-'.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("convert", "Convert KMIP messages between TTLV, JSON and XML; several messages in, several out, in order.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(binary);
        command.Arguments.Add(file);
        command.SetAction(parse =>
        {
            TextWriter error = parse.InvocationConfiguration.Error;
            if (KmipCommandIo.ReportUnmatched(parse, "convert")
                || !TryParseFormat(parse.GetValue(from), "--from", error, out KmipMessageFormat input)
                || !TryParseFormat(parse.GetValue(to), "--to", error, out KmipMessageFormat output))
            {
                return KmipCommandIo.Usage;
            }

            bool raw = parse.GetValue(binary);
            try
            {
                IReadOnlyList<TtlvNode> messages = KmipMessageConverter.Read(KmipCommandIo.ReadInput(parse.GetValue(file)), input, raw);
                if (output == KmipMessageFormat.Ttlv && raw)
                {
                    using Stream stdout = Console.OpenStandardOutput();
                    stdout.Write(KmipMessageConverter.WriteBinary(messages));
                }
                else
                {
                    parse.InvocationConfiguration.Output.Write(KmipMessageConverter.WriteText(messages, output));
                }

                return KmipCommandIo.Success;
            }
            catch (KmipInputException e)
            {
                error.WriteLine($"clavis kmip convert: {e.Message}");
                return KmipCommandIo.BadInput;
            }
        });
        return command;
    }

    private static bool TryParseFormat(string? text, string option, TextWriter error, out KmipMessageFormat format)
    {
        format = default;
        if (text is null)
        {
            error.WriteLine($"clavis kmip convert: {option} is required: ttlv, json or xml");
            return false;
        }

        if (text.ToLowerInvariant() is not ("ttlv" or "json" or "xml") || !Enum.TryParse(text, ignoreCase: true, out format))
        {
            error.WriteLine($"clavis kmip convert: {option} '{text}' is not an encoding: ttlv, json or xml");
            return false;
        }

        return true;
    }
}
