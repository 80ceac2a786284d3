using System.Collections.Concurrent;
using Clavis.Crypto.Asymmetric;
using Clavis.Kmip;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Keys;

/// <summary>
/// Private keys already read into BCL key objects, kept across requests. Reading a private key costs far more
/// than using it (bench/RESULTS.md: ECDSA P-256 ~0.5 ms to read against ~45 µs to sign; RSA-2048 ~2 ms against
/// ~0.6 ms), because OpenSSL checks the key on import. Entries are found by the object's identifier and its sealed
/// material's data key and nonce, so a key whose material changed is never served from here; the cache is consulted
/// only after <see cref="KeyUse"/> has let the use through. Each entry holds a few opened copies, each used by one
/// request at a time (the BCL does not promise that one key object serves concurrent callers). Disposing the
/// cache zeroes every copy.
/// </summary>
public sealed class OpenedKeyCache : IDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<AsymmetricPrivateKey>> _keys = new(StringComparer.Ordinal);
    private readonly int _capacity;
    private readonly int _copiesPerKey;
    private int _disposed;

    /// <summary>Creates the cache.</summary>
    /// <param name="capacity">How many keys it holds; beyond that an entry is dropped (and zeroed) for each new one.</param>
    /// <param name="copiesPerKey">Opened copies kept per key: one per request signing with it at the same time.</param>
    public OpenedKeyCache(int capacity = 1024, int copiesPerKey = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
        _copiesPerKey = copiesPerKey > 0 ? copiesPerKey : 2 * Environment.ProcessorCount;
    }

    /// <summary>An opened copy of <paramref name="key"/>'s private key: a cached one, else read now. Give it back with <see cref="Return"/>.</summary>
    /// <exception cref="KmipException">The stored key cannot be read (Key Format Type Not Supported).</exception>
    internal AsymmetricPrivateKey Rent(UsableKey key, Operation operation)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _keys.TryGetValue(Fingerprint(key.Object), out ConcurrentBag<AsymmetricPrivateKey>? copies) && copies.TryTake(out AsymmetricPrivateKey? cached)
            ? cached
            : AsymmetricKeyUse.OpenPrivate(key, operation);
    }

    /// <summary>Gives back a copy from <see cref="Rent"/>: kept for the next request, or zeroed when there is no room.</summary>
    internal void Return(UsableKey key, AsymmetricPrivateKey opened)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(opened);
        string fingerprint = Fingerprint(key.Object);
        if (Volatile.Read(ref _disposed) != 0 || _capacity == 0)
        {
            opened.Dispose();
            return;
        }

        if (!_keys.ContainsKey(fingerprint) && _keys.Count >= _capacity)
        {
            // Bounded: drop some entry (not necessarily the oldest; any keeps memory bounded) and zero its copies.
            foreach (string victim in _keys.Keys.Take(1))
            {
                if (_keys.TryRemove(victim, out ConcurrentBag<AsymmetricPrivateKey>? dropped))
                {
                    Drain(dropped);
                }
            }
        }

        ConcurrentBag<AsymmetricPrivateKey> copies = _keys.GetOrAdd(fingerprint, _ => []);
        if (copies.Count >= _copiesPerKey)
        {
            opened.Dispose();
            return;
        }

        copies.Add(opened);
        if (Volatile.Read(ref _disposed) != 0)
        {
            Drain(copies);
        }
    }

    /// <summary>How many keys are cached.</summary>
    public int Count => _keys.Count;

    /// <summary>Zeroes and drops every cached key.</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _disposed, 1);
        foreach (string fingerprint in _keys.Keys)
        {
            if (_keys.TryRemove(fingerprint, out ConcurrentBag<AsymmetricPrivateKey>? copies))
            {
                Drain(copies);
            }
        }
    }

    private static void Drain(ConcurrentBag<AsymmetricPrivateKey> copies)
    {
        while (copies.TryTake(out AsymmetricPrivateKey? copy))
        {
            copy.Dispose();
        }
    }

    // The sealed material's nonce is fresh for every sealing (AES-GCM), so it names this exact material.
    private static string Fingerprint(ManagedObject managedObject) =>
        managedObject.Material is { } material
            ? $"{managedObject.Id}/{material.DataKeyId}/{Convert.ToHexString(material.Nonce)}"
            : managedObject.Id;
}
