namespace Clavis.Core.Identity.Registry;

/// <summary>
/// Facts the registry adds to one client certificate, named by its fingerprint or by its subject (exactly one of the two).
/// </summary>
/// <param name="Name">The entry's name (the document name).</param>
/// <param name="CertificateFingerprint">SHA-256 of the certificate, upper-case hex, or null.</param>
/// <param name="Subject">The certificate subject as .NET formats a distinguished name, or null.</param>
/// <param name="Attributes">Device type, class, application and levels it sets.</param>
/// <param name="Groups">Groups it adds.</param>
/// <param name="Version">The document version it was read from.</param>
public sealed record RegisteredClient(string Name, string? CertificateFingerprint, string? Subject, PrincipalAttributes Attributes, IReadOnlyList<string> Groups, int Version);
