using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Clavis.Cli.Client;
using Clavis.Client;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Cli;

/// <summary><c>clavis server status</c>: for each configured server, whether it answers, how fast, which KMIP versions and who it is.</summary>
public static class ServerStatusCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var server = new Command("server", "Ask KMIP servers about themselves.");
        var status = new Command("status", "Discover Versions and Query (server information) on every configured server: reachable or not, round-trip time, versions, vendor. Exit 3 when one cannot be reached.");
        KmipCommandOptions options = KmipCommandOptions.AddTo(status);
        KmipCommandRunner.SetAction(status, "server status", options, async context =>
        {
            if (context.Settings.Servers.Count == 0)
            {
                throw new AdminClientException(AdminClientException.UsageError, "no server: give --server HOST:PORT, set CLAVIS_SERVER, or add a profile");
            }

            var results = new JsonArray();
            var rows = new List<IReadOnlyList<string>>();
            bool allReachable = true;
            foreach (string address in context.Settings.Servers)
            {
                JsonObject entry = await ProbeAsync(context, address).ConfigureAwait(false);
                allReachable &= entry["reachable"]!.GetValue<bool>();
                results.Add(entry);
                rows.Add([
                    address,
                    entry["reachable"]!.GetValue<bool>() ? "yes" : "no",
                    entry["roundTripMilliseconds"]?.ToString() ?? "-",
                    entry["protocolVersions"] is JsonArray versions ? string.Join(" ", versions.Select(v => v!.GetValue<string>())) : "-",
                    (string?)entry["vendorIdentification"] ?? (string?)entry["error"] ?? "-",
                ]);
            }

            if (context.Json)
            {
                context.Output.WriteLine(results.ToJsonString(CliText.Json));
            }
            else
            {
                CliText.Table(context.Output, ["SERVER", "REACHABLE", "RTT MS", "KMIP VERSIONS", "VENDOR"], rows);
            }

            return allReachable ? 0 : AdminClientException.Unreachable;
        });
        server.Subcommands.Add(status);
        return server;
    }

    private static async Task<JsonObject> ProbeAsync(KmipCommandContext context, string address)
    {
        var entry = new JsonObject { ["server"] = address };
        try
        {
            await using var client = new KmipClient(context.Settings.ToClientOptions(address));
            // The first request opens the session and negotiates; time a second one for the round trip alone.
            await client.GetProtocolVersionAsync(context.CancellationToken).ConfigureAwait(false);
            long start = Stopwatch.GetTimestamp();
            IReadOnlyList<ProtocolVersion> versions = await client.DiscoverVersionsAsync(cancellationToken: context.CancellationToken).ConfigureAwait(false);
            double milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            QueryResponsePayload query = await client.QueryAsync([QueryFunction.QueryServerInformation], context.CancellationToken).ConfigureAwait(false);
            entry["reachable"] = true;
            entry["roundTripMilliseconds"] = Math.Round(milliseconds, 1);
            entry["negotiatedVersion"] = (await client.GetProtocolVersionAsync(context.CancellationToken).ConfigureAwait(false)).ToString();
            entry["protocolVersions"] = new JsonArray([.. versions.Select(v => (JsonNode)v.ToString())]);
            entry["vendorIdentification"] = query.VendorIdentification;
            entry["serverName"] = query.ServerInformation?.ServerName;
            entry["serverVersion"] = query.ServerInformation?.ServerVersion;
        }
        catch (Exception ex) when (ex is KmipConnectionException or TimeoutException or KmipOperationException or KmipProtocolException)
        {
            entry["reachable"] = false;
            entry["error"] = ex is KmipOperationException operation ? KmipCommandRunner.Describe(operation) : ex.Message;
        }

        return entry;
    }
}
