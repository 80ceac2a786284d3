namespace Clavis.Core.Ports;

/// <summary>Where the barrier keeps its data keys, each wrapped by the seal (never in the clear).</summary>
public interface IDataKeyStore
{
    /// <summary>Every data key, oldest first.</summary>
    Task<IReadOnlyList<DataKeyRecord>> LoadDataKeysAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces (after a master-key rotation) data keys, atomically and durably.</summary>
    Task SaveDataKeysAsync(IReadOnlyList<DataKeyRecord> keys, CancellationToken cancellationToken);
}
