using Clavis.Client.Tests.Support;
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

        Assert.Equal(server.KmipEndPoint.Port, client.Server.Port);
    }
}
