using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Clavis.Server.Tls;

/// <summary>
/// The server's own small certificate authority: it signs the server certificate and the client
/// certificates that operators hand out. Keys are ECDSA P-256, which keeps TLS handshakes cheap.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    private static readonly Oid s_serverAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid s_clientAuth = new("1.3.6.1.5.5.7.3.2");

    private CertificateAuthority(X509Certificate2 certificate)
    {
        Certificate = certificate;
    }

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Creates a new self-signed CA valid for <paramref name="validity"/>.</summary>
    public static CertificateAuthority Create(string commonName, TimeSpan validity)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={Escape(commonName)}, O=Clavis"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return new CertificateAuthority(request.CreateSelfSigned(now.AddMinutes(-5), now.Add(validity)));
    }

    /// <summary>Loads a CA from its PEM certificate and PEM private key.</summary>
    /// <exception cref="CryptographicException">The files do not hold a matching certificate and key.</exception>
    public static CertificateAuthority Load(string certificatePemPath, string keyPemPath) =>
        new(X509Certificate2.CreateFromPemFile(certificatePemPath, keyPemPath));

    /// <summary>Issues a server certificate for <paramref name="dnsNames"/> and <paramref name="addresses"/> (subject alternative names).</summary>
    public X509Certificate2 IssueServer(string commonName, IEnumerable<string> dnsNames, IEnumerable<IPAddress> addresses, TimeSpan validity)
    {
        var names = new SubjectAlternativeNameBuilder();
        foreach (string dns in dnsNames.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            names.AddDnsName(dns);
        }

        foreach (IPAddress address in addresses.Distinct())
        {
            names.AddIpAddress(address);
        }

        return Issue($"CN={Escape(commonName)}, O=Clavis", s_serverAuth, names.Build(), validity);
    }

    /// <summary>
    /// Issues a client certificate; <paramref name="group"/>, when given, is carried as the subject's
    /// OU so that policy can see it.
    /// </summary>
    public X509Certificate2 IssueClient(string name, string? group, TimeSpan validity)
    {
        string subject = group is null ? $"CN={Escape(name)}, O=Clavis" : $"CN={Escape(name)}, OU={Escape(group)}, O=Clavis";
        return Issue(subject, s_clientAuth, null, validity);
    }

    /// <summary>Disposes the CA certificate and its key.</summary>
    public void Dispose() => Certificate.Dispose();

    private X509Certificate2 Issue(string subject, Oid usage, X509Extension? alternativeNames, TimeSpan validity)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName(subject), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        // PyKMIP and most TLS stacks insist on the extended key usage matching the role.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (alternativeNames is not null)
        {
            request.CertificateExtensions.Add(alternativeNames);
        }

        DateTimeOffset now = DateTimeOffset.UtcNow;
        DateTimeOffset notAfter = now.Add(validity) < Certificate.NotAfter ? now.Add(validity) : Certificate.NotAfter;
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using X509Certificate2 issued = request.Create(Certificate, now.AddMinutes(-5), notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    // RFC 4514: a comma, plus or quote inside a value would change the distinguished name's meaning.
    private static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny(",+\"\\<>;=#") < 0 && value.Trim() == value)
        {
            return value;
        }

        return "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }
}
