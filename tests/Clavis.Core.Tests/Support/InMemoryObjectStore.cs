using System.Collections.Concurrent;
using Clavis.Core.Audit;
using Clavis.Core.Objects;
using Clavis.Core.Ports;

namespace Clavis.Core.Tests.Support;

/// <summary>
/// A store for handler unit tests: same contract as the real ones (atomic change sets, row versions,
/// stored copies, not shared instances), no durability. The real stores are tested by the conformance suite.
/// </summary>
internal sealed class InMemoryObjectStore : IObjectStore
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, ManagedObject> _objects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DataKeyRecord> _dataKeys = new(StringComparer.Ordinal);

    private readonly List<AuditRecord> _audit = [];
    private readonly List<AuditCheckpoint> _checkpoints = [];
    private readonly List<AuditSigningKeyRecord> _signingKeys = [];
    private readonly List<StoredDocument> _documents = [];
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);

    /// <summary>Commits that changed objects (audit-only commits are not counted).</summary>
    public int CommitCount { get; private set; }

    /// <summary>When true, every commit carrying audit records fails as a broken store would.</summary>
    public bool FailAuditWrites { get; set; }

    /// <summary>Every committed audit record, in commit order.</summary>
    public IReadOnlyList<AuditRecord> AuditRecords
    {
        get
        {
            lock (_lock)
            {
                return [.. _audit];
            }
        }
    }

    public Task<ManagedObject?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_objects.TryGetValue(id, out ManagedObject? found) ? Copy(found) : null);
        }
    }

    public Task<IReadOnlyList<string>> LocateAsync(ObjectQuery query, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IEnumerable<ManagedObject> matches = _objects.Values.Where(o => Matches(o, query));
            if (query.AfterId is not null)
            {
                matches = matches.Where(o => string.CompareOrdinal(o.Id, query.AfterId) > 0);
            }

            if (query.Limit is int limit)
            {
                matches = matches.Take(limit);
            }

            return Task.FromResult<IReadOnlyList<string>>([.. matches.Select(o => o.Id)]);
        }
    }

    public Task CommitAsync(ObjectChangeSet changes, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (FailAuditWrites && changes.AuditRecords.Count > 0)
            {
                throw new StoreUnavailableException("audit writes fail in this test");
            }

            foreach (ManagedObject inserted in changes.Inserts)
            {
                if (_objects.ContainsKey(inserted.Id))
                {
                    throw new ConcurrencyConflictException(inserted.Id, $"object {inserted.Id} exists");
                }
            }

            foreach (ManagedObject changed in changes.Updates.Concat(changes.Deletes))
            {
                if (!_objects.TryGetValue(changed.Id, out ManagedObject? stored) || stored.Version != changed.Version)
                {
                    throw new ConcurrencyConflictException(changed.Id, $"object {changed.Id} changed since it was read");
                }
            }

            foreach (DocumentChange document in changes.Documents)
            {
                int newest = _documents.Where(d => d.Kind == document.Kind && d.Name == document.Name).Select(d => d.Version).DefaultIfEmpty(0).Max();
                if (newest != document.ExpectedVersion)
                {
                    throw new ConcurrencyConflictException($"{document.Kind} document {document.Name} changed since version {document.ExpectedVersion}");
                }
            }

            foreach (CounterChange counter in changes.Counters)
            {
                if (_counters.GetValueOrDefault(counter.Key) != counter.ExpectedValue)
                {
                    throw new ConcurrencyConflictException(counter.Key, $"counter {counter.Key} moved");
                }
            }

            foreach (DocumentChange document in changes.Documents)
            {
                _documents.Add(new StoredDocument(document.Kind, document.Name, document.ExpectedVersion + 1, document.Body, document.ChangedAt, document.ChangedBy, document.Body is null));
            }

            foreach (CounterChange counter in changes.Counters)
            {
                _counters[counter.Key] = counter.NewValue;
            }

            foreach (ManagedObject inserted in changes.Inserts)
            {
                inserted.Version = 1;
                _objects[inserted.Id] = Copy(inserted);
            }

            foreach (ManagedObject updated in changes.Updates)
            {
                updated.Version++;
                _objects[updated.Id] = Copy(updated);
            }

            foreach (ManagedObject deleted in changes.Deletes)
            {
                _objects.Remove(deleted.Id);
            }

            if (changes.Inserts.Count + changes.Updates.Count + changes.Deletes.Count > 0)
            {
                CommitCount++;
            }

            _audit.AddRange(changes.AuditRecords);
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<string>> FindDueTransitionsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. _objects.Values
                .Where(o => ObjectIndex.From(o).NextTransitionAt is DateTimeOffset due && due <= now)
                .Take(limit)
                .Select(o => o.Id)]);
        }
    }

    public Task<long> CountAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult((long)_objects.Count);
        }
    }

    public Task<IReadOnlyList<DataKeyRecord>> LoadDataKeysAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DataKeyRecord>>([.. _dataKeys.Values.OrderBy(k => k.CreatedAt)]);

    public Task SaveDataKeysAsync(IReadOnlyList<DataKeyRecord> keys, CancellationToken cancellationToken)
    {
        foreach (DataKeyRecord key in keys)
        {
            _dataKeys[key.Id] = key;
        }

        return Task.CompletedTask;
    }

    public Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        var changes = new ObjectChangeSet();
        changes.AuditRecords.AddRange(records);
        return CommitAsync(changes, cancellationToken);
    }

    public Task<AuditChainHead?> GetHeadAsync(string nodeId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            int count = _audit.Count(r => r.NodeId == nodeId);
            return Task.FromResult(count == 0 ? null : new AuditChainHead(nodeId, count, new byte[AuditRecordCodec.HashLength]));
        }
    }

    public Task<AuditCheckpoint?> GetLastCheckpointAsync(string nodeId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_checkpoints.LastOrDefault(c => c.NodeId == nodeId));
        }
    }

    public Task SaveCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _checkpoints.Add(checkpoint);
            return Task.CompletedTask;
        }
    }

    public Task<AuditSigningKeyRecord?> GetSigningKeyAsync(string nodeId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_signingKeys.LastOrDefault(k => k.NodeId == nodeId));
        }
    }

    public Task SaveSigningKeyAsync(AuditSigningKeyRecord key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _signingKeys.Add(key);
            return Task.CompletedTask;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // Stored copies go through the stable codec, as a real store's would.
    private static ManagedObject Copy(ManagedObject source) =>
        new(source.Id, source.ObjectType, source.State, AttributeSetCodec.Decode(AttributeSetCodec.Encode(source.Attributes)))
        {
            Owner = source.Owner,
            Material = source.Material,
            Version = source.Version,
        };

    private static bool Matches(ManagedObject candidate, ObjectQuery query)
    {
        ObjectIndex index = ObjectIndex.From(candidate);
        return (query.ObjectType is null || candidate.ObjectType == query.ObjectType)
            && (query.States is null || query.States.Contains(candidate.State))
            && (query.Name is null || index.Names.Contains(query.Name, StringComparer.Ordinal))
            && (query.ObjectGroup is null || index.ObjectGroups.Contains(query.ObjectGroup, StringComparer.Ordinal))
            && (query.CryptographicAlgorithm is null || index.CryptographicAlgorithm == query.CryptographicAlgorithm)
            && (query.CryptographicLength is null || index.CryptographicLength == query.CryptographicLength)
            && (query.Owner is null || candidate.Owner == query.Owner);
    }

    public Task<IReadOnlyList<StoredDocument>> ListDocumentsAsync(string kind, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StoredDocument>>([.. _documents.Where(d => d.Kind == kind)
                .GroupBy(d => d.Name).Select(g => g.MaxBy(d => d.Version)!).Where(d => !d.IsDeleted).OrderBy(d => d.Name, StringComparer.Ordinal)]);
        }
    }

    public Task<StoredDocument?> GetDocumentAsync(string kind, string name, int? version, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IEnumerable<StoredDocument> versions = _documents.Where(d => d.Kind == kind && d.Name == name);
            return Task.FromResult(version is int wanted ? versions.FirstOrDefault(d => d.Version == wanted) : versions.MaxBy(d => d.Version));
        }
    }

    public Task<IReadOnlyList<StoredDocument>> ListDocumentVersionsAsync(string kind, string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StoredDocument>>([.. _documents.Where(d => d.Kind == kind && d.Name == name).Select(d => d with { Body = null })]);
        }
    }

    public Task<long> GetDocumentsRevisionAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult((long)_documents.Count);
        }
    }

    public Task<IReadOnlyDictionary<string, long>> GetCountersAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyDictionary<string, long>>(keys.Distinct(StringComparer.Ordinal).ToDictionary(k => k, k => _counters.GetValueOrDefault(k), StringComparer.Ordinal));
        }
    }
}
