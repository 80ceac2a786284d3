using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Clavis.Kmip;

namespace Clavis.Client;

/// <summary>
/// Settings for a <see cref="KmipClient"/>: the servers (one, a list, or found by DNS SRV), the client's
/// certificate, which roots to trust for the servers, protocol versions, timeouts, the connection pools and
/// failover. The client copies them when it is created; changing the options afterwards does not change the client.
/// </summary>
public sealed partial class KmipClientOptions
{
    /// <summary>The one server to talk to: the same as a <see cref="Servers"/> list of one. Set this, or
    /// <see cref="Servers"/>, or <see cref="DnsSrvDomain"/> (alone or with <see cref="Servers"/>).</summary>
    public KmipServerEndpoint? Server { get; set; }

    /// <summary>The servers to talk to, most preferred first: requests go to the first one that is up, and move
    /// down the list when it fails. With <see cref="DnsSrvDomain"/> too, these come after every discovered server.</summary>
    public IList<KmipServerEndpoint> Servers { get; } = [];

    /// <summary>Find the servers in DNS: the SRV records of <c>_kmip._tcp.</c> this domain (RFC 2782), looked up
    /// again when their TTL runs out and when every server failed.</summary>
    public string? DnsSrvDomain { get; set; }

    /// <summary>The DNS servers to ask for <see cref="DnsSrvDomain"/> and for the SRV targets' addresses; when empty,
    /// the system's resolvers (/etc/resolv.conf) are asked for the SRV records and the system resolves the targets.</summary>
    public IList<IPEndPoint> DnsServers { get; } = [];

    /// <summary>After a session failed once the request was sent, send it again to the next server when every
    /// batch item is safe to repeat (read-only, or a repeat is as valid: docs/sdk.md lists them). A request that
    /// provably was not sent always moves on to the next server. On by default.</summary>
    public bool RetrySafeRequests { get; set; } = true;

    /// <summary>How long a server that failed is skipped before a request tries it again; doubles with each
    /// further failure up to <see cref="MaxServerRetryDelay"/>.</summary>
    public TimeSpan ServerRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest a failed server is skipped.</summary>
    public TimeSpan MaxServerRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The client certificate with its private key, presented in the TLS handshake (the client's identity).
    /// Caller owns it and keeps it alive as long as the client.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>The roots the server's certificate must chain to (custom root trust: the operating system's store
    /// plays no part). When empty, the system store is used, but only if <see cref="TrustSystemCertificateStore"/> is true.</summary>
    public X509Certificate2Collection TrustedCaCertificates { get; } = [];

    /// <summary>Trust the operating system's root store for the server's certificate when <see cref="TrustedCaCertificates"/>
    /// is empty (off by default: a KMS
    /// usually has its own CA, and trusting every public CA would let any of them impersonate it).</summary>
    public bool TrustSystemCertificateStore { get; set; }

    /// <summary>TLS versions offered; TLS 1.2 and 1.3 by default (KMIP 2.1 §14 requires at least TLS 1.2).</summary>
    public SslProtocols EnabledSslProtocols { get; set; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>KMIP versions the client speaks, most preferred first. On first use the client asks the server
    /// (Discover Versions) and uses the first of these the server supports.</summary>
    public IList<ProtocolVersion> PreferredProtocolVersions { get; } =
        [ProtocolVersion.V2_1, ProtocolVersion.V2_0, ProtocolVersion.V1_4, ProtocolVersion.V1_3, ProtocolVersion.V1_2, ProtocolVersion.V1_1, ProtocolVersion.V1_0];

    /// <summary>How long one request may take, from waiting for a connection to reading the whole answer.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long opening a connection (TCP and TLS handshake) may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most sessions open to the server at once; further requests wait for a free one.</summary>
    public int MaxConnections { get; set; } = 8;

    /// <summary>How long an unused session is kept before the client closes it.</summary>
    public TimeSpan ConnectionIdleTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Largest response message accepted, in bytes.</summary>
    public int MaxResponseSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>Loads the client certificate and its private key from PEM files.</summary>
    /// <param name="certificatePath">The certificate, PEM.</param>
    /// <param name="keyPath">The private key, PEM (PKCS#8, PKCS#1 or SEC1, unencrypted).</param>
    /// <returns>These options.</returns>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The files hold no certificate or no matching key.</exception>
    public KmipClientOptions UseClientCertificatePem(string certificatePath, string keyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificatePath);
        ArgumentException.ThrowIfNullOrEmpty(keyPath);
        ClientCertificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        return this;
    }

    /// <summary>Loads the client certificate and its private key from a PKCS#12 (.p12, .pfx) file.</summary>
    /// <param name="path">The PKCS#12 file.</param>
    /// <param name="password">Its password (empty for none); not kept.</param>
    /// <returns>These options.</returns>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The password is wrong or the file is not PKCS#12.</exception>
    public KmipClientOptions UseClientCertificatePkcs12(string path, ReadOnlySpan<char> password)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ClientCertificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        return this;
    }

    /// <summary>Uses a certificate with its private key from an operating-system certificate store (on Linux, .NET keeps
    /// CurrentUser stores under ~/.dotnet/corefx/cryptography/x509stores).</summary>
    /// <param name="storeName">The store, e.g. <see cref="StoreName.My"/>.</param>
    /// <param name="storeLocation">Current user or local machine.</param>
    /// <param name="thumbprint">The certificate's SHA-1 thumbprint, hex; spaces and colons are ignored.</param>
    /// <returns>These options.</returns>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The store holds no such certificate, or it has no private key.</exception>
    public KmipClientOptions UseClientCertificateFromStore(StoreName storeName, StoreLocation storeLocation, string thumbprint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(thumbprint);
        string wanted = string.Concat(thumbprint.Where(char.IsAsciiHexDigit)).ToUpperInvariant();
        using var store = new X509Store(storeName, storeLocation);
        store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
        X509Certificate2Collection found = store.Certificates.Find(X509FindType.FindByThumbprint, wanted, validOnly: false);
        try
        {
            if (found.Count == 0)
            {
                throw new System.Security.Cryptography.CryptographicException($"no certificate with thumbprint {wanted} in the {storeLocation}/{storeName} store");
            }

            X509Certificate2 certificate = found[0];
            if (!certificate.HasPrivateKey)
            {
                throw new System.Security.Cryptography.CryptographicException($"the certificate {wanted} in the {storeLocation}/{storeName} store ({certificate.Subject}) has no private key there");
            }

            ClientCertificate = certificate;
            found.Remove(certificate);
            return this;
        }
        finally
        {
            foreach (X509Certificate2 other in found)
            {
                other.Dispose();
            }
        }
    }

    /// <summary>Adds the CA certificates of a PEM file to <see cref="TrustedCaCertificates"/>.</summary>
    /// <param name="path">One or more certificates, PEM.</param>
    /// <returns>These options.</returns>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The file holds no certificate.</exception>
    public KmipClientOptions TrustCaPem(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var loaded = new X509Certificate2Collection();
        loaded.ImportFromPemFile(path);
        if (loaded.Count == 0)
        {
            throw new System.Security.Cryptography.CryptographicException($"{path} holds no PEM certificate");
        }

        TrustedCaCertificates.AddRange(loaded);
        return this;
    }

    /// <summary>Checks that the options can make a working client.</summary>
    /// <exception cref="ArgumentException">A setting is missing or out of range; the message names it.</exception>
    internal void Validate()
    {
        if (Server is not null && Servers.Count > 0)
        {
            throw new ArgumentException("set KmipClientOptions.Server or KmipClientOptions.Servers, not both (Server is a list of one)", nameof(Servers));
        }

        if (Server is null && Servers.Count == 0 && string.IsNullOrWhiteSpace(DnsSrvDomain))
        {
            throw new ArgumentException("no server: set KmipClientOptions.Server, add to Servers, or set DnsSrvDomain", nameof(Servers));
        }

        IEnumerable<KmipServerEndpoint?> listed = Server is null ? Servers : new[] { Server };
        foreach (KmipServerEndpoint? server in listed)
        {
            string name = Server is null ? "KmipClientOptions.Servers" : "KmipClientOptions.Server";
            if (server is null || string.IsNullOrWhiteSpace(server.Host))
            {
                throw new ArgumentException($"{name} holds a server with no host", Server is null ? nameof(Servers) : nameof(Server));
            }

            if (server.Port is <= 0 or > 65535)
            {
                throw new ArgumentException($"{name}: port {server.Port} of {server.Host} is not a TCP port", Server is null ? nameof(Servers) : nameof(Server));
            }
        }

        if (Servers.Distinct().Count() != Servers.Count)
        {
            throw new ArgumentException("KmipClientOptions.Servers names a server twice", nameof(Servers));
        }

        if (DnsSrvDomain is not null && (string.IsNullOrWhiteSpace(DnsSrvDomain) || DnsSrvDomain.Trim('.').Length == 0))
        {
            throw new ArgumentException("KmipClientOptions.DnsSrvDomain is empty", nameof(DnsSrvDomain));
        }

        if (DnsServers.Count > 0 && DnsSrvDomain is null)
        {
            throw new ArgumentException("KmipClientOptions.DnsServers is set but DnsSrvDomain is not: they only serve DNS SRV discovery", nameof(DnsServers));
        }

        if (ServerRetryDelay <= TimeSpan.Zero || MaxServerRetryDelay < ServerRetryDelay)
        {
            throw new ArgumentException("ServerRetryDelay must be positive and MaxServerRetryDelay at least as long", nameof(ServerRetryDelay));
        }

        if (TrustedCaCertificates.Count == 0 && !TrustSystemCertificateStore)
        {
            throw new ArgumentException("trust no server: add the server's CA to TrustedCaCertificates, or set TrustSystemCertificateStore", nameof(TrustedCaCertificates));
        }

        if (PreferredProtocolVersions.Count == 0)
        {
            throw new ArgumentException("PreferredProtocolVersions names no KMIP version", nameof(PreferredProtocolVersions));
        }

        foreach (ProtocolVersion version in PreferredProtocolVersions)
        {
            if (!ProtocolVersion.All.Contains(version))
            {
                throw new ArgumentException($"PreferredProtocolVersions names KMIP {version}, which this client cannot encode (it speaks {string.Join(", ", ProtocolVersion.All)})", nameof(PreferredProtocolVersions));
            }
        }

        if (RequestTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero || ConnectionIdleTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("RequestTimeout, ConnectTimeout and ConnectionIdleTimeout must be positive", nameof(RequestTimeout));
        }

        if (MaxConnections < 1)
        {
            throw new ArgumentException("MaxConnections must be at least 1", nameof(MaxConnections));
        }

        if (MaxResponseSize < 1024)
        {
            throw new ArgumentException("MaxResponseSize must be at least 1024 bytes", nameof(MaxResponseSize));
        }
    }
}
