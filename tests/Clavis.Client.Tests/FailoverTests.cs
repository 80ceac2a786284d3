using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Clavis.Client.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client.Tests;

/// <summary>
/// A client over three real nodes: it goes on when the one in use dies mid-load, repeats only what is safe to
/// repeat, reports a lost answer to an unsafe request as an unknown outcome, and returns to a node that comes back.
/// </summary>
public sealed class FailoverTests() : ServerGroupTests(3)
{
    [Fact]
    public async Task Safe_requests_all_succeed_when_the_server_in_use_dies_mid_load_and_it_is_used_again_once_back()
    {
        KmipClientOptions options = Group.Options(0, 1, 2);
        options.ServerRetryDelay = TimeSpan.FromMilliseconds(200);
        options.MaxServerRetryDelay = TimeSpan.FromSeconds(1);
        await using var client = new KmipClient(options);
        await client.RngRetrieveAsync(8);
        Assert.Equal(Group.Endpoint(0), client.Server);

        (int attempted, int succeeded, int afterStop) = await SafeLoad.RunAsync(client, () => Group.StopAsync(0));

        // Every request answered once: none lost, none failed (a failure would have ended its task with it).
        Assert.Equal(attempted, succeeded);
        Assert.True(afterStop >= 8 * 40, $"{afterStop} requests after the stop");
        KmipServerStatus dead = client.Servers.Single(s => s.Endpoint == Group.Endpoint(0));
        Assert.Equal(KmipServerHealth.Down, dead.Health);
        Assert.False(string.IsNullOrEmpty(dead.LastError));
        Assert.NotNull(dead.RetryAfter);
        Assert.Equal(Group.Endpoint(1), client.Server);
        Assert.Equal(KmipServerHealth.Up, client.Servers.Single(s => s.Endpoint == Group.Endpoint(1)).Health);

        // Back on the same port: once its back-off has passed, a request probes it and the client returns to it.
        await Group.StartAgainAsync(0);
        await UntilServerAsync(client, 0);
        Assert.Equal(KmipServerHealth.Up, client.Servers.Single(s => s.Endpoint == Group.Endpoint(0)).Health);
    }

    [Fact]
    public async Task A_Create_whose_answer_is_lost_is_not_sent_again_and_its_outcome_is_reported_unknown()
    {
        await using var proxy = new AnswerDroppingProxy(new IPEndPoint(IPAddress.Loopback, Group.Port(0)));
        KmipClientOptions options = BehindProxyThenSecond(proxy);
        await using var client = new KmipClient(options);
        await client.QueryAsync();
        string name = "unsafe-" + Guid.NewGuid().ToString("N");

        proxy.DropNextAnswer();
        var e = await Assert.ThrowsAsync<KmipConnectionException>(() =>
            client.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 128, CryptographicUsageMask.Encrypt, name));

        Assert.True(e.RequestSent);
        Assert.Contains("may or may not have been applied", e.Message, StringComparison.Ordinal);
        Assert.Contains("Create", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, proxy.Dropped);
        // The node behind the proxy made the key once; the other node never saw the request.
        Assert.Single(await LocateAsync(Group.Endpoint(0), name));
        Assert.Empty(await LocateAsync(Group.Endpoint(1), name));
    }

    [Fact]
    public async Task A_safe_request_whose_answer_is_lost_is_sent_again_to_the_next_server()
    {
        await using var proxy = new AnswerDroppingProxy(new IPEndPoint(IPAddress.Loopback, Group.Port(0)));
        KmipClientOptions options = BehindProxyThenSecond(proxy);
        await using var client = new KmipClient(options);
        await client.QueryAsync();

        proxy.DropNextAnswer();
        byte[] data = RandomNumberGenerator.GetBytes(100);
        HashResponsePayload hash = await client.HashAsync(HashingAlgorithm.SHA_256, data);

        Assert.Equal(SHA256.HashData(data), hash.Data);
        Assert.Equal(1, proxy.Dropped);
        Assert.Equal(Group.Endpoint(1), client.Server);
        Assert.Equal(KmipServerHealth.Down, client.Servers[0].Health);
    }

    [Fact]
    public async Task With_retries_off_a_safe_request_whose_answer_is_lost_is_not_sent_again()
    {
        await using var proxy = new AnswerDroppingProxy(new IPEndPoint(IPAddress.Loopback, Group.Port(0)));
        KmipClientOptions options = BehindProxyThenSecond(proxy);
        options.RetrySafeRequests = false;
        await using var client = new KmipClient(options);
        await client.QueryAsync();

        proxy.DropNextAnswer();
        var e = await Assert.ThrowsAsync<KmipConnectionException>(() => client.RngRetrieveAsync(8));

        Assert.Contains("RetrySafeRequests is off", e.Message, StringComparison.Ordinal);
        Assert.Equal(new KmipServerEndpoint("127.0.0.1", proxy.Port), e.Endpoint);
    }

    [Fact]
    public async Task Any_request_moves_on_when_a_server_refuses_the_connection_and_that_server_is_reported_down()
    {
        int closed = ClosedPort();
        KmipClientOptions options = Group.Options();
        options.Servers.Add(new KmipServerEndpoint("127.0.0.1", closed));
        options.Servers.Add(Group.Endpoint(2));
        // Long enough that the second request (Create, after version negotiation) does not probe it again.
        options.ServerRetryDelay = TimeSpan.FromMinutes(5);
        options.MaxServerRetryDelay = TimeSpan.FromMinutes(5);
        await using var client = new KmipClient(options);

        // Nothing was sent to the closed port, so even a Create goes on to the next server.
        CreateResponsePayload created = await client.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 128, CryptographicUsageMask.Encrypt);

        Assert.NotNull(created.UniqueIdentifier);
        Assert.Equal(Group.Endpoint(2), client.Server);
        KmipServerStatus down = client.Servers[0];
        Assert.Equal(KmipServerHealth.Down, down.Health);
        Assert.Contains("could not connect", down.LastError, StringComparison.Ordinal);
        Assert.Equal(1, down.ConsecutiveFailures);
        Assert.NotNull(down.LastFailure);
        Assert.Null(down.LastSuccess);
        await using var untried = new KmipClient(Group.Options(0));
        Assert.Equal(KmipServerHealth.Unknown, untried.Servers[0].Health);
    }

    [Fact]
    public async Task When_no_server_answers_the_error_names_each()
    {
        KmipClientOptions options = Group.Options();
        options.Servers.Add(new KmipServerEndpoint("127.0.0.1", ClosedPort()));
        options.Servers.Add(new KmipServerEndpoint("127.0.0.1", ClosedPort()));
        await using var client = new KmipClient(options);

        var e = await Assert.ThrowsAsync<KmipConnectionException>(() => client.RngRetrieveAsync(8));

        Assert.False(e.RequestSent);
        Assert.Contains("no server answered", e.Message, StringComparison.Ordinal);
        Assert.All(client.Servers, s => Assert.Contains(s.Endpoint.ToString(), e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_health_check_asks_every_server_at_once_whatever_its_back_off()
    {
        KmipClientOptions options = Group.Options();
        options.Servers.Add(Group.Endpoint(0));
        options.Servers.Add(new KmipServerEndpoint("127.0.0.1", ClosedPort()));
        options.Servers.Add(Group.Endpoint(1));
        options.ServerRetryDelay = TimeSpan.FromMinutes(5);
        options.MaxServerRetryDelay = TimeSpan.FromMinutes(5);
        await using var client = new KmipClient(options);

        IReadOnlyList<KmipServerStatus> first = await client.CheckServersAsync();

        Assert.Equal([KmipServerHealth.Up, KmipServerHealth.Down, KmipServerHealth.Up], first.Select(s => s.Health));
        Assert.Contains("could not connect", first[1].LastError, StringComparison.Ordinal);

        // The second node goes away; the check sees it at once, and sees the closed port again despite its 5-minute back-off.
        await Group.StopAsync(1);
        IReadOnlyList<KmipServerStatus> second = await client.CheckServersAsync();

        Assert.Equal([KmipServerHealth.Up, KmipServerHealth.Down, KmipServerHealth.Down], second.Select(s => s.Health));
        Assert.Equal(2, second[1].ConsecutiveFailures);
        Assert.Equal(first[2].LastSuccess, second[2].LastSuccess);
    }

    // The first node reached through the proxy, then the second node directly.
    private KmipClientOptions BehindProxyThenSecond(AnswerDroppingProxy proxy)
    {
        KmipClientOptions options = Group.Options();
        options.Servers.Add(new KmipServerEndpoint("127.0.0.1", proxy.Port));
        options.Servers.Add(Group.Endpoint(1));
        return options;
    }

    private async Task<List<string>> LocateAsync(KmipServerEndpoint server, string name)
    {
        KmipClientOptions options = Group.Options();
        options.Server = server;
        await using var client = new KmipClient(options);
        return (await client.LocateAsync(new KmipLocateFilter { Name = name })).UniqueIdentifier;
    }

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
