using Clavis.Client.Tests.Support;

namespace Clavis.Client.Tests;

/// <summary>
/// DNS SRV discovery against a real DNS server (dnsmasq) on loopback and real nodes: the SRV targets are names only
/// that DNS server knows (kmip1.clavis.test...), carried by the nodes' certificate.
/// </summary>
public sealed class DnsSrvTests() : ServerGroupTests(2)
{
    private const string Service = "_kmip._tcp.clavis.test";

    [Fact]
    public async Task The_client_uses_the_lowest_priority_target_and_fails_over_to_the_next()
    {
        await using Dnsmasq dns = await Dnsmasq.StartAsync([Srv(0, priority: 0), Srv(1, priority: 1), Address(0), Address(1)], ttlSeconds: 60);
        KmipClientOptions options = Options(dns);
        await using var client = new KmipClient(options);

        for (int i = 0; i < 10; i++)
        {
            await client.RngRetrieveAsync(8);
            Assert.Equal(Target(0), client.Server);
        }

        Assert.Equal([Target(0), Target(1)], client.Servers.Select(s => s.Endpoint));
        Assert.All(client.Servers, s => Assert.Equal(KmipServerSource.DnsSrv, s.Source));
        Assert.Equal([0, 1], client.Servers.Select(s => s.Priority));

        await Group.StopAsync(0);
        for (int i = 0; i < 10; i++)
        {
            await client.RngRetrieveAsync(8);
            Assert.Equal(Target(1), client.Server);
        }

        Assert.Equal(KmipServerHealth.Down, client.Servers[0].Health);
    }

    [Fact]
    public async Task The_client_asks_again_once_the_records_TTL_has_passed()
    {
        Dnsmasq dns = await Dnsmasq.StartAsync([Srv(0, priority: 0), Address(0), Address(1)], ttlSeconds: 1);
        try
        {
            await using var client = new KmipClient(Options(dns));
            await client.RngRetrieveAsync(8);
            Assert.Equal(Target(0), client.Server);

            // The zone now names only the second node; the first stays up, so only a new lookup can move the client.
            int port = dns.Port;
            await dns.DisposeAsync();
            dns = await Dnsmasq.StartAsync([Srv(1, priority: 0), Address(0), Address(1)], ttlSeconds: 1, port);
            for (int i = 0; i < 100 && client.Server != Target(1); i++)
            {
                await client.RngRetrieveAsync(8);
                if (client.Server != Target(1))
                {
                    await Task.Delay(100);
                }
            }

            Assert.Equal(Target(1), client.Server);
            Assert.Equal([Target(1)], client.Servers.Select(s => s.Endpoint));
        }
        finally
        {
            await dns.DisposeAsync();
        }
    }

    [Fact]
    public async Task Configured_servers_serve_after_the_discovered_ones()
    {
        await using Dnsmasq dns = await Dnsmasq.StartAsync([Srv(0, priority: 3), Address(0)], ttlSeconds: 60);
        KmipClientOptions options = Options(dns);
        options.Servers.Add(Group.Endpoint(1));
        await using var client = new KmipClient(options);

        await client.RngRetrieveAsync(8);
        Assert.Equal(Target(0), client.Server);
        Assert.Equal([KmipServerSource.DnsSrv, KmipServerSource.Configured], client.Servers.Select(s => s.Source));

        await Group.StopAsync(0);
        await client.RngRetrieveAsync(8);
        Assert.Equal(Group.Endpoint(1), client.Server);
    }

    [Fact]
    public async Task A_domain_whose_SRV_target_is_a_dot_has_no_service()
    {
        await using Dnsmasq dns = await Dnsmasq.StartAsync(["--srv-host=" + Service], ttlSeconds: 60);
        await using var client = new KmipClient(Options(dns));

        var e = await Assert.ThrowsAsync<KmipConnectionException>(() => client.RngRetrieveAsync(8));

        Assert.False(e.RequestSent);
        Assert.Contains("no KMIP service", e.Message, StringComparison.Ordinal);
        Assert.NotNull(client.DiscoveryError);
    }

    [Fact]
    public async Task A_domain_without_SRV_records_is_a_connection_error_that_names_the_lookup()
    {
        await using Dnsmasq dns = await Dnsmasq.StartAsync([Address(0)], ttlSeconds: 60);
        await using var client = new KmipClient(Options(dns));

        var e = await Assert.ThrowsAsync<KmipConnectionException>(() => client.RngRetrieveAsync(8));

        Assert.Contains(Service, e.Message, StringComparison.Ordinal);
    }

    private string Srv(int node, int priority) => $"--srv-host={Service},{ServerGroup.HostName(node)},{Group.Port(node)},{priority},10";

    private static string Address(int node) => $"--host-record={ServerGroup.HostName(node)},127.0.0.1";

    private KmipServerEndpoint Target(int node) => new(ServerGroup.HostName(node), Group.Port(node));

    private KmipClientOptions Options(Dnsmasq dns)
    {
        KmipClientOptions options = Group.Options();
        options.DnsSrvDomain = "clavis.test";
        options.DnsServers.Add(dns.EndPoint);
        options.ServerRetryDelay = TimeSpan.FromMilliseconds(200);
        return options;
    }
}
