using Clavis.Core.Audit;

namespace Clavis.Core.Ports;

/// <summary>
/// Where audit records, checkpoints and checkpoint signing keys are kept. Records that go with an object
/// change travel in that change's <see cref="ObjectChangeSet.AuditRecords"/> and commit in its transaction;
/// records of requests that change nothing (reads, refusals) come through <see cref="AppendAsync"/>. Either
/// way the store gives each record the next sequence number of its node's chain, in commit order, and links it
/// to its predecessor's hash (<see cref="AuditRecordCodec"/>).
/// </summary>
public interface IAuditJournal
{
    /// <summary>Commits <paramref name="records"/> durably, in order, grouped with other writers' commits.</summary>
    /// <exception cref="StoreUnavailableException">The store failed; no record was committed.</exception>
    Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);

    /// <summary>The last committed record of <paramref name="nodeId"/>'s chain, or null when it has none.</summary>
    /// <exception cref="StoreUnavailableException">The store failed.</exception>
    Task<AuditChainHead?> GetHeadAsync(string nodeId, CancellationToken cancellationToken);

    /// <summary>The most recent checkpoint of <paramref name="nodeId"/>, or null.</summary>
    /// <exception cref="StoreUnavailableException">The store failed.</exception>
    Task<AuditCheckpoint?> GetLastCheckpointAsync(string nodeId, CancellationToken cancellationToken);

    /// <summary>Stores a signed checkpoint durably.</summary>
    /// <exception cref="StoreUnavailableException">The store failed.</exception>
    Task SaveCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>The newest checkpoint signing key of <paramref name="nodeId"/>, or null when it has none yet.</summary>
    /// <exception cref="StoreUnavailableException">The store failed.</exception>
    Task<AuditSigningKeyRecord?> GetSigningKeyAsync(string nodeId, CancellationToken cancellationToken);

    /// <summary>Stores a new checkpoint signing key durably.</summary>
    /// <exception cref="ConcurrencyConflictException">A key with that identifier exists.</exception>
    /// <exception cref="StoreUnavailableException">The store failed.</exception>
    Task SaveSigningKeyAsync(AuditSigningKeyRecord key, CancellationToken cancellationToken);
}
