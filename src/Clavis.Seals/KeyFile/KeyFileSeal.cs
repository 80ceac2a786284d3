using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Clavis.Core.Ports;
using Clavis.Crypto.Secrets;

namespace Clavis.Seals.KeyFile;

/// <summary>
/// The embedded default seal: master keys in a local file, sealed by a passphrase (PBKDF2-SHA256 →
/// AES-256-GCM) or, in development mode, stored unprotected with owner-only permissions.
/// Data keys are wrapped with AES-256-GCM under the current master key, its identifier as associated data.
/// </summary>
public sealed class KeyFileSeal : ISeal, IDisposable
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] s_check = "clavis-key-file-check"u8.ToArray();

    private readonly string _path;
    private readonly KeyFileDocument _document;
    private readonly SecretBytes? _passphraseKey;
    private readonly Dictionary<string, SecretBytes> _masterKeys = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private KeyFileSeal(string path, KeyFileDocument document, SecretBytes? passphraseKey)
    {
        _path = path;
        _document = document;
        _passphraseKey = passphraseKey;
    }

    /// <inheritdoc/>
    public string Description => IsDevelopmentMode
        ? $"key file {_path} (DEVELOPMENT MODE: the master key is not sealed by a passphrase)"
        : $"key file {_path}, sealed by a passphrase";

    /// <inheritdoc/>
    public bool IsDevelopmentMode => _passphraseKey is null;

    /// <inheritdoc/>
    public string CurrentMasterKeyId
    {
        get
        {
            lock (_lock)
            {
                return _document.Current;
            }
        }
    }

    /// <summary>True when <paramref name="path"/> exists and is sealed by a passphrase (so one must be asked for).</summary>
    public static bool IsSealedByPassphrase(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            KeyFileDocument? document = JsonSerializer.Deserialize(File.ReadAllBytes(path), KeyFileJsonContext.Default.KeyFileDocument);
            return document?.Protection == "passphrase";
        }
        catch (JsonException)
        {
            // A damaged file is reported by Open, with the reason.
            return false;
        }
    }

    /// <summary>Opens the key file, creating it with a first master key when it does not exist.</summary>
    /// <exception cref="SealException">Wrong passphrase, a passphrase missing for a sealed file, or a damaged file.</exception>
    public static KeyFileSeal Open(KeyFileSealOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string path = Path.GetFullPath(options.Path);
        if (!File.Exists(path))
        {
            return Create(path, options);
        }

        KeyFileDocument document;
        try
        {
            document = JsonSerializer.Deserialize(File.ReadAllBytes(path), KeyFileJsonContext.Default.KeyFileDocument)
                ?? throw new SealException($"key file {path} is empty");
        }
        catch (JsonException ex)
        {
            throw new SealException($"key file {path} is damaged: {ex.Message}", ex);
        }

        if (document.Format != KeyFileDocument.CurrentFormat)
        {
            throw new SealException($"key file {path} has format '{document.Format}', expected '{KeyFileDocument.CurrentFormat}'");
        }

        try
        {
            return OpenDocument(path, document, options);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            // Bad base64, a zero iteration count … : a damaged file, which callers must see as a SealException.
            throw new SealException($"key file {path} is damaged: {ex.Message}", ex);
        }
    }

    private static KeyFileSeal OpenDocument(string path, KeyFileDocument document, KeyFileSealOptions options)
    {
        SecretBytes? passphraseKey = null;
        if (document.Protection == "passphrase")
        {
            if (options.Passphrase is null)
            {
                throw new SealException($"key file {path} is sealed by a passphrase: set CLAVIS_PASSPHRASE or enter it when asked");
            }

            KeyFileDocument.KdfParameters kdf = document.Kdf ?? throw new SealException($"key file {path} lacks its KDF parameters");
            passphraseKey = DeriveKey(options.Passphrase, Convert.FromBase64String(kdf.Salt), kdf.Iterations);
            try
            {
                using SecretBytes check = Decrypt(passphraseKey.Span, Convert.FromBase64String(kdf.Check), "check"u8);
                if (!check.FixedTimeEquals(s_check))
                {
                    throw new CryptographicException("the check value differs");
                }
            }
            catch (Exception ex)
            {
                passphraseKey.Dispose();
                throw ex is CryptographicException ? new SealException($"the passphrase does not open key file {path}", ex) : ex;
            }
        }
        else if (document.Protection != "none")
        {
            throw new SealException($"key file {path} has unknown protection '{document.Protection}'");
        }

        var seal = new KeyFileSeal(path, document, passphraseKey);
        try
        {
            foreach (KeyFileDocument.MasterKeyEntry entry in document.MasterKeys)
            {
                seal._masterKeys[entry.Id] = seal.OpenEntry(entry);
            }

            if (!seal._masterKeys.ContainsKey(document.Current))
            {
                throw new SealException($"key file {path} names current master key {document.Current}, which it does not hold");
            }
        }
        catch
        {
            // Zero the keys opened so far and the passphrase key.
            seal.Dispose();
            throw;
        }

        return seal;
    }

    /// <inheritdoc/>
    public ValueTask<WrappedDataKey> WrapAsync(ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken)
    {
        string id;
        SecretBytes key;
        lock (_lock)
        {
            id = _document.Current;
            key = _masterKeys[id];
        }

        return ValueTask.FromResult(new WrappedDataKey(id, Encrypt(key.Span, dataKey.Span, Encoding.UTF8.GetBytes(id))));
    }

    /// <inheritdoc/>
    public ValueTask<SecretBytes> UnwrapAsync(WrappedDataKey wrapped, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wrapped);
        SecretBytes? key;
        lock (_lock)
        {
            _masterKeys.TryGetValue(wrapped.MasterKeyId, out key);
        }

        if (key is null)
        {
            throw new SealException($"master key {wrapped.MasterKeyId} is not in key file {_path}");
        }

        try
        {
            return ValueTask.FromResult(Decrypt(key.Span, wrapped.Wrapped, Encoding.UTF8.GetBytes(wrapped.MasterKeyId)));
        }
        catch (CryptographicException ex)
        {
            throw new SealException($"a data key wrapped under {wrapped.MasterKeyId} fails authentication", ex);
        }
    }

    /// <inheritdoc/>
    public ValueTask<string> RotateAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            using SecretBytes key = SecretBytes.Random(32);
            KeyFileDocument.MasterKeyEntry entry = NewEntry(key, _passphraseKey);
            _document.MasterKeys.Add(entry);
            string previous = _document.Current;
            _document.Current = entry.Id;
            try
            {
                Save(_path, _document);
            }
            catch
            {
                _document.MasterKeys.Remove(entry);
                _document.Current = previous;
                throw;
            }

            _masterKeys[entry.Id] = key.Clone();
            return ValueTask.FromResult(entry.Id);
        }
    }

    /// <summary>Zeroes every key held in memory.</summary>
    public void Dispose()
    {
        foreach (SecretBytes key in _masterKeys.Values)
        {
            key.Dispose();
        }

        _masterKeys.Clear();
        _passphraseKey?.Dispose();
    }

    private static KeyFileSeal Create(string path, KeyFileSealOptions options)
    {
        var document = new KeyFileDocument();
        SecretBytes? passphraseKey = null;
        if (options.Passphrase is not null)
        {
            byte[] salt = RandomNumberGenerator.GetBytes(16);
            passphraseKey = DeriveKey(options.Passphrase, salt, options.Iterations);
            document.Protection = "passphrase";
            document.Kdf = new KeyFileDocument.KdfParameters
            {
                Iterations = options.Iterations,
                Salt = Convert.ToBase64String(salt),
                Check = Convert.ToBase64String(Encrypt(passphraseKey.Span, s_check, "check"u8)),
            };
        }

        using SecretBytes first = SecretBytes.Random(32);
        KeyFileDocument.MasterKeyEntry entry = NewEntry(first, passphraseKey);
        document.MasterKeys.Add(entry);
        document.Current = entry.Id;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Save(path, document);
        var seal = new KeyFileSeal(path, document, passphraseKey);
        seal._masterKeys[entry.Id] = first.Clone();
        return seal;
    }

    private static KeyFileDocument.MasterKeyEntry NewEntry(SecretBytes key, SecretBytes? passphraseKey) => new()
    {
        Id = "mk-" + Guid.CreateVersion7().ToString("N"),
        Created = DateTimeOffset.UtcNow,
        Key = Convert.ToBase64String(passphraseKey is null ? key.Span : Encrypt(passphraseKey.Span, key.Span, "master-key"u8)),
    };

    private SecretBytes OpenEntry(KeyFileDocument.MasterKeyEntry entry)
    {
        byte[] stored = Convert.FromBase64String(entry.Key);
        if (_passphraseKey is null)
        {
            return SecretBytes.TakeOwnership(stored);
        }

        try
        {
            return Decrypt(_passphraseKey.Span, stored, "master-key"u8);
        }
        catch (CryptographicException ex)
        {
            throw new SealException($"master key {entry.Id} in key file {_path} fails authentication", ex);
        }
    }

    private static SecretBytes DeriveKey(char[] passphrase, byte[] salt, int iterations)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(passphrase);
        try
        {
            return SecretBytes.TakeOwnership(Rfc2898DeriveBytes.Pbkdf2(utf8, salt, iterations, HashAlgorithmName.SHA256, 32));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8);
        }
    }

    private static byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        byte[] output = new byte[NonceSize + plaintext.Length + TagSize];
        RandomNumberGenerator.Fill(output.AsSpan(0, NonceSize));
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(output.AsSpan(0, NonceSize), plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length), associatedData);
        return output;
    }

    private static SecretBytes Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> associatedData)
    {
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("sealed value is truncated");
        }

        int length = sealedBytes.Length - NonceSize - TagSize;
        byte[] plaintext = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes[..NonceSize], sealedBytes.Slice(NonceSize, length), sealedBytes[(NonceSize + length)..], plaintext, associatedData);
        return SecretBytes.TakeOwnership(plaintext);
    }

    // Written to a temporary file, flushed, then renamed over the old one: a crash leaves either file whole.
    private static void Save(string path, KeyFileDocument document)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(document, KeyFileJsonContext.Default.KeyFileDocument);
        string temporary = path + ".tmp";

        // A temporary file left by a crash keeps its old mode (UnixCreateMode applies only to new files).
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(json);
            stream.Flush(flushToDisk: true);
        }

        CryptographicOperations.ZeroMemory(json);
        File.Move(temporary, path, overwrite: true);

        // The rename is durable only once its directory is: without this, a power loss after a rotation
        // could bring back the old file while data keys already rewrapped under the new master key were
        // committed to the store, leaving them unreadable.
        DirectorySync.Flush(Path.GetDirectoryName(path)!);
    }
}
