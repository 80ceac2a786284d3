using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Clavis.Core.Ports;
using Clavis.Crypto.Secrets;

namespace Clavis.Core.Barrier;

/// <summary>
/// Envelope encryption of key material at rest (DESIGN.md "Key material at rest"): each object's
/// material is encrypted with AES-256-GCM under a data key, with the object's identity as associated
/// data, and the seal wraps the data keys. The master key never reaches the store.
/// </summary>
/// <remarks>
/// Nonces are random (96 bits); a data key is retired for new writes by <see cref="RotateDataKeyAsync"/>
/// long before 2^32 encryptions would make a nonce collision plausible.
/// Unwrapped data keys live only in this process, in AesGcm instances pooled per key (AesGcm is not
/// safe for concurrent use, and creating one per call halves throughput).
/// </remarks>
public sealed class KeyMaterialBarrier : IDisposable
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    // Identifiers come from requests and have no length limit of their own: longer associated data goes
    // on the heap rather than overflowing the stack.
    private const int MaxStackAssociatedData = 256;

    // STABLE FORMAT: the associated data binds ciphertext to its object and data key. Changing these
    // bytes makes every stored object unreadable.
    private static readonly byte[] s_associatedDataPrefix = "clavis-material-v1\0"u8.ToArray();

    private readonly ISeal _seal;
    private readonly IDataKeyStore _store;
    private readonly ConcurrentDictionary<string, DataKey> _keys = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _rotation = new(1, 1);
    private volatile DataKey _current;

    private KeyMaterialBarrier(ISeal seal, IDataKeyStore store, DataKey current)
    {
        _seal = seal;
        _store = store;
        _current = current;
    }

    /// <summary>The data key new material is encrypted under.</summary>
    public string CurrentDataKeyId => _current.Id;

    /// <summary>
    /// Opens the barrier: unwraps every stored data key through the seal, or creates the first one.
    /// </summary>
    /// <exception cref="SealException">The seal cannot unwrap a stored data key.</exception>
    public static async Task<KeyMaterialBarrier> OpenAsync(ISeal seal, IDataKeyStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seal);
        ArgumentNullException.ThrowIfNull(store);
        IReadOnlyList<DataKeyRecord> records = await store.LoadDataKeysAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<DataKey>();
        foreach (DataKeyRecord record in records)
        {
            using SecretBytes key = await seal.UnwrapAsync(record.Wrapped, cancellationToken).ConfigureAwait(false);
            keys.Add(new DataKey(record.Id, record.CreatedAt, key.Span));
        }

        if (keys.Count == 0)
        {
            DataKey first = await CreateDataKeyAsync(seal, store, cancellationToken).ConfigureAwait(false);
            keys.Add(first);
        }

        var barrier = new KeyMaterialBarrier(seal, store, keys[^1]);
        foreach (DataKey key in keys)
        {
            barrier._keys[key.Id] = key;
        }

        return barrier;
    }

    /// <summary>Encrypts <paramref name="cleartext"/> for object <paramref name="objectId"/>.</summary>
    public SealedMaterial Seal(string objectId, ReadOnlySpan<byte> cleartext)
    {
        ArgumentNullException.ThrowIfNull(objectId);
        DataKey key = _current;
        byte[] nonce = RandomNumberGenerator.GetBytes(NonceSize);
        byte[] output = new byte[cleartext.Length + TagSize];
        int associatedLength = AssociatedDataLength(objectId, key.Id);
        Span<byte> associated = associatedLength <= MaxStackAssociatedData ? stackalloc byte[associatedLength] : new byte[associatedLength];
        WriteAssociatedData(associated, objectId, key.Id);
        AesGcm aes = key.Rent();
        try
        {
            aes.Encrypt(nonce, cleartext, output.AsSpan(0, cleartext.Length), output.AsSpan(cleartext.Length), associated);
        }
        finally
        {
            key.Return(aes);
        }

        return new SealedMaterial(key.Id, nonce, output);
    }

    /// <summary>Decrypts material sealed for <paramref name="objectId"/>.</summary>
    /// <exception cref="CryptographicException">The material was altered, or belongs to another object.</exception>
    /// <exception cref="SealException">Its data key is unknown.</exception>
    public SecretBytes Open(string objectId, SealedMaterial material)
    {
        ArgumentNullException.ThrowIfNull(objectId);
        ArgumentNullException.ThrowIfNull(material);
        if (!_keys.TryGetValue(material.DataKeyId, out DataKey? key))
        {
            throw new SealException($"data key {material.DataKeyId} is unknown to this barrier");
        }

        if (material.Ciphertext.Length < TagSize || material.Nonce.Length != NonceSize)
        {
            throw new CryptographicException("sealed material is truncated");
        }

        int length = material.Ciphertext.Length - TagSize;
        byte[] cleartext = new byte[length];
        int associatedLength = AssociatedDataLength(objectId, key.Id);
        Span<byte> associated = associatedLength <= MaxStackAssociatedData ? stackalloc byte[associatedLength] : new byte[associatedLength];
        WriteAssociatedData(associated, objectId, key.Id);
        AesGcm aes = key.Rent();
        try
        {
            aes.Decrypt(material.Nonce, material.Ciphertext.AsSpan(0, length), material.Ciphertext.AsSpan(length), cleartext, associated);
        }
        catch
        {
            CryptographicOperations.ZeroMemory(cleartext);
            throw;
        }
        finally
        {
            key.Return(aes);
        }

        return SecretBytes.TakeOwnership(cleartext);
    }

    /// <summary>Generates a new data key for new writes; material sealed earlier stays readable.</summary>
    /// <returns>The new data key's identifier.</returns>
    public async Task<string> RotateDataKeyAsync(CancellationToken cancellationToken)
    {
        await _rotation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            DataKey key = await CreateDataKeyAsync(_seal, _store, cancellationToken).ConfigureAwait(false);
            _keys[key.Id] = key;
            _current = key;
            return key.Id;
        }
        finally
        {
            _rotation.Release();
        }
    }

    /// <summary>
    /// Rotates the master key online: the seal makes a new master key and every data key is wrapped
    /// again under it, in one durable write. Object material is untouched, so this takes milliseconds.
    /// </summary>
    /// <returns>The new master key's identifier.</returns>
    public async Task<string> RotateMasterKeyAsync(CancellationToken cancellationToken)
    {
        await _rotation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            string masterKeyId = await _seal.RotateAsync(cancellationToken).ConfigureAwait(false);
            var rewrapped = new List<DataKeyRecord>();
            foreach (DataKey key in _keys.Values.OrderBy(k => k.CreatedAt))
            {
                WrappedDataKey wrapped = await _seal.WrapAsync(key.Material, cancellationToken).ConfigureAwait(false);
                rewrapped.Add(new DataKeyRecord(key.Id, key.CreatedAt, wrapped));
            }

            await _store.SaveDataKeysAsync(rewrapped, cancellationToken).ConfigureAwait(false);
            return masterKeyId;
        }
        finally
        {
            _rotation.Release();
        }
    }

    /// <summary>Zeroes every data key held in memory.</summary>
    public void Dispose()
    {
        foreach (DataKey key in _keys.Values)
        {
            key.Dispose();
        }

        _keys.Clear();
        _rotation.Dispose();
    }

    private static async Task<DataKey> CreateDataKeyAsync(ISeal seal, IDataKeyStore store, CancellationToken cancellationToken)
    {
        using SecretBytes material = SecretBytes.Random(32);
        WrappedDataKey wrapped = await seal.WrapAsync(material.Span.ToArray(), cancellationToken).ConfigureAwait(false);
        var record = new DataKeyRecord("dk-" + Guid.CreateVersion7().ToString("N"), DateTimeOffset.UtcNow, wrapped);
        await store.SaveDataKeysAsync([record], cancellationToken).ConfigureAwait(false);
        return new DataKey(record.Id, record.CreatedAt, material.Span);
    }

    private static int AssociatedDataLength(string objectId, string dataKeyId) =>
        s_associatedDataPrefix.Length + Encoding.UTF8.GetByteCount(objectId) + 1 + Encoding.UTF8.GetByteCount(dataKeyId);

    private static void WriteAssociatedData(Span<byte> destination, string objectId, string dataKeyId)
    {
        s_associatedDataPrefix.CopyTo(destination);
        int written = s_associatedDataPrefix.Length;
        written += Encoding.UTF8.GetBytes(objectId, destination[written..]);
        destination[written++] = 0;
        Encoding.UTF8.GetBytes(dataKeyId, destination[written..]);
    }

    private sealed class DataKey : IDisposable
    {
        private readonly byte[] _material;
        private readonly ConcurrentBag<AesGcm> _pool = [];

        public DataKey(string id, DateTimeOffset createdAt, ReadOnlySpan<byte> material)
        {
            Id = id;
            CreatedAt = createdAt;
            _material = material.ToArray();
        }

        public string Id { get; }

        public DateTimeOffset CreatedAt { get; }

        public ReadOnlyMemory<byte> Material => _material;

        public AesGcm Rent() => _pool.TryTake(out AesGcm? aes) ? aes : new AesGcm(_material, TagSize);

        public void Return(AesGcm aes) => _pool.Add(aes);

        public void Dispose()
        {
            while (_pool.TryTake(out AesGcm? aes))
            {
                aes.Dispose();
            }

            CryptographicOperations.ZeroMemory(_material);
        }
    }
}
