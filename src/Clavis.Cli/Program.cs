using System.CommandLine;
using Clavis.Cli;

RootCommand root = ClavisCommand.Create();
return root.Parse(args).Invoke();
