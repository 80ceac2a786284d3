using System.CommandLine;

namespace Clavis.Cli;

/// <summary><c>clavis kmip …</c>: tools for reading and converting KMIP messages.</summary>
public static class KmipCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var command = new Command("kmip", "Read and convert KMIP messages (TTLV, JSON, XML).");
        command.Subcommands.Add(KmipConvertCommand.Create());
        command.Subcommands.Add(KmipDescribeCommand.Create());
        return command;
    }
}
