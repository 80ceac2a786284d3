using System.CommandLine;
using Clavis.Cli;

RootCommand root = ClavisCommand.Create();
ParseResult parse = root.Parse(args);
// Usage errors exit 2 (docs/cli.md, "Exit codes"), like the commands' own checks of their arguments.
return parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction ? ParseErrorExit(parse) : parse.Invoke();

static int ParseErrorExit(ParseResult parse)
{
    parse.Invoke();
    return 2;
}
