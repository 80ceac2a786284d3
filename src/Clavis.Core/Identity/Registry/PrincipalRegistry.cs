using Clavis.Core.Ports;
using Microsoft.Extensions.Logging;

namespace Clavis.Core.Identity.Registry;

/// <summary>
/// Keeps an in-memory <see cref="RegistrySnapshot"/> of the registry documents current: <see cref="RunAsync"/> asks the
/// store for its document revision every interval (a single cheap read) and reloads only when it moved; this node's
/// own admin writes call <see cref="RefreshAsync"/> at once. Another node's change is therefore seen within one interval
/// plus one reload (docs/identity.md, "Staleness"). The request path only reads <see cref="Current"/>: no I/O.
/// </summary>
public sealed partial class PrincipalRegistry : IDisposable
{
    private readonly IDocumentStore _store;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private volatile RegistrySnapshot _current = RegistrySnapshot.Empty;

    /// <summary>Creates a registry over <paramref name="store"/>; it is empty until the first <see cref="RefreshAsync"/>.</summary>
    public PrincipalRegistry(IDocumentStore store, ILogger<PrincipalRegistry> logger)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The snapshot in force.</summary>
    public RegistrySnapshot Current => _current;

    /// <summary>Reloads the snapshot when the store's document revision moved since it was read.</summary>
    /// <exception cref="StoreUnavailableException">The store could not be read; the previous snapshot stays.</exception>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _reloading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Read the revision first: a write landing during the reload moves it again, so the next check reloads.
            long revision = await _store.GetDocumentsRevisionAsync(cancellationToken).ConfigureAwait(false);
            if (revision == _current.Revision)
            {
                return;
            }

            RegistrySnapshot snapshot = await LoadAsync(revision, cancellationToken).ConfigureAwait(false);
            _current = snapshot;
            (int users, int devices, int clients) = snapshot.Counts;
            LogLoaded(_logger, revision, users, devices, clients, snapshot.Rules.Rules.Count);
        }
        finally
        {
            _reloading.Release();
        }
    }

    /// <summary>Checks for changes every <paramref name="interval"/> until <paramref name="cancellationToken"/> ends; a failed check is logged and retried.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await RefreshAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (StoreUnavailableException ex)
                {
                    LogRefreshFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Releases the reload lock.</summary>
    public void Dispose() => _reloading.Dispose();

    private async Task<RegistrySnapshot> LoadAsync(long revision, CancellationToken cancellationToken)
    {
        List<RegisteredUser> users = Read(await _store.ListDocumentsAsync(RegistryDocumentKinds.User, cancellationToken).ConfigureAwait(false), RegistryJson.ReadUser);
        List<RegisteredDevice> devices = Read(await _store.ListDocumentsAsync(RegistryDocumentKinds.Device, cancellationToken).ConfigureAwait(false), RegistryJson.ReadDevice);
        List<RegisteredClient> clients = Read(await _store.ListDocumentsAsync(RegistryDocumentKinds.Client, cancellationToken).ConfigureAwait(false), RegistryJson.ReadClient);
        StoredDocument? rulesDocument = await _store.GetDocumentAsync(RegistryDocumentKinds.PrincipalRules, RegistryDocumentKinds.PrincipalRulesName, null, cancellationToken).ConfigureAwait(false);
        PrincipalRuleSet rules = PrincipalRuleSet.Empty;
        if (rulesDocument is { IsDeleted: false, Body: not null })
        {
            List<PrincipalRuleSet> read = Read([rulesDocument], RegistryJson.ReadRules);
            // Unreadable rules assign nothing: with deny-by-default policy, fewer groups can only refuse more.
            rules = read.Count == 1 ? read[0] : PrincipalRuleSet.Empty;
        }

        return new RegistrySnapshot(revision, users, devices, clients, rules);
    }

    // Every document was validated when written; one that does not read now (written by a newer version, or damaged)
    // is left out and logged, which fails closed: an unreadable user cannot authenticate.
    private List<T> Read<T>(IReadOnlyList<StoredDocument> documents, Func<StoredDocument, T> read)
    {
        var entries = new List<T>(documents.Count);
        foreach (StoredDocument document in documents)
        {
            if (document.IsDeleted || document.Body is null)
            {
                continue;
            }

            try
            {
                entries.Add(read(document));
            }
            catch (Kmip.KmipException ex)
            {
                LogUnreadable(_logger, document.Kind, document.Name, document.Version, ex.Message);
            }
        }

        return entries;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "principal registry loaded at revision {Revision}: {Users} users, {Devices} devices, {Clients} client entries, {Rules} rules")]
    private static partial void LogLoaded(ILogger logger, long revision, int users, int devices, int clients, int rules);

    [LoggerMessage(Level = LogLevel.Warning, Message = "principal registry not refreshed; the previous snapshot stays in force")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "registry document {Kind} \"{Name}\" version {Version} cannot be read and is ignored: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string kind, string name, int version, string reason);
}
