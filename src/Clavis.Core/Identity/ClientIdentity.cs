using Clavis.Kmip;

namespace Clavis.Core.Identity;

/// <summary>
/// Who sent a request, as authentication established it: the client certificate first (DESIGN.md
/// "Identity"), enriched by verified KMIP credentials, the principal registry and its mapping rules
/// (<see cref="Ports.IPrincipalResolver"/>; docs/identity.md). Immutable: one instance serves every request of a
/// session while nothing it depends on changes.
/// </summary>
/// <param name="Name">The identity's name: the certificate subject's common name, or a verified username when a mapping rule says so.</param>
/// <param name="Subject">The full certificate subject.</param>
/// <param name="CertificateFingerprint">SHA-256 of the client certificate, hex.</param>
/// <param name="Groups">Groups the identity belongs to (certificate OU values, the registry, mapping rules).</param>
public sealed record ClientIdentity(string Name, string Subject, string CertificateFingerprint, IReadOnlyList<string> Groups)
{
    /// <summary>The group whose members administer the server. Only a certificate's OU can confer it (docs/identity.md).</summary>
    public const string AdministratorsGroup = "administrators";

    private readonly string? _certificateName;

    /// <summary>True when the identity is in the administrators group.</summary>
    public bool IsAdministrator => Groups.Contains(AdministratorsGroup, StringComparer.Ordinal);

    /// <summary>The certificate subject's common name; differs from <see cref="Name"/> only when a verified username became the name.</summary>
    public string CertificateName
    {
        get => _certificateName ?? Name;
        init => _certificateName = value;
    }

    /// <summary>The certificate's subject alternative names.</summary>
    public SubjectAlternativeNames AlternativeNames { get; init; } = SubjectAlternativeNames.None;

    /// <summary>The subject of the certificate's issuer.</summary>
    public string? IssuerSubject { get; init; }

    /// <summary>SHA-256 of the issuing CA's certificate, hex, when the server holds that certificate (its trusted CAs); null otherwise.</summary>
    public string? IssuerFingerprint { get; init; }

    /// <summary>The device type (registry or mapping rules), or null.</summary>
    public string? DeviceType { get; init; }

    /// <summary>The device class (registry or mapping rules), or null.</summary>
    public string? DeviceClass { get; init; }

    /// <summary>The application (registry or mapping rules), or null.</summary>
    public string? Application { get; init; }

    /// <summary>The device's software level, or null when nothing says.</summary>
    public int? SoftwareLevel { get; init; }

    /// <summary>The device's hardware level, or null when nothing says.</summary>
    public int? HardwareLevel { get; init; }

    /// <summary>
    /// The KMIP credential types the request message presented and the server verified: Username and Password, Device.
    /// Attestation is presented but never verified (docs/identity.md), so it is never here.
    /// </summary>
    public IReadOnlyList<CredentialType> VerifiedCredentialTypes { get; init; } = [];

    /// <summary>Every KMIP credential type the request message presented, verified or not, in order, each once.</summary>
    public IReadOnlyList<CredentialType> PresentedCredentialTypes { get; init; } = [];

    /// <summary>
    /// Non-secret facts about the client, by name (<see cref="ClaimNames"/>): the verified username, the device's serial
    /// number and identifiers, the attestation type and measurement digest, the registry entries that applied. Never a
    /// password or hash.
    /// </summary>
    public IReadOnlyDictionary<string, string> Claims { get; init; } = EmptyClaims;

    /// <summary>An empty claim set, shared.</summary>
    public static IReadOnlyDictionary<string, string> EmptyClaims { get; } = new Dictionary<string, string>(0, StringComparer.Ordinal).AsReadOnly();

    /// <summary>True when <paramref name="group"/> is among <see cref="Groups"/> (ordinal).</summary>
    public bool IsInGroup(string group) => Groups.Contains(group, StringComparer.Ordinal);
}
