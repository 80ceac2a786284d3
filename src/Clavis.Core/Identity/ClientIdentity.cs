namespace Clavis.Core.Identity;

/// <summary>
/// Who sent a request, as authentication established it: the client certificate first (DESIGN.md
/// "Identity"), enriched later by KMIP credentials.
/// </summary>
/// <param name="Name">The identity's name (the certificate subject's common name).</param>
/// <param name="Subject">The full certificate subject.</param>
/// <param name="CertificateFingerprint">SHA-256 of the client certificate, hex.</param>
/// <param name="Groups">Groups the identity belongs to (certificate OU values, mapping rules).</param>
public sealed record ClientIdentity(string Name, string Subject, string CertificateFingerprint, IReadOnlyList<string> Groups)
{
    /// <summary>The group whose members administer the server.</summary>
    public const string AdministratorsGroup = "administrators";

    /// <summary>True when the identity is in the administrators group.</summary>
    public bool IsAdministrator => Groups.Contains(AdministratorsGroup, StringComparer.Ordinal);
}
