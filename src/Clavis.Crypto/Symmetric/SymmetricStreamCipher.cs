namespace Clavis.Crypto.Symmetric;

/// <summary>
/// A cipher that takes its input in parts (KMIP's streaming Encrypt/Decrypt) and, for a one-shot
/// operation, in one <see cref="Final"/> call. Disposing it zeroes the key schedule and any buffered data.
/// Not thread-safe: one operation at a time.
/// </summary>
public abstract class SymmetricStreamCipher : IDisposable
{
    /// <summary>Processes <paramref name="input"/>; returns the output that is ready (whole blocks; may be empty).</summary>
    /// <exception cref="ObjectDisposedException">After <see cref="Dispose()"/>.</exception>
    /// <exception cref="InvalidOperationException">After <see cref="Final"/>.</exception>
    public abstract byte[] Update(ReadOnlySpan<byte> input);

    /// <summary>Processes the last part and returns the rest of the output (with padding added or removed).</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">
    /// The data is not a whole number of blocks where the mode needs that, or the padding does not verify.
    /// </exception>
    public abstract byte[] Final(ReadOnlySpan<byte> input);

    /// <summary>Zeroes the key schedule and buffered data.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the cipher's resources.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected abstract void Dispose(bool disposing);
}
