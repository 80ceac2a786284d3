using System.Linq;
using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace Clavis.Client.Connections;

/// <summary>A server named by an SRV record: its target host and port, its rank and weight.</summary>
internal sealed record SrvTarget(string Host, int Port, int Priority, int Weight);

/// <summary>What one SRV lookup found, and for how long it holds (the smallest TTL among the records).</summary>
internal sealed record SrvAnswer(IReadOnlyList<SrvTarget> Targets, TimeSpan TimeToLive);

/// <summary>
/// Looks up <c>_kmip._tcp.DOMAIN</c> SRV records (RFC 2782) with the system's resolvers (/etc/resolv.conf) or the
/// configured DNS servers; with configured servers, the targets' addresses are looked up there too, since the
/// system resolver may not know the names those servers hand out.
/// </summary>
internal sealed class DnsSrvDiscovery
{
    // A record with a TTL of 0 would have every request ask DNS again.
    private static readonly TimeSpan s_minimumTtl = TimeSpan.FromSeconds(1);
    private readonly LookupClient _lookup;

    public DnsSrvDiscovery(string domain, IReadOnlyList<IPEndPoint> dnsServers)
    {
        ServiceName = "_kmip._tcp." + domain.TrimEnd('.');
        UsesOwnServers = dnsServers.Count > 0;
        LookupClientOptions options = UsesOwnServers ? new LookupClientOptions([.. dnsServers]) : new LookupClientOptions();
        // The client keeps the answer for its TTL itself, and must see a change when it asks again.
        options.UseCache = false;
        options.Timeout = TimeSpan.FromSeconds(2);
        options.Retries = 1;
        options.ThrowDnsErrors = false;
        _lookup = new LookupClient(options);
    }

    /// <summary>The name asked for: <c>_kmip._tcp.DOMAIN</c>.</summary>
    public string ServiceName { get; }

    /// <summary>True when configured DNS servers (not the system's) answer, for SRV and for the targets' addresses.</summary>
    public bool UsesOwnServers { get; }

    /// <summary>Looks the service up.</summary>
    /// <exception cref="KmipConnectionException">DNS failed, has no such record, or says there is no service (target ".").</exception>
    public async Task<SrvAnswer> ResolveAsync(CancellationToken cancellationToken)
    {
        IDnsQueryResponse response = await QueryAsync(ServiceName, QueryType.SRV, cancellationToken).ConfigureAwait(false);
        SrvRecord[] records = [.. response.Answers.SrvRecords()];
        if (records.Length == 0)
        {
            throw Failure(response.HasError ? $"DNS answered {response.ErrorMessage}" : "DNS has no SRV record for it");
        }

        // RFC 2782: a single record whose target is "." means the service is decidedly not offered here.
        if (records.Length == 1 && records[0].Target.Value == ".")
        {
            throw Failure("its SRV record (target \".\") says no KMIP service is offered for this domain");
        }

        var targets = new List<SrvTarget>(records.Length);
        foreach (SrvRecord record in records)
        {
            if (record.Target.Value != ".")
            {
                targets.Add(new SrvTarget(record.Target.Value.TrimEnd('.'), record.Port, record.Priority, record.Weight));
            }
        }

        TimeSpan ttl = TimeSpan.FromSeconds(records.Min(r => r.TimeToLive));
        return new SrvAnswer(targets, ttl < s_minimumTtl ? s_minimumTtl : ttl);
    }

    /// <summary>The addresses of a target, from the configured DNS servers (A, then AAAA).</summary>
    /// <exception cref="KmipConnectionException">The name has no address there.</exception>
    public async ValueTask<IPAddress[]> ResolveAddressesAsync(KmipServerEndpoint target, CancellationToken cancellationToken)
    {
        IDnsQueryResponse v4 = await QueryAsync(target.Host, QueryType.A, cancellationToken).ConfigureAwait(false);
        IDnsQueryResponse v6 = await QueryAsync(target.Host, QueryType.AAAA, cancellationToken).ConfigureAwait(false);
        IPAddress[] addresses = [.. v4.Answers.ARecords().Select(r => r.Address), .. v6.Answers.AaaaRecords().Select(r => r.Address)];
        if (addresses.Length == 0)
        {
            throw new KmipConnectionException(target, requestSent: false, $"the DNS servers give no address for {target.Host}", null);
        }

        return addresses;
    }

    private async Task<IDnsQueryResponse> QueryAsync(string name, QueryType type, CancellationToken cancellationToken)
    {
        try
        {
            return await _lookup.QueryAsync(name, type, QueryClass.IN, cancellationToken).ConfigureAwait(false);
        }
        catch (DnsResponseException ex)
        {
            throw Failure($"DNS failed: {ex.Message}", ex);
        }
    }

    private KmipConnectionException Failure(string reason, Exception? inner = null) =>
        new(new KmipServerEndpoint(ServiceName, 0), requestSent: false, $"DNS SRV discovery: {reason}", inner);
}
