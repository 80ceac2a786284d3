using Clavis.Client.Tests.Support;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Clavis.Integration.Tests.Support;

namespace Clavis.Client.Tests;

/// <summary>Options: what a client needs before it can be made, and each way to give it a certificate.</summary>
[Collection(SharedServer.Name)]
public sealed class ClientOptionsTests(ServerFixture server)
{
    [Fact]
    public void A_client_needs_a_server_and_someone_to_trust()
    {
        var noServer = Assert.Throws<ArgumentException>(() => new KmipClient(new KmipClientOptions { TrustSystemCertificateStore = true }));
        var noTrust = Assert.Throws<ArgumentException>(() => new KmipClient(new KmipClientOptions { Server = new KmipServerEndpoint("kms.example") }));
        var noPool = Assert.Throws<ArgumentException>(() => new KmipClient(new KmipClientOptions { Server = new KmipServerEndpoint("kms.example"), TrustSystemCertificateStore = true, MaxConnections = 0 }));

        Assert.Contains("Server", noServer.Message, StringComparison.Ordinal);
        Assert.Contains("TrustedCaCertificates", noTrust.Message, StringComparison.Ordinal);
        Assert.Contains("MaxConnections", noPool.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificates_load_from_PEM_files_and_from_PKCS12()
    {
        using var folder = new TemporaryDirectory();
        var (certificate, key, pkcs12) = TestClients.Issue(server, "loader-" + Guid.NewGuid().ToString("N")[..8], null, folder.Path);
        KmipClientOptions pem = new KmipClientOptions { Server = new KmipServerEndpoint("127.0.0.1", server.KmipEndPoint.Port) }
            .UseClientCertificatePem(certificate, key)
            .TrustCaPem(server.Host.Tls.CaCertificate);
        KmipClientOptions p12 = new KmipClientOptions { Server = new KmipServerEndpoint("127.0.0.1", server.KmipEndPoint.Port) }
            .UseClientCertificatePkcs12(pkcs12, "")
            .TrustCaPem(server.Host.Tls.CaCertificate);

        await using var pemClient = new KmipClient(pem);
        await using var p12Client = new KmipClient(p12);

        Assert.NotEmpty((await pemClient.RngRetrieveAsync(4)).Data!);
        Assert.NotEmpty((await p12Client.RngRetrieveAsync(4)).Data!);
    }

    [Fact]
    public void Changing_the_options_after_creating_the_client_does_not_change_it()
    {
        KmipClientOptions options = TestClients.Options(server);
        var client = new KmipClient(options);
        options.Server = new KmipServerEndpoint("elsewhere.example", 1);

        Assert.Equal(server.KmipEndPoint.Port, client.Server!.Port);
    }

    [Fact]
    public void A_server_list_is_checked_and_names_the_problem()
    {
        KmipClientOptions Trusting() => new() { TrustSystemCertificateStore = true };

        KmipClientOptions both = Trusting();
        both.Server = new KmipServerEndpoint("a.example");
        both.Servers.Add(new KmipServerEndpoint("b.example"));
        KmipClientOptions badPort = Trusting();
        badPort.Servers.Add(new KmipServerEndpoint("a.example"));
        badPort.Servers.Add(new KmipServerEndpoint("b.example", 70000));
        KmipClientOptions twice = Trusting();
        twice.Servers.Add(new KmipServerEndpoint("a.example"));
        twice.Servers.Add(new KmipServerEndpoint("a.example"));
        KmipClientOptions dnsServersAlone = Trusting();
        dnsServersAlone.Server = new KmipServerEndpoint("a.example");
        dnsServersAlone.DnsServers.Add(new IPEndPoint(IPAddress.Loopback, 53));
        KmipClientOptions backoff = Trusting();
        backoff.Server = new KmipServerEndpoint("a.example");
        backoff.MaxServerRetryDelay = TimeSpan.FromMilliseconds(1);

        Assert.Contains("not both", Assert.Throws<ArgumentException>(() => new KmipClient(both)).Message, StringComparison.Ordinal);
        Assert.Contains("b.example", Assert.Throws<ArgumentException>(() => new KmipClient(badPort)).Message, StringComparison.Ordinal);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => new KmipClient(twice)).Message, StringComparison.Ordinal);
        Assert.Contains("DnsSrvDomain", Assert.Throws<ArgumentException>(() => new KmipClient(dnsServersAlone)).Message, StringComparison.Ordinal);
        Assert.Contains("MaxServerRetryDelay", Assert.Throws<ArgumentException>(() => new KmipClient(backoff)).Message, StringComparison.Ordinal);
        Assert.Contains("DnsSrvDomain", Assert.Throws<ArgumentException>(() => new KmipClient(Trusting())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_list_of_one_and_Server_reach_the_same_node()
    {
        KmipClientOptions options = TestClients.Options(server);
        options.Servers.Add(options.Server!);
        options.Server = null;
        await using var client = new KmipClient(options);

        await client.RngRetrieveAsync(4);

        Assert.Equal(new KmipServerEndpoint("127.0.0.1", server.KmipEndPoint.Port), Assert.Single(client.Servers).Endpoint);
        Assert.Equal(KmipServerHealth.Up, client.Servers[0].Health);
        Assert.Equal(KmipServerSource.Configured, client.Servers[0].Source);
    }

    [Fact]
    public async Task The_client_certificate_can_come_from_the_current_users_store_by_thumbprint()
    {
        using var folder = new TemporaryDirectory();
        var (_, _, pkcs12) = TestClients.Issue(server, "store-" + Guid.NewGuid().ToString("N")[..8], null, folder.Path);
        using X509Certificate2 issued = X509CertificateLoader.LoadPkcs12FromFile(pkcs12, "", X509KeyStorageFlags.Exportable | X509KeyStorageFlags.PersistKeySet);
        using X509Certificate2 publicOnly = X509CertificateLoader.LoadCertificate(issued.RawData);
        using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        store.Add(issued);
        try
        {
            // Colons and lower case, as a thumbprint is often copied.
            string thumbprint = string.Join(":", issued.Thumbprint.ToLowerInvariant().Chunk(2).Select(c => new string(c)));
            KmipClientOptions options = new KmipClientOptions { Server = new KmipServerEndpoint("127.0.0.1", server.KmipEndPoint.Port) }
                .UseClientCertificateFromStore(StoreName.My, StoreLocation.CurrentUser, thumbprint)
                .TrustCaPem(server.Host.Tls.CaCertificate);
            await using var client = new KmipClient(options);

            Assert.Equal(issued.Thumbprint, options.ClientCertificate!.Thumbprint);
            Assert.NotEmpty((await client.RngRetrieveAsync(4)).Data!);

            var missing = Assert.Throws<CryptographicException>(() => new KmipClientOptions().UseClientCertificateFromStore(StoreName.My, StoreLocation.CurrentUser, new string('0', 40)));
            Assert.Contains("no certificate with thumbprint", missing.Message, StringComparison.Ordinal);

            // The same certificate without its key: found, but refused.
            store.Remove(issued);
            store.Add(publicOnly);
            var keyless = Assert.Throws<CryptographicException>(() => new KmipClientOptions().UseClientCertificateFromStore(StoreName.My, StoreLocation.CurrentUser, thumbprint));
            Assert.Contains("no private key", keyless.Message, StringComparison.Ordinal);
        }
        finally
        {
            store.Remove(issued);
        }
    }
}
