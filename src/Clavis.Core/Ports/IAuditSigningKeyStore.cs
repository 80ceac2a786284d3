using Clavis.Core.Audit;

namespace Clavis.Core.Ports;

/// <summary>Rotation of a node's checkpoint signing key: the new key, the old key's hand-over to it, and the record of the rotation, stored together.</summary>
public interface IAuditSigningKeyStore
{
    /// <summary>
    /// Stores <paramref name="newKey"/>, <paramref name="handover"/> and <paramref name="records"/> in one durable
    /// transaction; from then on the new key is the node's newest.
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">A key with the new key's identifier exists; nothing was stored.</exception>
    /// <exception cref="StoreUnavailableException">The store failed; nothing was stored.</exception>
    Task RotateSigningKeyAsync(AuditSigningKeyRecord newKey, AuditKeyHandover handover, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);
}
