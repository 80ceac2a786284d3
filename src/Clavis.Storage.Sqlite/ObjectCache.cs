using System.Collections.Concurrent;
using Clavis.Core.Objects;

namespace Clavis.Storage.Sqlite;

/// <summary>
/// Objects as last committed, kept so that a read of a hot key (every Encrypt, Get, Sign) costs a dictionary
/// lookup instead of a SQLite query and an attribute decode. Correct only because this store's writer thread is
/// the one writer of its database (the data folder lock keeps every other process out): the writer drops the
/// objects a batch changed after its COMMIT and before it answers any caller, so a client that saw its change
/// acknowledged never reads the object as it was before.
/// </summary>
/// <remarks>
/// A read that missed stamps its object's stripe before querying and adds what it read only if no commit
/// touched that stripe meanwhile, so a row read before a commit cannot be cached after the writer dropped it.
/// Entries hold sealed material only (ciphertext under a data key), never a key in clear. Eviction is first in,
/// first out once <c>capacity</c> objects are held. The store hands out copies, so nobody changes a held instance.
/// </remarks>
internal sealed class ObjectCache
{
    private const int Stripes = 256;

    private readonly ConcurrentDictionary<string, ManagedObject> _objects = new(StringComparer.Ordinal);
    private readonly Queue<string> _insertionOrder = new();
    private readonly long[] _stripeGenerations = new long[Stripes];
    private readonly Lock _gate = new();
    private readonly int _capacity;
    private int _count; // kept under _gate: ConcurrentDictionary.Count takes every bucket lock

    public ObjectCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
    }

    /// <summary>True when the cache keeps nothing (capacity 0).</summary>
    public bool IsDisabled => _capacity == 0;

    /// <summary>How many objects are held now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The object as last committed, when it is held.</summary>
    public bool TryGet(string id, out ManagedObject? managedObject) => _objects.TryGetValue(id, out managedObject);

    /// <summary>The stamp a read takes before it queries the database for <paramref name="id"/>.</summary>
    public long Stamp(string id) => Volatile.Read(ref _stripeGenerations[StripeOf(id)]);

    /// <summary>Keeps <paramref name="managedObject"/>, read after <paramref name="stamp"/> was taken, unless a commit touched its stripe since.</summary>
    public void Add(ManagedObject managedObject, long stamp)
    {
        if (_capacity == 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_stripeGenerations[StripeOf(managedObject.Id)] != stamp || !_objects.TryAdd(managedObject.Id, managedObject))
            {
                return;
            }

            _count++;
            _insertionOrder.Enqueue(managedObject.Id);
            // The queue may name objects already dropped (or added again since); dequeuing them costs nothing.
            while (_count > _capacity && _insertionOrder.TryDequeue(out string? oldest))
            {
                Remove(oldest);
            }

            while (_insertionOrder.Count > 2 * _capacity && _insertionOrder.TryDequeue(out string? stale))
            {
                // Bounds the queue when objects keep being dropped and added again: an entry dequeued here may
                // still be held; it then leaves the cache early, which costs one read.
                Remove(stale);
            }
        }
    }

    /// <summary>Drops <paramref name="ids"/> and moves their stripes on, so reads already under way do not add them back.</summary>
    public void Invalidate(IReadOnlyList<string> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            foreach (string id in ids)
            {
                _stripeGenerations[StripeOf(id)]++;
                Remove(id);
            }
        }
    }

    // Under _gate.
    private void Remove(string id)
    {
        if (_objects.TryRemove(id, out _))
        {
            _count--;
        }
    }

    private static int StripeOf(string id) => (int)((uint)StringComparer.Ordinal.GetHashCode(id) % Stripes);
}
