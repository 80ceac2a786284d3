using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Clavis.Client.Tests.Support;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client.Tests;

/// <summary>The pool of sessions: reuse, the limit, idle expiry, replacing closed sessions, timeouts and cancellation.</summary>
[Collection(SharedServer.Name)]
public sealed class ConnectionPoolTests(ServerFixture server)
{
    private static readonly CryptographicParameters s_gcm = new() { BlockCipherMode = BlockCipherMode.GCM, TagLength = 16 };

    [Fact]
    public async Task Sequential_requests_reuse_one_session()
    {
        await using KmipClient client = TestClients.Create(server);

        for (int i = 0; i < 20; i++)
        {
            await client.RngRetrieveAsync(8);
        }

        Assert.Equal(1, client.OpenedConnections);
        Assert.Equal(1, client.IdleConnections);
    }

    [Fact]
    public async Task Many_concurrent_tasks_share_at_most_the_pool_limit_of_sessions()
    {
        await using KmipClient client = TestClients.Create(server, o => o.MaxConnections = 4);
        string id = (await client.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 256, CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt)).UniqueIdentifier!;
        await client.ActivateAsync(id);

        byte[][] plaintexts = [.. Enumerable.Range(0, 64).Select(_ => RandomNumberGenerator.GetBytes(1024))];
        byte[][] roundTrips = await Task.WhenAll(plaintexts.Select(async plaintext =>
        {
            EncryptResponsePayload encrypted = await client.EncryptAsync(id, plaintext, s_gcm);
            return (await client.DecryptAsync(id, encrypted.Data!, s_gcm, encrypted.IVCounterNonce, encrypted.AuthenticatedEncryptionTag)).Data!;
        }));

        Assert.Equal(plaintexts, roundTrips);
        Assert.InRange(client.OpenedConnections, 1, 4);
    }

    [Fact]
    public async Task A_pool_of_one_serialises_concurrent_requests_over_one_session()
    {
        await using KmipClient client = TestClients.Create(server, o => o.MaxConnections = 1);

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => client.RngRetrieveAsync(16)));

        Assert.Equal(1, client.OpenedConnections);
    }

    [Fact]
    public async Task Idle_sessions_are_closed_after_the_idle_timeout()
    {
        await using KmipClient client = TestClients.Create(server, o => o.ConnectionIdleTimeout = TimeSpan.FromMilliseconds(200));
        await client.RngRetrieveAsync(8);
        Assert.Equal(1, client.IdleConnections);

        for (int i = 0; i < 100 && client.IdleConnections > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, client.IdleConnections);
        await client.RngRetrieveAsync(8);
        Assert.Equal(2, client.OpenedConnections);
    }

    [Fact]
    public async Task A_session_the_server_closed_is_replaced_not_reused()
    {
        await using ServerFixture limited = await ServerFixture.StartAsync(settings => settings.MaxMessagesPerSession = 2);
        await using KmipClient client = TestClients.Create(limited);

        for (int i = 0; i < 6; i++)
        {
            await client.RngRetrieveAsync(8);
            // The server closes the session right after its second answer; give its close time to arrive.
            await Task.Delay(200);
        }

        // One message of every session goes to version negotiation; each session carries two.
        Assert.True(client.OpenedConnections >= 3, $"only {client.OpenedConnections} sessions for 7 messages at 2 per session");
    }

    [Fact]
    public async Task A_server_that_does_not_answer_times_out_and_the_session_is_discarded()
    {
        using X509Certificate2 certificate = server.Host.Tls.LoadServerCertificate();
        await using var silent = new SilentTlsServer(certificate);
        KmipClientOptions options = TestClients.Options(server);
        options.Server = new KmipServerEndpoint("127.0.0.1", silent.Port);
        options.RequestTimeout = TimeSpan.FromMilliseconds(500);
        await using var client = new KmipClient(options);

        var e = await Assert.ThrowsAsync<TimeoutException>(() => client.SendAsync(Query()));

        Assert.Contains("Query", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, client.IdleConnections);
        await Assert.ThrowsAsync<TimeoutException>(() => client.SendAsync(Query()));
        Assert.Equal(2, client.OpenedConnections);
    }

    [Fact]
    public async Task Cancellation_stops_a_request_and_discards_its_session()
    {
        using X509Certificate2 certificate = server.Host.Tls.LoadServerCertificate();
        await using var silent = new SilentTlsServer(certificate);
        KmipClientOptions options = TestClients.Options(server);
        options.Server = new KmipServerEndpoint("127.0.0.1", silent.Port);
        await using var client = new KmipClient(options);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(Query(), cancel.Token));

        Assert.Equal(0, client.IdleConnections);
    }

    [Fact]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        await using KmipClient client = TestClients.Create(server);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.RngRetrieveAsync(8, new CancellationToken(canceled: true)));

        Assert.Equal(0, client.OpenedConnections);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_connection_error_that_says_nothing_was_sent()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        KmipClientOptions options = TestClients.Options(server);
        options.Server = new KmipServerEndpoint("127.0.0.1", port);
        await using var client = new KmipClient(options);

        var e = await Assert.ThrowsAsync<KmipConnectionException>(() => client.SendAsync(Query()));

        Assert.False(e.RequestSent);
        Assert.Equal(port, e.Endpoint.Port);
    }

    [Fact]
    public async Task A_server_certificate_from_an_untrusted_CA_fails_the_handshake()
    {
        using var otherCa = CreateSelfSignedCa();
        KmipClientOptions options = TestClients.Options(server);
        options.TrustedCaCertificates.Clear();
        options.TrustedCaCertificates.Add(otherCa);
        await using var client = new KmipClient(options);

        var e = await Assert.ThrowsAsync<KmipConnectionException>(() => client.QueryAsync());

        Assert.Contains("TLS handshake", e.Message, StringComparison.Ordinal);
        Assert.False(e.RequestSent);
    }

    private static RequestMessage Query() => new(new RequestHeader { ProtocolVersion = ProtocolVersion.V2_1 })
    {
        BatchItems = { new RequestBatchItem(new QueryRequestPayload { QueryFunction = [QueryFunction.QueryOperations] }) },
    };

    private static X509Certificate2 CreateSelfSignedCa()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=someone else's CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
