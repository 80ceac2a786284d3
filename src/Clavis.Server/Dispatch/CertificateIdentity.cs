using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Clavis.Core.Identity;

namespace Clavis.Server.Dispatch;

/// <summary>Turns a validated client certificate into the identity Core sees: CN as name, OU values as groups.</summary>
public static class CertificateIdentity
{
    /// <summary>The identity of <paramref name="certificate"/>.</summary>
    public static ClientIdentity From(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        string name = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var groups = new List<string>();
        foreach (X500RelativeDistinguishedName part in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (part.GetSingleElementType().Value == "2.5.4.11" && part.GetSingleElementValue() is string unit)
            {
                groups.Add(unit);
            }
        }

        string fingerprint = Convert.ToHexString(SHA256.HashData(certificate.RawData));
        return new ClientIdentity(string.IsNullOrEmpty(name) ? certificate.Subject : name, certificate.Subject, fingerprint, groups);
    }
}
