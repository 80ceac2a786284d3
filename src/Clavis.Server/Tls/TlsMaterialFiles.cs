using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Clavis.Server.Tls;

/// <summary>
/// The TLS files of a data folder (<c>DIR/certs/</c>): the CA, the server certificate and the
/// administrator's client certificate. Created on first start; private keys are owner-only (0600).
/// </summary>
public sealed class TlsMaterialFiles
{
    private static readonly TimeSpan s_caValidity = TimeSpan.FromDays(3650);
    private static readonly TimeSpan s_leafValidity = TimeSpan.FromDays(825);

    /// <summary>Lays out the paths under <paramref name="dataDirectory"/>/certs.</summary>
    public TlsMaterialFiles(string dataDirectory)
    {
        Directory = Path.Combine(Path.GetFullPath(dataDirectory), "certs");
    }

    /// <summary>The certs folder.</summary>
    public string Directory { get; }

    /// <summary>The CA certificate, PEM: what clients trust.</summary>
    public string CaCertificate => Path.Combine(Directory, "ca.pem");

    /// <summary>The CA private key, PEM, owner-only.</summary>
    public string CaKey => Path.Combine(Directory, "ca.key");

    /// <summary>The server certificate, PEM.</summary>
    public string ServerCertificate => Path.Combine(Directory, "server.pem");

    /// <summary>The server private key, PEM, owner-only.</summary>
    public string ServerKey => Path.Combine(Directory, "server.key");

    /// <summary>The administrator's client certificate, PEM.</summary>
    public string AdminCertificate => Path.Combine(Directory, "admin.pem");

    /// <summary>The administrator's private key, PEM, owner-only.</summary>
    public string AdminKey => Path.Combine(Directory, "admin.key");

    /// <summary>The administrator's certificate and key as PKCS#12 (no password), owner-only.</summary>
    public string AdminPkcs12 => Path.Combine(Directory, "admin.p12");

    /// <summary>True when the CA, server and admin files all exist.</summary>
    public bool Exist => File.Exists(CaCertificate) && File.Exists(CaKey) && File.Exists(ServerCertificate)
        && File.Exists(ServerKey) && File.Exists(AdminCertificate) && File.Exists(AdminKey);

    /// <summary>
    /// Creates any missing material: a CA, a server certificate for localhost, 127.0.0.1, ::1 and
    /// the host name, and an administrator certificate (group "administrators").
    /// </summary>
    /// <returns>True when something was created.</returns>
    public bool EnsureCreated()
    {
        if (Exist)
        {
            return false;
        }

        System.IO.Directory.CreateDirectory(Directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using CertificateAuthority ca = File.Exists(CaCertificate) && File.Exists(CaKey)
            ? CertificateAuthority.Load(CaCertificate, CaKey)
            : CreateCa();
        string host = Dns.GetHostName();
        using X509Certificate2 server = ca.IssueServer(host, ["localhost", host], [IPAddress.Loopback, IPAddress.IPv6Loopback], s_leafValidity);
        WritePem(server, ServerCertificate, ServerKey);
        using X509Certificate2 admin = ca.IssueClient("admin", "administrators", s_leafValidity);
        WritePem(admin, AdminCertificate, AdminKey);
        WriteOwnerOnly(AdminPkcs12, admin.Export(X509ContentType.Pkcs12));
        return true;
    }

    /// <summary>Issues a further client certificate from this folder's CA and writes NAME.pem, NAME.key and NAME.p12 into <paramref name="outputDirectory"/>.</summary>
    /// <returns>The certificate file path.</returns>
    /// <exception cref="FileNotFoundException">The CA files are missing.</exception>
    public string IssueClient(string name, string? group, string outputDirectory)
    {
        if (!File.Exists(CaCertificate) || !File.Exists(CaKey))
        {
            throw new FileNotFoundException($"no CA in {Directory}: start the server once with this data folder first", CaKey);
        }

        using CertificateAuthority ca = CertificateAuthority.Load(CaCertificate, CaKey);
        using X509Certificate2 client = ca.IssueClient(name, group, s_leafValidity);
        System.IO.Directory.CreateDirectory(outputDirectory);
        string certificatePath = Path.Combine(outputDirectory, name + ".pem");
        WritePem(client, certificatePath, Path.Combine(outputDirectory, name + ".key"));
        WriteOwnerOnly(Path.Combine(outputDirectory, name + ".p12"), client.Export(X509ContentType.Pkcs12));
        return certificatePath;
    }

    /// <summary>Loads the server certificate with its private key.</summary>
    public X509Certificate2 LoadServerCertificate() => X509Certificate2.CreateFromPemFile(ServerCertificate, ServerKey);

    /// <summary>Loads the CA certificate (public part only).</summary>
    public X509Certificate2 LoadCaCertificate() => X509CertificateLoader.LoadCertificateFromFile(CaCertificate);

    private CertificateAuthority CreateCa()
    {
        CertificateAuthority ca = CertificateAuthority.Create($"Clavis CA {Dns.GetHostName()}", s_caValidity);
        WritePem(ca.Certificate, CaCertificate, CaKey);
        return ca;
    }

    private static void WritePem(X509Certificate2 certificate, string certificatePath, string keyPath)
    {
        using ECDsa key = certificate.GetECDsaPrivateKey() ?? throw new CryptographicException("certificate has no ECDSA private key");
        char[] keyPem = PemEncoding.Write("PRIVATE KEY", key.ExportPkcs8PrivateKey());
        try
        {
            WriteOwnerOnly(keyPath, System.Text.Encoding.ASCII.GetBytes(keyPem));
        }
        finally
        {
            Array.Clear(keyPem);
        }

        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
    }

    // The file is created with mode 0600 before any secret byte is written to it.
    private static void WriteOwnerOnly(string path, byte[] contents)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        {
            stream.Write(contents);
            stream.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        CryptographicOperations.ZeroMemory(contents);
    }
}
