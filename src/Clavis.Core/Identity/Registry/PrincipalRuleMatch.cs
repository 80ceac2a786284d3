using System.Net;
using Clavis.Kmip;

namespace Clavis.Core.Identity.Registry;

/// <summary>
/// When a mapping rule applies: every condition given must hold (a rule with none applies to every client).
/// Conditions see the principal as resolved so far (certificate, registry entries, verified credentials, earlier rules).
/// </summary>
public sealed record PrincipalRuleMatch
{
    /// <summary>A glob over the certificate subject, ignoring case.</summary>
    public NamePattern? Subject { get; init; }

    /// <summary>An organizational unit (OU) the certificate subject must carry, exactly.</summary>
    public string? OrganizationalUnit { get; init; }

    /// <summary>A glob over the issuer's subject, ignoring case.</summary>
    public NamePattern? Issuer { get; init; }

    /// <summary>The issuing CA certificate's SHA-256 fingerprint, upper-case hex.</summary>
    public string? IssuerFingerprint { get; init; }

    /// <summary>A glob that at least one subject alternative name (DNS, IP, email or URI) must match, ignoring case.</summary>
    public NamePattern? AlternativeName { get; init; }

    /// <summary>A credential type the message must have presented and the server verified.</summary>
    public CredentialType? CredentialType { get; init; }

    /// <summary>A glob over the verified username, exact case; a message without a verified username does not match.</summary>
    public NamePattern? Username { get; init; }

    /// <summary>The device type, exactly.</summary>
    public string? DeviceType { get; init; }

    /// <summary>A network the client's address must be in.</summary>
    public IPNetwork? SourceNetwork { get; init; }

    /// <summary>Applies to every client.</summary>
    public static PrincipalRuleMatch Everyone { get; } = new();
}
