using Clavis.Core.Ports;

namespace Clavis.Core.Tests.Barrier;

/// <summary>Data keys in a list, as a store would keep them (inserted or replaced by id, oldest first).</summary>
internal sealed class InMemoryDataKeyStore : IDataKeyStore
{
    private readonly Lock _lock = new();
    private readonly List<DataKeyRecord> _keys = [];

    public IReadOnlyList<DataKeyRecord> Keys
    {
        get
        {
            lock (_lock)
            {
                return [.. _keys];
            }
        }
    }

    public Task<IReadOnlyList<DataKeyRecord>> LoadDataKeysAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DataKeyRecord>>([.. Keys.OrderBy(k => k.CreatedAt)]);

    public Task SaveDataKeysAsync(IReadOnlyList<DataKeyRecord> keys, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (DataKeyRecord key in keys)
            {
                _keys.RemoveAll(k => k.Id == key.Id);
                _keys.Add(key);
            }
        }

        return Task.CompletedTask;
    }
}
