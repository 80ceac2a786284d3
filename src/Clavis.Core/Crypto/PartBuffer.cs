using System.Security.Cryptography;
using Clavis.Kmip;

namespace Clavis.Core.Crypto;

/// <summary>
/// The parts of a stream that can only be processed whole (GCM, XTS, a signature), bounded so that a client
/// cannot make the server hold unbounded memory; zeroed when it grows and when disposed.
/// </summary>
internal sealed class PartBuffer(int maxBytes, string what) : IDisposable
{
    private byte[] _buffer = [];
    private int _length;

    /// <summary>How many bytes are held.</summary>
    public int Length => _length;

    /// <summary>Adds a part.</summary>
    /// <exception cref="KmipException">Invalid Field when the parts would exceed the bound.</exception>
    public void Append(ReadOnlySpan<byte> part)
    {
        if ((long)_length + part.Length > maxBytes)
        {
            throw new KmipException(ResultReason.InvalidField, $"a {what} stream is processed whole at its final part and may hold at most {maxBytes} bytes; this part would make it {(long)_length + part.Length}");
        }

        if (_length + part.Length > _buffer.Length)
        {
            byte[] larger = new byte[Math.Min(maxBytes, Math.Max(_length + part.Length, _buffer.Length * 2))];
            _buffer.AsSpan(0, _length).CopyTo(larger);
            CryptographicOperations.ZeroMemory(_buffer);
            _buffer = larger;
        }

        part.CopyTo(_buffer.AsSpan(_length));
        _length += part.Length;
    }

    /// <summary>The held parts followed by <paramref name="last"/>, in a new array the caller zeroes; null when nothing is held (use <paramref name="last"/> itself).</summary>
    /// <exception cref="KmipException">Invalid Field when the last part would exceed the bound.</exception>
    public byte[]? Join(ReadOnlySpan<byte> last)
    {
        if (_length == 0)
        {
            return null;
        }

        Append(last);
        return _buffer.AsSpan(0, _length).ToArray();
    }

    /// <summary>Zeroes what is held.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_buffer);
        _length = 0;
    }
}
