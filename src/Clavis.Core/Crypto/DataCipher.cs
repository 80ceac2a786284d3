namespace Clavis.Core.Crypto;

/// <summary>
/// One encryption or decryption with a key, fed in one call (<see cref="Final"/>) or in parts (KMIP 1.3+
/// streaming: <see cref="Update"/> for each part, then <see cref="Final"/>). Disposing zeroes the key copy
/// and any buffered data. Not thread-safe.
/// </summary>
internal abstract class DataCipher : IDisposable
{
    /// <summary>The IV, counter or nonce the server generated for this encryption, to return to the client; null when the client gave it or the mode has none.</summary>
    public byte[]? GeneratedIv { get; init; }

    /// <summary>Processes a part; returns the output ready so far.</summary>
    /// <exception cref="Kmip.KmipException">The part is refused (e.g. a buffered stream grew past its bound).</exception>
    public abstract byte[] Update(ReadOnlySpan<byte> data);

    /// <summary>Processes the last part.</summary>
    /// <param name="data">The last part (may be empty).</param>
    /// <param name="tag">For authenticated decryption, the Authenticated Encryption Tag; else null.</param>
    /// <exception cref="Kmip.KmipException">The data does not decrypt or authenticate (Cryptographic Failure), or a field is missing.</exception>
    public abstract DataCipherOutput Final(ReadOnlySpan<byte> data, byte[]? tag);

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Zeroes key copies and buffered data.</summary>
    protected abstract void Dispose(bool disposing);
}

/// <summary>What the last part of an encryption or decryption gives back.</summary>
/// <param name="Data">The output of the last part.</param>
/// <param name="Tag">For authenticated encryption, the Authenticated Encryption Tag; else null.</param>
internal readonly record struct DataCipherOutput(byte[] Data, byte[]? Tag);
