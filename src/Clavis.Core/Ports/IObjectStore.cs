using Clavis.Core.Objects;

namespace Clavis.Core.Ports;

/// <summary>
/// Where managed objects live. Every change arrives as one <see cref="ObjectChangeSet"/> that the store
/// commits atomically and durably (or not at all); stores group many change sets into one durable write.
/// SQLite (one node) and PostgreSQL (a cluster) implement it and pass the same conformance suite. It keeps
/// the audit journal too, so a change and its audit records share one transaction (DESIGN.md "Store").
/// </summary>
public interface IObjectStore : IDataKeyStore, IAuditJournal, IDocumentStore, IAsyncDisposable
{
    /// <summary>The object with <paramref name="id"/> as last committed, or null; the caller's own copy.</summary>
    Task<ManagedObject?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Identifiers of the objects that match <paramref name="query"/>'s indexed conditions, in creation
    /// order (oldest first), after <see cref="ObjectQuery.AfterId"/>, at most <see cref="ObjectQuery.Limit"/>.
    /// </summary>
    Task<IReadOnlyList<string>> LocateAsync(ObjectQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Commits <paramref name="changes"/> atomically and durably. Each updated or deleted object's
    /// <see cref="ManagedObject.Version"/> must equal the stored one; on success the store sets the new versions.
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">An object changed since it was read, or an inserted id exists.</exception>
    /// <exception cref="StoreUnavailableException">The store failed; nothing was committed.</exception>
    Task CommitAsync(ObjectChangeSet changes, CancellationToken cancellationToken);

    /// <summary>Identifiers of objects whose next automatic transition is due at <paramref name="now"/>, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> FindDueTransitionsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>How many objects are stored.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken);
}
