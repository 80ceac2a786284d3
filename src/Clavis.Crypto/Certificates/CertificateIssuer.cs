using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Clavis.Crypto.Asymmetric;

namespace Clavis.Crypto.Certificates;

/// <summary>
/// Issues X.509 v3 certificates (RFC 5280) for a public key, signed by a CA's private key with the CA's
/// certificate as issuer. The CA key is RSA (PKCS#1 v1.5 with SHA-256) or EC (ECDSA with the curve's hash);
/// the subject key is any supported key, Ed25519 included.
/// </summary>
public static class CertificateIssuer
{
    /// <summary>Issues a certificate. Returns its DER encoding.</summary>
    /// <param name="request">What to certify and under which names and dates.</param>
    /// <param name="issuerCertificate">The CA's certificate (DER); its subject becomes the issuer name.</param>
    /// <param name="issuerKey">The CA's private key; it must match <paramref name="issuerCertificate"/>.</param>
    /// <exception cref="CryptographicParametersException">
    /// The CA key does not match its certificate, cannot sign certificates here (Ed25519), or the CA certificate is not a CA.
    /// </exception>
    public static byte[] Issue(CertificateIssueRequest request, ReadOnlySpan<byte> issuerCertificate, AsymmetricPrivateKey issuerKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(issuerKey);
        using var issuer = X509CertificateLoader.LoadCertificate(issuerCertificate);
        if (!issuer.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(issuerKey.PublicKey().SubjectPublicKeyInfo))
        {
            throw new CryptographicParametersException("the CA private key does not belong to the CA certificate");
        }

        if (issuer.Extensions[Oids.BasicConstraints] is X509BasicConstraintsExtension { CertificateAuthority: false } || issuer.Extensions[Oids.BasicConstraints] is null)
        {
            // RFC 5280 §4.2.1.9: only a certificate whose basic constraints say cA may issue certificates.
            throw new CryptographicParametersException("the issuing certificate is not a CA certificate (Basic Constraints cA is not set)");
        }

        PublicKey subjectKey = PublicKey.CreateFromSubjectPublicKeyInfo(request.SubjectPublicKey.SubjectPublicKeyInfo, out _);
        (X509SignatureGenerator generator, HashAlgorithmName hash, IDisposable algorithm) = Generator(issuerKey);
        using (algorithm)
        {
            var certificateRequest = new CertificateRequest(request.Subject, subjectKey, hash);
            certificateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(request.IsCertificateAuthority, false, 0, request.IsCertificateAuthority));
            certificateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(request.KeyUsage, critical: true));
            certificateRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(subjectKey, false));
            certificateRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
            DateTimeOffset notAfter = request.NotAfter > issuer.NotAfter ? issuer.NotAfter : request.NotAfter;
            // RFC 5280 §4.1.2.2: a positive serial of up to 20 octets, unique per CA; 16 random bytes with the top bit clear.
            byte[] serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7F;
            serial[0] |= 0x01;
            using X509Certificate2 certificate = certificateRequest.Create(issuer.SubjectName, generator, request.NotBefore, notAfter, serial);
            return certificate.RawData;
        }
    }

    private static (X509SignatureGenerator Generator, HashAlgorithmName Hash, IDisposable Algorithm) Generator(AsymmetricPrivateKey issuerKey)
    {
        switch (issuerKey.Type)
        {
            case AsymmetricKeyType.Rsa:
                RSA rsa = issuerKey.OpenRsa();
                return (X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA256, rsa);
            case AsymmetricKeyType.EllipticCurve:
                ECDsa ecdsa = issuerKey.OpenEcdsa();
                HashAlgorithmName hash = issuerKey.Curve switch
                {
                    EllipticCurve.P384 => HashAlgorithmName.SHA384,
                    EllipticCurve.P521 => HashAlgorithmName.SHA512,
                    _ => HashAlgorithmName.SHA256,
                };
                return (X509SignatureGenerator.CreateForECDsa(ecdsa), hash, ecdsa);
            default:
                throw new CryptographicParametersException("an Ed25519 CA key cannot sign certificates here (the BCL's certificate builder has no Ed25519); use an RSA or EC CA");
        }
    }

    private static class Oids
    {
        public const string BasicConstraints = "2.5.29.19";
    }

}
