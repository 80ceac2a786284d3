using System.Security.Cryptography;

namespace Clavis.Crypto.Secrets;

/// <summary>
/// Secret bytes (key material, a master key, a passphrase-derived key) owned by one holder, zeroed
/// with <see cref="CryptographicOperations.ZeroMemory"/> on <see cref="Dispose"/>. It has no revealing
/// <see cref="ToString"/>: logging it prints its length only.
/// </summary>
public sealed class SecretBytes : IDisposable
{
    private byte[]? _bytes;

    private SecretBytes(byte[] bytes)
    {
        _bytes = bytes;
    }

    /// <summary>How many bytes the secret holds.</summary>
    public int Length { get; private set; }

    /// <summary>Copies <paramref name="source"/> into a new secret (the caller still owns and should clear the source).</summary>
    public static SecretBytes CopyFrom(ReadOnlySpan<byte> source) => new(source.ToArray()) { Length = source.Length };

    /// <summary>Takes ownership of <paramref name="bytes"/>: they are zeroed when this secret is disposed.</summary>
    public static SecretBytes TakeOwnership(byte[] bytes) =>
        new(bytes ?? throw new ArgumentNullException(nameof(bytes))) { Length = bytes.Length };

    /// <summary>A secret of <paramref name="length"/> bytes from the operating system's CSPRNG.</summary>
    public static SecretBytes Random(int length) => TakeOwnership(RandomNumberGenerator.GetBytes(length));

    /// <summary>The secret's bytes; valid until <see cref="Dispose"/>. Does not copy.</summary>
    /// <exception cref="ObjectDisposedException">The secret was disposed.</exception>
    public ReadOnlySpan<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_bytes is null, this);
            return _bytes;
        }
    }

    /// <summary>Copies the secret into a new secret with its own lifetime.</summary>
    public SecretBytes Clone() => CopyFrom(Span);

    /// <summary>Constant-time comparison with <paramref name="other"/>.</summary>
    public bool FixedTimeEquals(ReadOnlySpan<byte> other) => CryptographicOperations.FixedTimeEquals(Span, other);

    /// <summary>Zeroes the bytes.</summary>
    public void Dispose()
    {
        byte[]? bytes = Interlocked.Exchange(ref _bytes, null);
        if (bytes is not null)
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Never the value: "SecretBytes(32)".</summary>
    public override string ToString() => $"SecretBytes({Length})";
}
