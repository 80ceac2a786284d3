using System.CommandLine;
using System.CommandLine.Completions;

namespace Clavis.Cli;

/// <summary>
/// <c>clavis completion bash|zsh|fish</c> prints a shell completion script; the script calls the hidden
/// <c>clavis complete -- WORD...</c>, which prints the candidates for the last word, one per line, from the command tree.
/// </summary>
public static class CompletionCommand
{
    private const string Bash = """
        # clavis completion for bash: source this file, or save it as /etc/bash_completion.d/clavis
        _clavis_complete() {
            local IFS=$'\n'
            COMPREPLY=( $(clavis complete -- "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) )
        }
        complete -o default -F _clavis_complete clavis
        """;

    private const string Zsh = """
        #compdef clavis
        # clavis completion for zsh: save as _clavis in a folder of $fpath, or source it after compinit
        _clavis() {
            local -a candidates
            candidates=("${(@f)$(clavis complete -- "${(@)words[2,CURRENT]}" 2>/dev/null)}")
            compadd -a candidates
        }
        compdef _clavis clavis
        """;

    private const string Fish = """
        # clavis completion for fish: save as ~/.config/fish/completions/clavis.fish
        complete -c clavis -f -a '(clavis complete -- (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)'
        """;

    /// <summary>Builds <c>completion</c> and the hidden <c>complete</c>.</summary>
    /// <param name="root">The command tree to complete against.</param>
    public static IEnumerable<Command> Create(Func<RootCommand> root)
    {
        var completion = new Command("completion", "Print a shell completion script: clavis completion bash > /etc/bash_completion.d/clavis (docs/cli.md).");
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or fish." };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish");
        completion.Arguments.Add(shell);
        completion.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(shell) switch
            {
                "bash" => Bash,
                "zsh" => Zsh,
                _ => Fish,
            });
            return 0;
        });

        var complete = new Command("complete", "Print completions for the words after --, the last one being completed (used by the completion scripts).") { Hidden = true };
        var words = new Argument<string[]>("WORDS") { Arity = ArgumentArity.ZeroOrMore };
        complete.Arguments.Add(words);
        complete.SetAction(parse =>
        {
            string[] given = parse.GetValue(words) ?? [];
            foreach (string candidate in Candidates(root(), given))
            {
                parse.InvocationConfiguration.Output.WriteLine(candidate);
            }

            return 0;
        });
        return [completion, complete];
    }

    private static string Quote(string word) => word.Length > 0 && !word.Any(c => char.IsWhiteSpace(c) || c == '"') ? word : '"' + word.Replace("\"", "\\\"", StringComparison.Ordinal) + '"';

    /// <summary>The completions of the last word of <paramref name="words"/> (the words after the program's name).</summary>
    public static IEnumerable<string> Candidates(RootCommand root, IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(words);
        string current = words.Count > 0 ? words[^1] : "";
        List<string> before = [.. words.Take(Math.Max(0, words.Count - 1))];
        // As a command line with the cursor at its end: the parser then knows whether the word being completed is an
        // option's value, a new option or a subcommand (an empty word: the line ends with a space).
        string line = string.Join(' ', before.Select(Quote)) + (current.Length == 0 ? " " : (before.Count > 0 ? " " : "") + Quote(current));
        IEnumerable<CompletionItem> items;
        try
        {
            items = [.. root.Parse(line).GetCompletions(line.Length)];
        }
        catch (InvalidOperationException)
        {
            // System.CommandLine 2.0.0 fails on some partial lines ("key create --al"); the word-list parse still completes names.
            items = root.Parse([.. before, current]).GetCompletions();
        }
        return items.Select(i => i.Label).Where(l => l.StartsWith(current, StringComparison.Ordinal) && (current.StartsWith('/') || !l.StartsWith('/'))).Distinct(StringComparer.Ordinal);
    }
}
