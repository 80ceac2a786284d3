using Clavis.Core.Audit;
using Clavis.Core.Objects;
using Clavis.Core.Ports;
using Clavis.Kmip;

namespace Clavis.Core.Operations;

/// <summary>
/// The objects one request message reads and changes. Handlers read through it (later batch items see
/// what earlier ones changed), change working copies, and stage them; the batch executor commits the
/// staged changes as one change set — after each item, or once for the whole batch when the client
/// asked for Undo — and rolls back an item that failed. Audit records wait here too, and commit with the
/// next change set (in its transaction) or on their own; rolling back or discarding changes never drops them.
/// </summary>
public sealed class UnitOfWork
{
    private enum ChangeKind
    {
        Insert,
        Update,
        Delete,
    }

    private readonly IObjectStore _store;
    private readonly Dictionary<string, ManagedObject?> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChangeKind> _staged = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ManagedObject> _deleted = new(StringComparer.Ordinal);
    private readonly List<(string Id, bool HadCurrent, ManagedObject? Current, bool HadStaged, ChangeKind Staged)> _itemUndo = [];
    private readonly List<AuditRecord> _audit = [];
    private readonly List<string> _itemChanged = [];
    private readonly List<string> _itemRead = [];
    private readonly List<DocumentChange> _documents = [];
    private readonly Dictionary<string, CounterChange> _counters = new(StringComparer.Ordinal);
    private readonly List<(string Key, CounterChange? Before)> _itemCounterUndo = [];
    private int _itemDocumentsMark;

    /// <summary>Creates a unit of work over <paramref name="store"/>.</summary>
    public UnitOfWork(IObjectStore store)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
    }

    /// <summary>The store, for queries that do not go through the object cache (Locate).</summary>
    public IObjectStore Store => _store;

    /// <summary>True when changes are staged.</summary>
    public bool HasChanges => _staged.Count > 0 || _documents.Count > 0 || _counters.Count > 0;

    /// <summary>True when audit records wait to be committed.</summary>
    public bool HasPendingAudit => _audit.Count > 0;

    /// <summary>
    /// False only on a node the load generator hosts to measure what the journal costs (bench/README.md): records
    /// are then dropped, so a change commits alone and a use commits nothing. Never reachable from configuration.
    /// </summary>
    internal bool WritesAuditRecords { get; init; } = true;

    /// <summary>
    /// The objects the current batch item changed (first, in order) and then read, each once, since
    /// <see cref="BeginItem"/>: what its audit record names.
    /// </summary>
    public IReadOnlyList<string> ItemObjectIds => [.. _itemChanged, .. _itemRead.Where(id => !_itemChanged.Contains(id, StringComparer.Ordinal))];

    /// <summary>
    /// The object <paramref name="id"/> as this request last saw it (its staged form, or its form before a
    /// staged delete), without a store read; null when the request never saw it. For audit records only: the
    /// caller must not change it.
    /// </summary>
    public ManagedObject? Peek(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _current.TryGetValue(id, out ManagedObject? current) && current is not null
            ? current
            : _deleted.GetValueOrDefault(id);
    }

    /// <summary>
    /// Adds an audit record to commit with the next <see cref="CommitAsync(CancellationToken)"/>, folded into the
    /// record before it when it is that record's next successful batch item alike (<see cref="AuditRecord.TryCoalesce"/>).
    /// </summary>
    public void Record(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!WritesAuditRecords)
        {
            return;
        }

        // Only records still waiting here are folded: a committed one is in the journal as it was.
        if (_audit.Count > 0 && _audit[^1].TryCoalesce(record, out AuditRecord? coalesced))
        {
            _audit[^1] = coalesced;
            return;
        }

        _audit.Add(record);
    }

    /// <summary>A working copy of object <paramref name="id"/> as this request sees it, or null when there is none.</summary>
    public async ValueTask<ManagedObject?> FindAsync(string id, CancellationToken cancellationToken)
    {
        ManagedObject? found = await ReadAsync(id, cancellationToken).ConfigureAwait(false);
        return found?.Clone();
    }

    /// <summary>
    /// Object <paramref name="id"/> as this request sees it, or null when there is none — not a working copy: the
    /// caller must not change it (clone it first, then <see cref="Update"/> the clone). For uses that only read the
    /// object (Encrypt, Decrypt, Sign, MAC), which would otherwise pay a deep copy of its attributes per item.
    /// </summary>
    public async ValueTask<ManagedObject?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!_current.TryGetValue(id, out ManagedObject? found))
        {
            found = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
            _current[id] = found;
        }

        if (!_itemRead.Contains(id, StringComparer.Ordinal))
        {
            _itemRead.Add(id);
        }

        return found;
    }

    /// <summary>A working copy of object <paramref name="id"/>.</summary>
    /// <exception cref="KmipException">Item Not Found.</exception>
    public async ValueTask<ManagedObject> GetAsync(string id, CancellationToken cancellationToken) =>
        await FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new KmipException(ResultReason.ItemNotFound, $"no object with identifier {id}");

    /// <summary>Stages a new object.</summary>
    public void Insert(ManagedObject managedObject)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        Remember(managedObject.Id);
        _current[managedObject.Id] = managedObject.Clone();
        _staged[managedObject.Id] = ChangeKind.Insert;
    }

    /// <summary>Stages a changed object (a working copy from <see cref="FindAsync"/>).</summary>
    public void Update(ManagedObject managedObject)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        Remember(managedObject.Id);
        _current[managedObject.Id] = managedObject.Clone();
        if (!_staged.ContainsKey(managedObject.Id))
        {
            _staged[managedObject.Id] = ChangeKind.Update;
        }
    }

    /// <summary>Stages the removal of an object (purge).</summary>
    public void Delete(ManagedObject managedObject)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        Remember(managedObject.Id);
        _current[managedObject.Id] = null;
        if (_staged.TryGetValue(managedObject.Id, out ChangeKind kind) && kind == ChangeKind.Insert)
        {
            _staged.Remove(managedObject.Id);
        }
        else
        {
            // The version it was read at goes with it, so a concurrent change is detected.
            _staged[managedObject.Id] = ChangeKind.Delete;
            _deleted[managedObject.Id] = managedObject.Clone();
        }
    }

    /// <summary>Stages a new version of a configuration document (policy document, principal registry entry).</summary>
    public void WriteDocument(DocumentChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        _documents.Add(change);
    }

    /// <summary>
    /// The value counter <paramref name="key"/> will have once this request commits: what it staged, else what
    /// the store holds (read now, and counted from when the request commits).
    /// </summary>
    public async ValueTask<long> ReadCounterAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_counters.TryGetValue(key, out CounterChange? staged))
        {
            return staged.NewValue;
        }

        IReadOnlyDictionary<string, long> stored = await _store.GetCountersAsync([key], cancellationToken).ConfigureAwait(false);
        return stored.GetValueOrDefault(key);
    }

    /// <summary>
    /// Stages counter <paramref name="key"/> moving from <paramref name="readValue"/> (what <see cref="ReadCounterAsync"/>
    /// gave) by <paramref name="increment"/>. The commit fails with a conflict if another request moved it meanwhile.
    /// </summary>
    public void AddToCounter(string key, long readValue, long increment)
    {
        ArgumentNullException.ThrowIfNull(key);
        _counters.TryGetValue(key, out CounterChange? before);
        _itemCounterUndo.Add((key, before));
        _counters[key] = before is null
            ? new CounterChange(key, readValue, readValue + increment)
            : before with { NewValue = before.NewValue + increment };
    }

    /// <summary>Marks the start of a batch item: <see cref="RollbackItem"/> undoes what it stages.</summary>
    public void BeginItem()
    {
        _itemCounterUndo.Clear();
        _itemDocumentsMark = _documents.Count;
        _itemUndo.Clear();
        _itemChanged.Clear();
        _itemRead.Clear();
    }

    /// <summary>Undoes what the current batch item staged.</summary>
    public void RollbackItem()
    {
        for (int i = _itemCounterUndo.Count - 1; i >= 0; i--)
        {
            (string key, CounterChange? before) = _itemCounterUndo[i];
            if (before is null)
            {
                _counters.Remove(key);
            }
            else
            {
                _counters[key] = before;
            }
        }

        _itemCounterUndo.Clear();
        _documents.RemoveRange(_itemDocumentsMark, _documents.Count - _itemDocumentsMark);

        for (int i = _itemUndo.Count - 1; i >= 0; i--)
        {
            var (id, hadCurrent, current, hadStaged, staged) = _itemUndo[i];
            if (hadCurrent)
            {
                _current[id] = current;
            }
            else
            {
                _current.Remove(id);
            }

            if (hadStaged)
            {
                _staged[id] = staged;
            }
            else
            {
                _staged.Remove(id);
            }
        }

        _itemUndo.Clear();
    }

    /// <summary>Forgets every staged change (and the cached reads, which may be stale); pending audit records stay.</summary>
    public void DiscardAll()
    {
        _documents.Clear();
        _counters.Clear();
        _itemCounterUndo.Clear();
        _itemDocumentsMark = 0;
        _staged.Clear();
        _deleted.Clear();
        _current.Clear();
        _itemUndo.Clear();
    }

    /// <summary>Commits every staged change and pending audit record atomically; afterwards nothing is staged.</summary>
    /// <exception cref="ConcurrencyConflictException">An object changed since this request read it.</exception>
    /// <exception cref="StoreUnavailableException">The store failed; nothing was committed.</exception>
    public Task CommitAsync(CancellationToken cancellationToken) => CommitAsync(Array.Empty<AuditRecord>(), cancellationToken);

    /// <summary>
    /// Commits every staged change, every pending audit record and <paramref name="itemRecord"/> atomically.
    /// When the commit fails, the pending records stay pending and <paramref name="itemRecord"/> is dropped
    /// (it describes an outcome that did not happen).
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">An object changed since this request read it.</exception>
    /// <exception cref="StoreUnavailableException">The store failed; nothing was committed.</exception>
    public Task CommitAsync(AuditRecord? itemRecord, CancellationToken cancellationToken) =>
        CommitAsync(itemRecord is null ? [] : [itemRecord], cancellationToken);

    /// <summary>
    /// Commits every staged change, every pending audit record and <paramref name="outcomeRecords"/> atomically.
    /// When the commit fails, the pending records stay pending and <paramref name="outcomeRecords"/> are dropped
    /// (they describe outcomes that did not happen).
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">An object changed since this request read it.</exception>
    /// <exception cref="StoreUnavailableException">The store failed; nothing was committed.</exception>
    public async Task CommitAsync(IReadOnlyList<AuditRecord> outcomeRecords, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcomeRecords);
        if (!WritesAuditRecords)
        {
            outcomeRecords = [];
        }

        _itemUndo.Clear();
        if (!HasChanges && _audit.Count == 0 && outcomeRecords.Count == 0)
        {
            return;
        }

        var changes = new ObjectChangeSet();
        changes.Documents.AddRange(_documents);
        changes.Counters.AddRange(_counters.Values);
        changes.AuditRecords.AddRange(_audit);
        changes.AuditRecords.AddRange(outcomeRecords);
        foreach ((string id, ChangeKind kind) in _staged)
        {
            switch (kind)
            {
                case ChangeKind.Insert:
                    changes.Inserts.Add(_current[id]!);
                    break;
                case ChangeKind.Update:
                    changes.Updates.Add(_current[id]!);
                    break;
                case ChangeKind.Delete:
                    changes.Deletes.Add(_deleted[id]);
                    break;
            }
        }

        try
        {
            await _store.CommitAsync(changes, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // What was staged is not in the store, and the cached reads may be stale: forget both.
            DiscardAll();
            throw;
        }

        _staged.Clear();
        _deleted.Clear();
        _audit.Clear();
        _documents.Clear();
        _counters.Clear();
        _itemCounterUndo.Clear();
        _itemDocumentsMark = 0;
    }

    private void Remember(string id)
    {
        if (!_itemChanged.Contains(id, StringComparer.Ordinal))
        {
            _itemChanged.Add(id);
        }

        bool hadCurrent = _current.TryGetValue(id, out ManagedObject? current);
        bool hadStaged = _staged.TryGetValue(id, out ChangeKind staged);
        _itemUndo.Add((id, hadCurrent, current, hadStaged, staged));
    }
}
