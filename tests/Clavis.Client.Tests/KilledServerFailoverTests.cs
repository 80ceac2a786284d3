using Clavis.Client.Tests.Support;
using Clavis.Integration.Tests.Support;

namespace Clavis.Client.Tests;

/// <summary>
/// Failover when a node dies the hard way: <c>clavis serve</c> in a child process killed with SIGKILL mid-load, so
/// no shutdown code runs and its sessions vanish with the process. Needs clavis.dll built (test.sh builds everything).
/// </summary>
public sealed class KilledServerFailoverTests
{
    [Fact]
    public async Task Safe_requests_all_succeed_when_the_server_in_use_is_killed_mid_load()
    {
        await using ServerGroup tls = await ServerGroup.StartAsync(0);
        using var first = new TemporaryDirectory();
        using var second = new TemporaryDirectory();
        tls.CopyTlsInto(first.Path);
        tls.CopyTlsInto(second.Path);
        using ClavisProcess doomed = await ClavisProcess.StartAsync(first.Path);
        using ClavisProcess survivor = await ClavisProcess.StartAsync(second.Path);
        var doomedEndpoint = new KmipServerEndpoint("127.0.0.1", doomed.KmipEndPoint.Port);
        var survivorEndpoint = new KmipServerEndpoint("127.0.0.1", survivor.KmipEndPoint.Port);
        KmipClientOptions options = tls.Options();
        options.Servers.Add(doomedEndpoint);
        options.Servers.Add(survivorEndpoint);
        await using var client = new KmipClient(options);
        await client.RngRetrieveAsync(8);
        Assert.Equal(doomedEndpoint, client.Server);

        (int attempted, int succeeded, int afterKill) = await SafeLoad.RunAsync(client, () =>
        {
            doomed.Kill();
            return Task.CompletedTask;
        });

        Assert.Equal(attempted, succeeded);
        Assert.True(afterKill >= 8 * 40, $"{afterKill} requests after the kill");
        Assert.Equal(survivorEndpoint, client.Server);
        KmipServerStatus dead = client.Servers[0];
        Assert.Equal(KmipServerHealth.Down, dead.Health);
        Assert.False(string.IsNullOrEmpty(dead.LastError));
    }
}
