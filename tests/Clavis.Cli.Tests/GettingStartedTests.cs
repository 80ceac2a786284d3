using System.Text.RegularExpressions;
using Clavis.Cli.Tests.Support;
using Clavis.Integration.Tests.Support;

namespace Clavis.Cli.Tests;

/// <summary>docs/getting-started.md, run as written: its shell blocks in one bash, against <c>clavis serve</c> in the same folder.</summary>
public sealed partial class GettingStartedTests
{
    [Fact]
    public async Task Every_command_of_the_getting_started_guide_works_as_written()
    {
        string guide = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "getting-started.md"));
        List<(bool Skip, string Code)> blocks = [.. ShellBlock().Matches(guide).Select(m => (m.Groups["skip"].Success, m.Groups["code"].Value))];
        Assert.Contains(blocks, b => b.Skip && b.Code.Trim() == "clavis serve");

        using var cli = new ClavisCli();
        // Where the guide runs clavis serve: ./clavis-data in the working folder; only the port differs.
        using ClavisProcess server = await ClavisProcess.StartAsync(Path.Combine(cli.Home, "clavis-data"));
        string script = string.Join("\n", blocks.Where(b => !b.Skip).Select(b => b.Code))
            .Replace("127.0.0.1:5696", $"127.0.0.1:{server.KmipEndPoint.Port}", StringComparison.Ordinal);
        Assert.Contains("clavis decrypt", script, StringComparison.Ordinal);

        CliRun run = await cli.BashAsync("set -euo pipefail\n" + script);

        Assert.True(run.ExitCode == 0, $"{run}\nserver: {server.Output}");
        Assert.Contains("my-first-key", run.Output, StringComparison.Ordinal);
        Assert.EndsWith("same bytes", run.Output.TrimEnd(), StringComparison.Ordinal);
        // What the guide says clavis serve prints: the profile command with this server's paths.
        Assert.Contains($"clavis profile add --server 127.0.0.1:{server.KmipEndPoint.Port} --ca {Path.Combine(cli.Home, "clavis-data", "certs", "ca.pem")}", server.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(?<skip><!-- test: skip[^>]*-->\s*)?```sh\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}
