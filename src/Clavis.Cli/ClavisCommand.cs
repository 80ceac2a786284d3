using System.CommandLine;
using System.Reflection;

namespace Clavis.Cli;

/// <summary>The <c>clavis</c> command tree.</summary>
public static class ClavisCommand
{
    /// <summary>The product version, from the assembly.</summary>
    public static string Version =>
        typeof(ClavisCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>Builds the root command with every subcommand.</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand("Clavis: a KMIP key management server and its tools.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(CertCommand.Create());
        root.Subcommands.Add(KmipCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(InventoryCommand.Create());
        root.Subcommands.Add(UserCommand.Create());
        root.Subcommands.Add(DeviceCommand.Create());
        root.Subcommands.Add(PrincipalRulesCommand.Create());
        root.Subcommands.Add(PolicyCommand.Create());
        root.Subcommands.Add(GrantCommand.Create());
        root.Subcommands.Add(ProfileCommand.Create());
        root.Subcommands.Add(KeyCommand.Create());
        foreach (Command command in CryptoCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(ServerStatusCommand.Create());
        foreach (Command command in CompletionCommand.Create(Create))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }
}
