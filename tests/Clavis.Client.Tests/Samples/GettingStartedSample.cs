using System.Net;
using System.Net.Sockets;
using System.Text;
using Clavis.Client.Tests.Support;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client.Tests.Samples;

/// <summary>
/// The samples docs/sdk.md quotes, between the <c>#region</c> markers. They run against a real node so the
/// documentation cannot drift from the SDK.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class GettingStartedSample(ServerFixture server)
{
    [Fact]
    public async Task Connect_create_encrypt_decrypt()
    {
        string caPath = server.Host.Tls.CaCertificate;
        string certificatePath = server.Host.Tls.AdminCertificate;
        string keyPath = server.Host.Tls.AdminKey;
        string host = "127.0.0.1";
        int port = server.KmipEndPoint.Port;

        #region Snippet:GettingStarted
        var options = new KmipClientOptions { Server = new KmipServerEndpoint(host, port) }
            .UseClientCertificatePem(certificatePath, keyPath)
            .TrustCaPem(caPath);
        await using var client = new KmipClient(options);

        CreateResponsePayload created = await client.CreateSymmetricKeyAsync(
            CryptographicAlgorithm.AES, 256, CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt, name: "orders-db");
        string keyId = created.UniqueIdentifier!;
        await client.ActivateAsync(keyId);

        var gcm = new CryptographicParameters { BlockCipherMode = BlockCipherMode.GCM, TagLength = 16 };
        EncryptResponsePayload encrypted = await client.EncryptAsync(keyId, Encoding.UTF8.GetBytes("card 4111"), gcm);
        DecryptResponsePayload decrypted = await client.DecryptAsync(
            keyId, encrypted.Data!, gcm, encrypted.IVCounterNonce, encrypted.AuthenticatedEncryptionTag);
        Console.WriteLine(Encoding.UTF8.GetString(decrypted.Data!)); // card 4111
        #endregion

        Assert.Equal("card 4111", Encoding.UTF8.GetString(decrypted.Data!));
    }

    [Fact]
    public async Task Credentials_ride_in_every_request_header()
    {
        string caPath = server.Host.Tls.CaCertificate;
        string certificatePath = server.Host.Tls.AdminCertificate;
        string keyPath = server.Host.Tls.AdminKey;
        string host = "127.0.0.1";
        int port = server.KmipEndPoint.Port;
        string password = "alice's long passphrase";
        using (var admin = new AdminHttps(server, server.AdminCertificate))
        {
            (await admin.PutAsync("users/alice", $$"""{"password": "{{password}}"}"""))?.Dispose();
        }

        #region Snippet:Credentials
        var options = new KmipClientOptions { Server = new KmipServerEndpoint(host, port) }
            .UseClientCertificatePem(certificatePath, keyPath)
            .TrustCaPem(caPath)
            .UseUsernamePassword("alice", password);
        await using var client = new KmipClient(options);
        ProtocolVersion version = await client.GetProtocolVersionAsync(); // the negotiation carries the credential too
        #endregion

        Assert.Equal(ProtocolVersion.V2_1, version);
    }

    [Fact]
    public async Task Errors_carry_the_result_reason()
    {
        await using KmipClient client = TestClients.Create(server);

        #region Snippet:Errors
        try
        {
            await client.GetAsync("no-such-key");
        }
        catch (KmipOperationException e) when (e.ResultReason == ResultReason.ItemNotFound)
        {
            Console.WriteLine($"{e.Operation}: {e.ResultStatus} / {e.ResultReason}: {e.ResultMessage}");
        }
        #endregion
    }

    [Fact]
    public async Task Batch_create_and_activate_with_the_ID_placeholder()
    {
        await using KmipClient client = TestClients.Create(server);

        #region Snippet:Batch
        KmipBatch batch = client.CreateBatch();
        batch.ErrorContinuation = BatchErrorContinuationOption.Stop;
        KmipBatchItem<CreateResponsePayload> create = batch.Add<CreateResponsePayload>(new CreateRequestPayload
        {
            ObjectType = ObjectType.SymmetricKey,
            Attributes =
            [
                KmipAttributes.CryptographicAlgorithm(CryptographicAlgorithm.AES),
                KmipAttributes.CryptographicLength(128),
                KmipAttributes.CryptographicUsageMask(CryptographicUsageMask.Encrypt),
            ],
        });
        // No identifier: the ID Placeholder, i.e. the key the Create above made.
        KmipBatchItem<ActivateResponsePayload> activate = batch.Add<ActivateResponsePayload>(new ActivateRequestPayload());

        KmipBatchResult result = await batch.SendAsync();
        string newKey = result.Get(create).UniqueIdentifier!;
        Console.WriteLine($"{newKey} active: {result.Items[activate.Index].IsSuccess}");
        #endregion

        Assert.True(result.AllSucceeded);
        Assert.Equal(newKey, result.Get(activate).UniqueIdentifier);
    }

    [Fact]
    public async Task Asynchronous_create_key_pair()
    {
        await using KmipClient client = TestClients.Create(server);

        #region Snippet:Asynchronous
        KmipAsynchronousOperation pending = await client.SubmitAsync(new CreateKeyPairRequestPayload
        {
            CommonAttributes = [KmipAttributes.CryptographicAlgorithm(CryptographicAlgorithm.RSA), KmipAttributes.CryptographicLength(2048)],
            PrivateKeyAttributes = [KmipAttributes.CryptographicUsageMask(CryptographicUsageMask.Sign)],
            PublicKeyAttributes = [KmipAttributes.CryptographicUsageMask(CryptographicUsageMask.Verify)],
        });
        while (pending.IsPending)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            pending = await client.PollAsync(pending);
        }

        var pair = (CreateKeyPairResponsePayload)pending.Result!;
        #endregion

        Assert.NotNull(pair.PrivateKeyUniqueIdentifier);
    }

    [Fact]
    public async Task Many_servers_with_failover()
    {
        string caPath = server.Host.Tls.CaCertificate;
        string certificatePath = server.Host.Tls.AdminCertificate;
        string keyPath = server.Host.Tls.AdminKey;
        // The primary is down (nothing listens there); the backup is the shared node.
        string primaryHost = "127.0.0.1", backupHost = "127.0.0.1";
        int primaryPort = ClosedPort(), backupPort = server.KmipEndPoint.Port;

        #region Snippet:ManyServers
        var options = new KmipClientOptions
        {
            Servers = { new KmipServerEndpoint(primaryHost, primaryPort), new KmipServerEndpoint(backupHost, backupPort) },
            ServerRetryDelay = TimeSpan.FromSeconds(1), // a failed server is skipped 1 s, 2 s, 4 s ... up to:
            MaxServerRetryDelay = TimeSpan.FromSeconds(30),
        }
            .UseClientCertificatePem(certificatePath, keyPath)
            .TrustCaPem(caPath);
        await using var client = new KmipClient(options);

        await client.RngRetrieveAsync(16);
        foreach (KmipServerStatus status in client.Servers)
        {
            Console.WriteLine($"{status.Endpoint}: {status.Health}, last error: {status.LastError ?? "none"}");
        }
        #endregion

        Assert.Equal(new KmipServerEndpoint(backupHost, backupPort), client.Server);
        Assert.Equal(KmipServerHealth.Down, client.Servers[0].Health);
        Assert.Equal(KmipServerHealth.Up, client.Servers[1].Health);
    }

    [Fact]
    public async Task Servers_found_by_DNS_SRV()
    {
        string caPath = server.Host.Tls.CaCertificate;
        string certificatePath = server.Host.Tls.AdminCertificate;
        string keyPath = server.Host.Tls.AdminKey;
        // A real DNS server on loopback: _kmip._tcp.clavis.test names localhost (which the node's certificate carries).
        await using Dnsmasq dns = await Dnsmasq.StartAsync(
            [$"--srv-host=_kmip._tcp.clavis.test,localhost,{server.KmipEndPoint.Port},0,10", "--host-record=localhost,127.0.0.1"], ttlSeconds: 300);
        IPEndPoint dnsServer = dns.EndPoint;

        #region Snippet:DnsSrv
        var options = new KmipClientOptions { DnsSrvDomain = "clavis.test" } // asks for _kmip._tcp.clavis.test
            .UseClientCertificatePem(certificatePath, keyPath)
            .TrustCaPem(caPath);
        options.DnsServers.Add(dnsServer); // leave empty to ask the system's resolvers
        await using var client = new KmipClient(options);

        await client.QueryAsync();
        Console.WriteLine($"answered by {client.Server}"); // localhost:PORT, the SRV target
        #endregion

        Assert.Equal(new KmipServerEndpoint("localhost", server.KmipEndPoint.Port), client.Server);
    }

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
