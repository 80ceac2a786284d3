using System.Net;
using Clavis.Core.Identity.Registry;

namespace Clavis.Core.Identity;

/// <summary>Whether a mapping rule's conditions hold for a principal being resolved.</summary>
internal static class PrincipalRuleEvaluation
{
    /// <summary>True when every condition <paramref name="match"/> gives holds.</summary>
    /// <param name="match">The rule's conditions.</param>
    /// <param name="certificate">The certificate's identity (subject, OU, issuer, SANs as the certificate says).</param>
    /// <param name="facts">The principal so far (verified credentials, username, device type).</param>
    /// <param name="source">The client's address, IPv4-mapped addresses already unmapped.</param>
    public static bool Matches(PrincipalRuleMatch match, ClientIdentity certificate, PrincipalFacts facts, IPAddress? source)
    {
        if (match.Subject is { } subject && !subject.IsMatch(certificate.Subject))
        {
            return false;
        }

        if (match.OrganizationalUnit is { } unit && !certificate.Groups.Contains(unit, StringComparer.Ordinal))
        {
            return false;
        }

        if (match.Issuer is { } issuer && (certificate.IssuerSubject is null || !issuer.IsMatch(certificate.IssuerSubject)))
        {
            return false;
        }

        if (match.IssuerFingerprint is { } fingerprint && !string.Equals(fingerprint, certificate.IssuerFingerprint, StringComparison.Ordinal))
        {
            return false;
        }

        if (match.AlternativeName is { } alternative && !certificate.AlternativeNames.All.Any(alternative.IsMatch))
        {
            return false;
        }

        if (match.CredentialType is { } type && !facts.Verified.Contains(type))
        {
            return false;
        }

        if (match.Username is { } username && (facts.Username is null || !username.IsMatch(facts.Username)))
        {
            return false;
        }

        if (match.DeviceType is { } deviceType && !string.Equals(deviceType, facts.DeviceType, StringComparison.Ordinal))
        {
            return false;
        }

        return match.SourceNetwork is not { } network || (source is not null && network.Contains(source));
    }
}
