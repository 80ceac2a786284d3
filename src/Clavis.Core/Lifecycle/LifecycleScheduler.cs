using Clavis.Core.Audit;
using Clavis.Core.Objects;
using Clavis.Core.Operations;
using Clavis.Core.Ports;
using Clavis.Kmip;
using Microsoft.Extensions.Logging;

namespace Clavis.Core.Lifecycle;

/// <summary>
/// Moves objects through the life cycle when nobody asks: applies the transitions whose dates have come,
/// re-keys keys whose automatic rotation is due (<c>LifecycleScheduler.Rotation.cs</c>), and purges Destroyed objects whose Destroy Date is older than <see cref="KmipServerOptions.PurgeRetention"/>
/// (DESIGN.md "Life cycle": Destroyed → Purged). Handlers apply due transitions on every read as well, so the
/// scheduler only keeps the stored state (and what Locate's indexes see) current.
/// </summary>
/// <remarks>
/// Every change commits with its audit record (source Server, operation ScheduledTransition or Purge).
/// Every object is committed on its own: a conflict with a request that changed the same object only skips that
/// object until the next run. Several nodes may run schedulers over one store; row versions make that safe.
/// </remarks>
public sealed partial class LifecycleScheduler
{
    private static readonly IReadOnlyList<State> s_destroyedStates = [State.Destroyed, State.DestroyedCompromised];

    private readonly KmipServices _services;
    private readonly ILogger _logger;
    private readonly int _batchSize;

    /// <summary>Creates a scheduler over the server's store, clock and options.</summary>
    /// <param name="services">Store, clock and options (the barrier is not used).</param>
    /// <param name="logger">Where runs and failures are logged.</param>
    /// <param name="batchSize">How many identifiers one store query returns.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is not positive.</exception>
    public LifecycleScheduler(KmipServices services, ILogger<LifecycleScheduler> logger, int batchSize = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _batchSize = batchSize;
    }

    /// <summary>Applies every due transition and purges every expired Destroyed object, once.</summary>
    /// <exception cref="StoreUnavailableException">The store failed; what was committed before stays.</exception>
    public async Task<LifecycleSweep> RunOnceAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset now = _services.Clock.UtcNow;
        (int transitioned, int skippedTransitions) = await ApplyDueTransitionsAsync(now, cancellationToken).ConfigureAwait(false);
        (int rotated, int skippedRotations) = await RotateDueKeysAsync(now, cancellationToken).ConfigureAwait(false);
        (int purged, int skippedPurges) = await PurgeAsync(now, cancellationToken).ConfigureAwait(false);
        var sweep = new LifecycleSweep(transitioned, purged, skippedTransitions + skippedRotations + skippedPurges, rotated);
        if (transitioned + purged + rotated > 0)
        {
            LogSweep(_logger, transitioned, purged, rotated, sweep.Skipped);
        }

        return sweep;
    }

    /// <summary>
    /// Runs <see cref="RunOnceAsync"/> every <paramref name="interval"/> until <paramref name="cancellationToken"/>
    /// is cancelled; a run the store fails is logged and the next one tries again. Returns when cancelled.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not positive.</exception>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                await RunOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is StoreUnavailableException or ConcurrencyConflictException)
            {
                LogRunFailed(_logger, ex);
            }

            try
            {
                if (!await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
        while (true);
    }

    private async Task<(int Changed, int Skipped)> ApplyDueTransitionsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        int changed = 0;
        int skipped = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            IReadOnlyList<string> due = await _services.Store.FindDueTransitionsAsync(now, _batchSize, cancellationToken).ConfigureAwait(false);
            int fresh = 0;
            foreach (string id in due)
            {
                // An object that could not be moved (conflict) is returned again; look at it once per run.
                if (!seen.Add(id))
                {
                    continue;
                }

                fresh++;
                switch (await CommitOneAsync(id, "ScheduledTransition", now, o => ObjectLifecycle.ApplyDueTransitions(o, now), delete: false, cancellationToken).ConfigureAwait(false))
                {
                    case Outcome.Changed:
                        changed++;
                        break;
                    case Outcome.Conflict:
                        skipped++;
                        break;
                }
            }

            if (due.Count < _batchSize || fresh == 0)
            {
                return (changed, skipped);
            }
        }
    }

    private async Task<(int Purged, int Skipped)> PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        DateTimeOffset cutoff = now - _services.Options.PurgeRetention;
        int purged = 0;
        int skipped = 0;
        string? after = null;
        while (true)
        {
            // Destroyed objects are few next to live ones, and the state is indexed; the Destroy Date is checked here.
            var query = new ObjectQuery { States = s_destroyedStates, AfterId = after, Limit = _batchSize };
            IReadOnlyList<string> candidates = await _services.Store.LocateAsync(query, cancellationToken).ConfigureAwait(false);
            foreach (string id in candidates)
            {
                switch (await CommitOneAsync(id, "Purge", now, o => IsExpired(o, cutoff), delete: true, cancellationToken).ConfigureAwait(false))
                {
                    case Outcome.Changed:
                        purged++;
                        break;
                    case Outcome.Conflict:
                        skipped++;
                        break;
                }
            }

            if (candidates.Count < _batchSize)
            {
                return (purged, skipped);
            }

            after = candidates[^1];
        }
    }

    // DESIGN.md "Life cycle": Destroyed (metadata kept) → Purged once the retention period has passed.
    private static bool IsExpired(ManagedObject managedObject, DateTimeOffset cutoff) =>
        managedObject.State is State.Destroyed or State.DestroyedCompromised
        && managedObject.Attributes.GetDateTime(Tag.DestroyDate) is DateTimeOffset destroyed
        && destroyed <= cutoff;

    private async Task<Outcome> CommitOneAsync(string id, string action, DateTimeOffset now, Func<ManagedObject, bool> change, bool delete, CancellationToken cancellationToken)
    {
        var objects = new UnitOfWork(_services.Store);
        ManagedObject? managedObject = await objects.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (managedObject is null)
        {
            return Outcome.Unchanged;
        }

        State before = managedObject.State;
        if (!change(managedObject))
        {
            return Outcome.Unchanged;
        }

        AuditedObject audited = AuditedObject.From(managedObject);
        objects.Record(new AuditRecord
        {
            Time = now,
            NodeId = _services.Options.NodeId,
            Source = AuditSource.Server,
            Operation = action,
            ObjectIds = [id],
            ObjectCount = 1,
            ObjectType = audited.ObjectType,
            CryptographicAlgorithm = audited.CryptographicAlgorithm,
            CryptographicLength = audited.CryptographicLength,
            CryptographicUsageMask = audited.CryptographicUsageMask,
            State = delete ? null : audited.State,
            ResultStatus = nameof(ResultStatus.Success),
            Message = delete ? $"purged after the retention period (was {before})" : $"{before} -> {managedObject.State} by date",
        });

        if (delete)
        {
            objects.Delete(managedObject);
        }
        else
        {
            objects.Update(managedObject);
        }

        try
        {
            await objects.CommitAsync(cancellationToken).ConfigureAwait(false);
            return Outcome.Changed;
        }
        catch (ConcurrencyConflictException)
        {
            return Outcome.Conflict;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Life cycle: {Transitioned} objects changed state by date, {Purged} destroyed objects purged, {Rotated} keys rotated, {Skipped} skipped")]
    private static partial void LogSweep(ILogger logger, int transitioned, int purged, int rotated, int skipped);

    [LoggerMessage(Level = LogLevel.Error, Message = "Life cycle run failed; the next run tries again")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);

    private enum Outcome
    {
        Unchanged,
        Changed,
        Conflict,
    }
}
