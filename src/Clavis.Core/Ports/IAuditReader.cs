using Clavis.Core.Audit;

namespace Clavis.Core.Ports;

/// <summary>
/// Reads a journal as stored, without trusting it: the verifier recomputes everything from these rows. Reads
/// are synchronous and streamed, since a verifier walks millions of records in order.
/// </summary>
public interface IAuditReader : IDisposable
{
    /// <summary>The nodes that have records, checkpoints or signing keys, in ordinal order.</summary>
    /// <exception cref="StoreUnavailableException">The store failed.</exception>
    IReadOnlyList<string> ReadNodes();

    /// <summary>
    /// The stored rows of <paramref name="nodeId"/>'s chain with sequence from <paramref name="fromSequence"/>
    /// to <paramref name="toSequence"/> (inclusive; null: to the end), in ascending sequence order.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The store failed.</exception>
    IEnumerable<StoredAuditRecord> ReadRecords(string nodeId, long fromSequence, long? toSequence);

    /// <summary>Every checkpoint of <paramref name="nodeId"/>, oldest first.</summary>
    /// <exception cref="StoreUnavailableException">The store failed.</exception>
    IReadOnlyList<AuditCheckpoint> ReadCheckpoints(string nodeId);

    /// <summary>
    /// The anchors of <paramref name="nodeId"/>'s ranges archived and removed (<see cref="IAuditArchiveStore"/>),
    /// oldest first; the chain as stored starts after the newest.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The store failed.</exception>
    IReadOnlyList<AuditArchiveAnchor> ReadArchives(string nodeId);

    /// <summary>The hand-overs of <paramref name="nodeId"/>'s signing key to its successors (<see cref="IAuditSigningKeyStore"/>), oldest first.</summary>
    /// <exception cref="StoreUnavailableException">The store failed.</exception>
    IReadOnlyList<AuditKeyHandover> ReadKeyHandovers(string nodeId);

    /// <summary>Every checkpoint signing key's public part, by key identifier.</summary>
    /// <exception cref="StoreUnavailableException">The store failed.</exception>
    IReadOnlyList<AuditPublicKey> ReadPublicKeys();
}
