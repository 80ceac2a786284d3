using System.CommandLine;

namespace Clavis.Cli;

/// <summary>
/// <c>clavis serve</c>. The KMIP server itself arrives with issue #3; until then the command says so
/// plainly, prints the version and runs the protocol codec's self-check, and exits non-zero.
/// </summary>
public static class ServeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("serve", "Run the KMIP server (not yet available: prints the version and the codec self-check).");
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            output.WriteLine($"clavis {ClavisCommand.Version}");
            bool ok = CodecSelfCheck.Run(output);
            output.WriteLine("The KMIP server is not part of this build yet (issue #3); nothing is listening.");
            return ok ? 2 : 1;
        });
        return command;
    }
}
