namespace Clavis.Core.Ports;

/// <summary>
/// Where the server keeps its versioned configuration documents (policy documents, the principal registry)
/// and the durable counters that policy conditions count. Writes go through <see cref="ObjectChangeSet"/>, so a
/// document change commits with its audit record, and a counted use with the operation it counts.
/// </summary>
public interface IDocumentStore
{
    /// <summary>The newest version of every document of <paramref name="kind"/> that is not deleted, by name.</summary>
    Task<IReadOnlyList<StoredDocument>> ListDocumentsAsync(string kind, CancellationToken cancellationToken);

    /// <summary>
    /// Version <paramref name="version"/> of document <paramref name="name"/> (the newest when null), or null when
    /// there is none. A deleted document's newest version is its deletion (<see cref="StoredDocument.IsDeleted"/>).
    /// </summary>
    Task<StoredDocument?> GetDocumentAsync(string kind, string name, int? version, CancellationToken cancellationToken);

    /// <summary>Every version of document <paramref name="name"/>, oldest first, without their bodies.</summary>
    Task<IReadOnlyList<StoredDocument>> ListDocumentVersionsAsync(string kind, string name, CancellationToken cancellationToken);

    /// <summary>A number that grows with every document write: a cache of documents is current while it has not moved.</summary>
    Task<long> GetDocumentsRevisionAsync(CancellationToken cancellationToken);

    /// <summary>The current value of each counter in <paramref name="keys"/>; a counter never written is 0.</summary>
    Task<IReadOnlyDictionary<string, long>> GetCountersAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);
}

/// <summary>One version of a configuration document.</summary>
/// <param name="Kind">What the document is (<c>policy</c>, <c>principal</c>, …).</param>
/// <param name="Name">Its name, unique within the kind.</param>
/// <param name="Version">Its version, from 1; every write makes the next one.</param>
/// <param name="Body">The document (JSON), or null for a deletion or in version listings.</param>
/// <param name="ChangedAt">When this version was written.</param>
/// <param name="ChangedBy">Who wrote it (principal name).</param>
/// <param name="IsDeleted">True when this version deleted the document.</param>
public sealed record StoredDocument(string Kind, string Name, int Version, string? Body, DateTimeOffset ChangedAt, string ChangedBy, bool IsDeleted);

/// <summary>
/// A new version of a document, written only if the document's newest version is still
/// <see cref="ExpectedVersion"/> (0: the document must not exist, or exist only as a deletion…) — otherwise the
/// change set fails with <see cref="ConcurrencyConflictException"/>.
/// </summary>
/// <param name="Kind">The document's kind.</param>
/// <param name="Name">The document's name.</param>
/// <param name="ExpectedVersion">The newest version the writer read (0 when it found none); the new version is this plus one.</param>
/// <param name="Body">The new body (JSON), or null to delete the document (a deletion is a version too, so history stays).</param>
/// <param name="ChangedBy">Who writes it.</param>
/// <param name="ChangedAt">When.</param>
public sealed record DocumentChange(string Kind, string Name, int ExpectedVersion, string? Body, string ChangedBy, DateTimeOffset ChangedAt);

/// <summary>
/// Sets counter <see cref="Key"/> from <see cref="ExpectedValue"/> to <see cref="NewValue"/>; when the stored value
/// is not the expected one (another request counted meanwhile) the change set fails with
/// <see cref="ConcurrencyConflictException"/>, and the request is evaluated again.
/// </summary>
/// <param name="Key">The counter.</param>
/// <param name="ExpectedValue">The value the request read (0 for a counter never written).</param>
/// <param name="NewValue">The value to store.</param>
public sealed record CounterChange(string Key, long ExpectedValue, long NewValue);
