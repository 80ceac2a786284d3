using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Clavis.Core.Identity;

/// <summary>
/// Remembers successful password verifications so that a client sending the same credential on every message pays
/// the password hash (tens of milliseconds) once. An entry is HMAC-SHA-256 under a random key that lives only in this
/// process, over (kind, name, document version, password): it reveals nothing about the password, and a password
/// change or a deletion makes a new document version, so the old entry can never match again. Failures are never
/// remembered. Bounded: two generations of at most half the capacity each; filling one drops the older.
/// </summary>
internal sealed class PasswordVerificationCache
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly int _generationCapacity;
    private readonly Lock _rotating = new();
    private ConcurrentDictionary<Digest, byte> _current = new();
    private ConcurrentDictionary<Digest, byte> _previous = new();

    /// <summary>Creates a cache of at most <paramref name="capacity"/> entries.</summary>
    public PasswordVerificationCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _generationCapacity = capacity / 2;
    }

    /// <summary>The entries held, for tests and metrics.</summary>
    public int Count => _current.Count + _previous.Count;

    /// <summary>The keyed digest of one verification; allocates nothing, and clears its copy of the password.</summary>
    /// <param name="kind">Which registry the entry belongs to (users and devices never share entries).</param>
    /// <param name="name">The username or device id.</param>
    /// <param name="version">The entry's document version.</param>
    /// <param name="password">The password presented, UTF-8.</param>
    public Digest Compute(byte kind, string name, int version, ReadOnlySpan<byte> password)
    {
        // kind | name length | name | version | password: the lengths make the encoding unambiguous.
        int nameBytes = Encoding.UTF8.GetByteCount(name);
        int length = 1 + 4 + nameBytes + 4 + password.Length;
        byte[] rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> input = rented.AsSpan(0, length);
            input[0] = kind;
            BinaryPrimitives.WriteInt32BigEndian(input[1..], nameBytes);
            Encoding.UTF8.GetBytes(name, input.Slice(5, nameBytes));
            BinaryPrimitives.WriteInt32BigEndian(input[(5 + nameBytes)..], version);
            password.CopyTo(input[(9 + nameBytes)..]);
            Digest digest = default;
            HMACSHA256.HashData(_key, input, MemoryMarshal.AsBytes(new Span<Digest>(ref digest)));
            return digest;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(rented.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>True when <paramref name="digest"/> was verified before (and is still held).</summary>
    public bool Contains(in Digest digest)
    {
        if (_current.ContainsKey(digest))
        {
            return true;
        }

        if (_previous.ContainsKey(digest))
        {
            // Still in use: keep it past the next rotation.
            Add(digest);
            return true;
        }

        return false;
    }

    /// <summary>Remembers a successful verification.</summary>
    public void Add(in Digest digest)
    {
        if (_current.Count >= _generationCapacity)
        {
            lock (_rotating)
            {
                if (_current.Count >= _generationCapacity)
                {
                    _previous = _current;
                    _current = new ConcurrentDictionary<Digest, byte>();
                }
            }
        }

        _current.TryAdd(digest, 0);
    }

    /// <summary>An HMAC-SHA-256 value, held as four words so it is a cheap dictionary key.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal readonly record struct Digest(ulong A, ulong B, ulong C, ulong D);
}
