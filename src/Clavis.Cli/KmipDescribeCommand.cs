using System.CommandLine;
using Clavis.Kmip.Encodings;
using Clavis.Kmip.Ttlv;

namespace Clavis.Cli;

/// <summary><c>clavis kmip describe [FILE]</c>: prints TTLV messages as an indented tree with tag names, types and values.</summary>
public static class KmipDescribeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var binary = new Option<bool>("--binary") { Description = "The input is raw TTLV bytes, not hex text." };
        var file = new Argument<FileInfo?>("FILE") { Description = "Input file; standard input when absent or '-'.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("describe", "Print TTLV messages (hex or --binary) as an indented tree: tag names, types, values, enumeration names.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Options.Add(binary);
        command.Arguments.Add(file);
        command.SetAction(parse =>
        {
            if (KmipCommandIo.ReportUnmatched(parse, "describe"))
            {
                return KmipCommandIo.Usage;
            }

            try
            {
                IReadOnlyList<TtlvNode> messages = KmipMessageConverter.Read(KmipCommandIo.ReadInput(parse.GetValue(file)), KmipMessageFormat.Ttlv, parse.GetValue(binary));
                TextWriter output = parse.InvocationConfiguration.Output;
                for (int i = 0; i < messages.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Write('\n');
                    }

                    output.Write(KmipTextTree.Describe(messages[i]));
                }

                return KmipCommandIo.Success;
            }
            catch (KmipInputException e)
            {
                parse.InvocationConfiguration.Error.WriteLine($"clavis kmip describe: {e.Message}");
                return KmipCommandIo.BadInput;
            }
        });
        return command;
    }
}
