using Clavis.Core.Ports;
using Clavis.Policy;
using Clavis.Policy.Defaults;
using Clavis.Policy.Documents;

namespace Clavis.Core.Access;

/// <summary>
/// The policy documents in force on this node, compiled once and shared by every request. Documents live in the
/// store (kind <see cref="DocumentKind"/>, every version kept); the compiled set is reloaded when the store's
/// document revision moves, which is looked at no more than once per <see cref="RefreshInterval"/> (so a change
/// written by another node takes effect here within that interval) and at once after this node's own writes.
/// </summary>
public sealed class AccessPolicy
{
    /// <summary>The store's document kind for policy documents.</summary>
    public const string DocumentKind = "policy";

    /// <summary>How long a node may serve with a compiled set before it asks the store whether documents moved.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly IDocumentStore _store;
    private readonly IClock _clock;
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile Compiled? _compiled;

    /// <summary>Creates the policy view over <paramref name="store"/>.</summary>
    public AccessPolicy(IDocumentStore store, IClock clock)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>The compiled set in force, reloaded first when the store's documents may have moved.</summary>
    /// <exception cref="PolicyUnavailableException">A stored document cannot be read: the server refuses rather than guess.</exception>
    /// <exception cref="StoreUnavailableException">The store failed.</exception>
    public async ValueTask<PolicySet> CurrentAsync(CancellationToken cancellationToken)
    {
        Compiled? compiled = _compiled;
        DateTimeOffset now = _clock.UtcNow;
        if (compiled is not null && now - compiled.CheckedAt < RefreshInterval)
        {
            return compiled.Set;
        }

        return (await RefreshAsync(force: false, cancellationToken).ConfigureAwait(false)).Set;
    }

    /// <summary>Reloads the documents now (after this node wrote one), whatever the interval says.</summary>
    public async Task InvalidateAsync(CancellationToken cancellationToken) => await RefreshAsync(force: true, cancellationToken).ConfigureAwait(false);

    /// <summary>Compiles <paramref name="documents"/> as they would be in force: the stored <c>clavis-default</c> replaces the built-in default.</summary>
    /// <exception cref="PolicyUnavailableException">A document does not parse.</exception>
    public static PolicySet Compile(IEnumerable<StoredDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var operatorDocuments = new List<VersionedPolicyDocument>();
        VersionedPolicyDocument? defaults = null;
        foreach (StoredDocument stored in documents)
        {
            PolicyDocument parsed;
            try
            {
                parsed = PolicyDocument.Parse(stored.Body ?? throw new PolicyDocumentException("$", "the stored version has no body"));
            }
            catch (PolicyDocumentException ex)
            {
                // Skipping a document could drop a deny and widen access: refuse to decide instead.
                throw new PolicyUnavailableException($"policy document {stored.Name} version {stored.Version} cannot be read: {ex.Message}", ex);
            }

            var versioned = new VersionedPolicyDocument(parsed, stored.Version);
            if (stored.Name == DefaultPolicy.Name)
            {
                defaults = versioned;
            }
            else
            {
                operatorDocuments.Add(versioned);
            }
        }

        return PolicySet.Compile(operatorDocuments, defaults);
    }

    private async Task<Compiled> RefreshAsync(bool force, CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Compiled? compiled = _compiled;
            DateTimeOffset now = _clock.UtcNow;
            if (!force && compiled is not null && now - compiled.CheckedAt < RefreshInterval)
            {
                // Another request refreshed while this one waited.
                return compiled;
            }

            long revision = await _store.GetDocumentsRevisionAsync(cancellationToken).ConfigureAwait(false);
            if (!force && compiled is not null && compiled.Revision == revision)
            {
                compiled = compiled with { CheckedAt = now };
            }
            else
            {
                IReadOnlyList<StoredDocument> documents = await _store.ListDocumentsAsync(DocumentKind, cancellationToken).ConfigureAwait(false);
                compiled = new Compiled(Compile(documents), revision, now);
            }

            _compiled = compiled;
            return compiled;
        }
        finally
        {
            _reload.Release();
        }
    }

    private sealed record Compiled(PolicySet Set, long Revision, DateTimeOffset CheckedAt);
}
