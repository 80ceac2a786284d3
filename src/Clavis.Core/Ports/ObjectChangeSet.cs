using Clavis.Core.Audit;
using Clavis.Core.Objects;

namespace Clavis.Core.Ports;

/// <summary>Everything one request changes, committed together or not at all.</summary>
public sealed class ObjectChangeSet
{
    /// <summary>New objects (their <see cref="ManagedObject.Version"/> is 0).</summary>
    public List<ManagedObject> Inserts { get; } = [];

    /// <summary>Changed objects, carrying the version they were read at.</summary>
    public List<ManagedObject> Updates { get; } = [];

    /// <summary>Objects removed for good (purge), carrying the version they were read at.</summary>
    public List<ManagedObject> Deletes { get; } = [];

    /// <summary>
    /// Audit records committed in the same transaction as the changes, in order; the store links each into its
    /// node's chain. A change set may hold records only (a request that changed nothing).
    /// </summary>
    public List<AuditRecord> AuditRecords { get; } = [];

    /// <summary>New versions of configuration documents (policy documents, the principal registry).</summary>
    public List<DocumentChange> Documents { get; } = [];

    /// <summary>Counters moved by the request (policy usage counts), each conditional on the value it read.</summary>
    public List<CounterChange> Counters { get; } = [];

    /// <summary>True when there is nothing to commit.</summary>
    public bool IsEmpty => Inserts.Count == 0 && Updates.Count == 0 && Deletes.Count == 0 && AuditRecords.Count == 0
        && Documents.Count == 0 && Counters.Count == 0;
}
