using System.Security.Cryptography.X509Certificates;
using Clavis.Integration.Tests.Support;

namespace Clavis.Client.Tests.Support;

/// <summary>Clients of a test node: the admin's, or one with a certificate of its own issued by the node's CA.</summary>
public static class TestClients
{
    /// <summary>Options reaching <paramref name="server"/> as <paramref name="certificate"/> (the admin by default), trusting only its CA.</summary>
    public static KmipClientOptions Options(ServerFixture server, X509Certificate2? certificate = null) => new()
    {
        Server = new KmipServerEndpoint("127.0.0.1", server.KmipEndPoint.Port),
        ClientCertificate = certificate ?? server.AdminCertificate,
        TrustedCaCertificates = { server.CaCertificate },
    };

    /// <summary>A client of <paramref name="server"/> as the admin, with the options <paramref name="configure"/> changes.</summary>
    public static KmipClient Create(ServerFixture server, Action<KmipClientOptions>? configure = null)
    {
        KmipClientOptions options = Options(server);
        configure?.Invoke(options);
        return new KmipClient(options);
    }

    /// <summary>Issues a client certificate from the node's CA into <paramref name="directory"/>; returns its PEM and key paths.</summary>
    public static (string Certificate, string Key, string Pkcs12) Issue(ServerFixture server, string name, string? group, string directory)
    {
        string certificate = server.Host.Tls.IssueClient(name, group, directory);
        return (certificate, Path.Combine(directory, name + ".key"), Path.Combine(directory, name + ".p12"));
    }
}
