using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Clavis.Core.Identity;

namespace Clavis.Server.Dispatch;

/// <summary>
/// Turns a validated client certificate into the identity Core sees: CN as name, OU values as groups, the subject
/// alternative names, and the issuer (with its fingerprint when the issuing CA is one the server trusts).
/// </summary>
public static class CertificateIdentity
{
    private const string OrganizationalUnitOid = "2.5.4.11";
    private const string SubjectAlternativeNameOid = "2.5.29.17";

    /// <summary>The identity of <paramref name="certificate"/>; the issuer's fingerprint stays unknown.</summary>
    public static ClientIdentity From(X509Certificate2 certificate) => From(certificate, []);

    /// <summary>
    /// The identity of <paramref name="certificate"/>, naming the issuer's fingerprint when the issuer is among
    /// <paramref name="trustedAuthorities"/> (the CAs the listener validated the chain against).
    /// </summary>
    public static ClientIdentity From(X509Certificate2 certificate, IReadOnlyCollection<X509Certificate2> trustedAuthorities)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(trustedAuthorities);
        string name = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var groups = new List<string>();
        foreach (X500RelativeDistinguishedName part in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (part.GetSingleElementType().Value == OrganizationalUnitOid && part.GetSingleElementValue() is string unit)
            {
                groups.Add(unit);
            }
        }

        string fingerprint = Convert.ToHexString(SHA256.HashData(certificate.RawData));
        return new ClientIdentity(string.IsNullOrEmpty(name) ? certificate.Subject : name, certificate.Subject, fingerprint, groups)
        {
            AlternativeNames = ReadableAlternativeNamesOf(certificate),
            IssuerSubject = certificate.Issuer,
            IssuerFingerprint = IssuerOf(certificate, trustedAuthorities) is { } issuer ? Convert.ToHexString(SHA256.HashData(issuer.RawData)) : null,
        };
    }

    // A malformed extension gives no names: a rule matching on SANs then does not match, which only withholds.
    private static SubjectAlternativeNames ReadableAlternativeNamesOf(X509Certificate2 certificate)
    {
        try
        {
            return AlternativeNamesOf(certificate);
        }
        catch (CryptographicException)
        {
            return SubjectAlternativeNames.None;
        }
    }

    // The chain was built against these CAs already; the one whose subject is the issuer name and whose key signed the
    // certificate is its issuer. Only a directly issued certificate's issuer is known this way.
    private static X509Certificate2? IssuerOf(X509Certificate2 certificate, IReadOnlyCollection<X509Certificate2> authorities)
    {
        foreach (X509Certificate2 authority in authorities)
        {
            if (authority.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) && SignedBy(certificate, authority))
            {
                return authority;
            }
        }

        return null;
    }

    private static bool SignedBy(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        return chain.Build(certificate) && chain.ChainElements.Count == 2;
    }

    /// <summary>The DNS, IP, email and URI entries of the subject alternative name extension (RFC 5280 §4.2.1.6).</summary>
    /// <exception cref="CryptographicException">The extension is malformed.</exception>
    public static SubjectAlternativeNames AlternativeNamesOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        X509Extension? extension = certificate.Extensions[SubjectAlternativeNameOid];
        if (extension is null)
        {
            return SubjectAlternativeNames.None;
        }

        List<string> dns = [], ip = [], email = [], uri = [];
        try
        {
            // GeneralNames ::= SEQUENCE OF GeneralName; the four kinds read here are IMPLICIT-tagged primitives.
            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
            AsnReader names = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            while (names.HasData)
            {
                Asn1Tag tag = names.PeekTag();
                if (tag.TagClass != TagClass.ContextSpecific || tag.IsConstructed)
                {
                    names.ReadEncodedValue();
                    continue;
                }

                switch (tag.TagValue)
                {
                    case 1:
                        email.Add(Ia5(names, tag));
                        break;
                    case 2:
                        dns.Add(Ia5(names, tag));
                        break;
                    case 6:
                        uri.Add(Ia5(names, tag));
                        break;
                    case 7:
                        byte[] address = names.ReadOctetString(tag);
                        ip.Add(address.Length is 4 or 16 ? new IPAddress(address).ToString() : Convert.ToHexString(address));
                        break;
                    default:
                        names.ReadEncodedValue();
                        break;
                }
            }
        }
        catch (AsnContentException ex)
        {
            throw new CryptographicException("the certificate's subject alternative name extension is malformed", ex);
        }

        return new SubjectAlternativeNames(dns, ip, email, uri);
    }

    private static string Ia5(AsnReader reader, Asn1Tag tag) => reader.ReadCharacterString(UniversalTagNumber.IA5String, tag);
}
