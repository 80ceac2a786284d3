using System.Security.Cryptography.X509Certificates;
using Clavis.Crypto.Asymmetric;

namespace Clavis.Crypto.Certificates;

/// <summary>What a certificate certifies: a public key under a subject name, for a period and uses.</summary>
public sealed record CertificateIssueRequest
{
    /// <summary>The key being certified.</summary>
    public required AsymmetricPublicKey SubjectPublicKey { get; init; }

    /// <summary>The subject's distinguished name.</summary>
    public required X500DistinguishedName Subject { get; init; }

    /// <summary>Start of validity.</summary>
    public required DateTimeOffset NotBefore { get; init; }

    /// <summary>End of validity; cut to the issuer's own end of validity.</summary>
    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>The key usage extension (RFC 5280 §4.2.1.3).</summary>
    public X509KeyUsageFlags KeyUsage { get; init; } = X509KeyUsageFlags.DigitalSignature;

    /// <summary>Whether the certificate makes its subject a CA (RFC 5280 §4.2.1.9).</summary>
    public bool IsCertificateAuthority { get; init; }
}
