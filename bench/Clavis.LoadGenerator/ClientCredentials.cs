using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Clavis.Server.Tls;

namespace Clavis.LoadGenerator;

/// <summary>What a load connection needs to open a mutual-TLS session: the server's address, the CA and the client certificate.</summary>
internal sealed class ClientCredentials : IDisposable
{
    private ClientCredentials(IPEndPoint endPoint, X509Certificate2 ca, X509Certificate2 client)
    {
        EndPoint = endPoint;
        Ca = ca;
        Client = client;
    }

    public IPEndPoint EndPoint { get; }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Client { get; }

    /// <summary>Uses the administrator certificate of a data folder's TLS material.</summary>
    /// <exception cref="ArgumentException">The address is not 127.0.0.1: the generator never loads another machine.</exception>
    public static ClientCredentials FromTlsFolder(IPEndPoint endPoint, TlsMaterialFiles tls)
    {
        if (!endPoint.Address.Equals(IPAddress.Loopback))
        {
            throw new ArgumentException($"the load generator targets 127.0.0.1 only, not {endPoint.Address}", nameof(endPoint));
        }

        X509Certificate2 ca = tls.LoadCaCertificate();
        using X509Certificate2 pem = X509Certificate2.CreateFromPemFile(tls.AdminCertificate, tls.AdminKey);
        // Exported and reloaded so the private key is usable by SslStream on every platform.
        X509Certificate2 client = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        return new ClientCredentials(endPoint, ca, client);
    }

    public SslClientAuthenticationOptions TlsOptions()
    {
        var chainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        chainPolicy.CustomTrustStore.Add(Ca);
        return new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ClientCertificates = [Client],
            CertificateChainPolicy = chainPolicy,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => certificate is not null && errors == SslPolicyErrors.None,
        };
    }

    public void Dispose()
    {
        Ca.Dispose();
        Client.Dispose();
    }
}
