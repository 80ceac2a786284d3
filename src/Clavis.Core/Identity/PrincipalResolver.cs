using System.Net;
using Clavis.Core.Identity.Registry;
using Clavis.Core.Ports;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Identity;

/// <summary>
/// Resolves a request message's principal from the certificate identity, the registry snapshot and the message's
/// credentials (docs/identity.md). In order, each step adding groups and replacing the device facts it sets: the
/// certificate; the client entry naming it; each credential as presented (Username and Password, Device verified;
/// Attestation recorded, never verified); the mapping rules that match, first to last. A credential that is not
/// accepted refuses the whole message.
/// </summary>
public sealed partial class PrincipalResolver : IPrincipalResolver, IDisposable
{
    private readonly PrincipalRegistry _registry;
    private readonly PasswordVerificationCache _cache;
    private readonly SemaphoreSlim _hashing;
    private readonly PrincipalResolverOptions _options;

    /// <summary>Creates a resolver reading <paramref name="registry"/>.</summary>
    public PrincipalResolver(PrincipalRegistry registry, PrincipalResolverOptions options)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _cache = new PasswordVerificationCache(options.VerificationCacheCapacity);
        _hashing = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentHashes));
    }

    /// <inheritdoc/>
    public long Revision => _registry.Current.Revision;

    /// <summary>Successful verifications held in the cache.</summary>
    internal int CachedVerifications => _cache.Count;

    /// <inheritdoc/>
    public ValueTask<PrincipalResolution> ResolveAsync(ClientIdentity certificate, IReadOnlyList<Credential> credentials, IPAddress? sourceAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(credentials);
        RegistrySnapshot snapshot = _registry.Current;
        if (credentials.Count == 0 && snapshot.LeavesCertificatesAlone)
        {
            // The common case: nothing to add, nothing allocated.
            return ValueTask.FromResult(PrincipalResolution.Authenticated(certificate));
        }

        return ResolveCoreAsync(snapshot, certificate, credentials, sourceAddress is { IsIPv4MappedToIPv6: true } ? sourceAddress.MapToIPv4() : sourceAddress, cancellationToken);
    }

    /// <summary>Releases the hashing gate.</summary>
    public void Dispose() => _hashing.Dispose();

    private async ValueTask<PrincipalResolution> ResolveCoreAsync(RegistrySnapshot snapshot, ClientIdentity certificate, IReadOnlyList<Credential> credentials, IPAddress? source, CancellationToken cancellationToken)
    {
        var facts = new PrincipalFacts(certificate);
        if (snapshot.FindClient(certificate.CertificateFingerprint, certificate.Subject) is { } client)
        {
            facts.Claim(ClaimNames.Client, client.Name);
            facts.AddGroups(client.Groups);
            facts.Apply(client.Attributes);
        }

        foreach (Credential credential in credentials)
        {
            facts.MarkPresented(credential.CredentialType);
            PrincipalResolution? refused = await AddCredentialAsync(snapshot, credential, facts, cancellationToken).ConfigureAwait(false);
            if (refused is { } refusal)
            {
                // The caller logs and audits it, with the session it came on.
                return refusal;
            }
        }

        foreach (PrincipalRule rule in snapshot.Rules.Rules)
        {
            if (PrincipalRuleEvaluation.Matches(rule.Match, certificate, facts, source))
            {
                facts.AppliedRule(rule);
            }
        }

        return PrincipalResolution.Authenticated(facts.Build());
    }
}
