using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;

namespace Clavis.Crypto.Mac;

/// <summary>
/// HMAC (RFC 2104, FIPS 198-1) over a BouncyCastle digest, for hashes the BCL lacks (SHA-224). Written here
/// rather than taken from BouncyCastle's HMac so that the padded key is ours to zero.
/// </summary>
internal sealed class DigestHmac : IncrementalMac
{
    private const byte InnerPad = 0x36;
    private const byte OuterPad = 0x5c;

    private readonly IDigest _digest;
    private readonly byte[] _outerKey;
    private bool _disposed;

    public DigestHmac(IDigest digest, ReadOnlySpan<byte> key)
    {
        _digest = digest;
        int blockSize = digest.GetByteLength();
        byte[] paddedKey = new byte[blockSize];
        try
        {
            if (key.Length > blockSize)
            {
                // RFC 2104 §2: a key longer than the block is first hashed.
                _digest.BlockUpdate(key);
                _digest.DoFinal(paddedKey);
            }
            else
            {
                key.CopyTo(paddedKey);
            }

            _outerKey = new byte[blockSize];
            for (int i = 0; i < blockSize; i++)
            {
                _outerKey[i] = (byte)(paddedKey[i] ^ OuterPad);
                paddedKey[i] ^= InnerPad;
            }

            _digest.BlockUpdate(paddedKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(paddedKey);
        }
    }

    public override int MacSize => _digest.GetDigestSize();

    public override void Append(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _digest.BlockUpdate(data);
    }

    public override byte[] Finish()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        byte[] inner = new byte[_digest.GetDigestSize()];
        _digest.DoFinal(inner);
        _digest.BlockUpdate(_outerKey);
        _digest.BlockUpdate(inner);
        byte[] mac = new byte[_digest.GetDigestSize()];
        _digest.DoFinal(mac);
        CryptographicOperations.ZeroMemory(inner);
        return mac;
    }

    protected override void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            _disposed = true;
            CryptographicOperations.ZeroMemory(_outerKey);

            // Reset returns the digest to its initial value, dropping the state derived from the inner key.
            _digest.Reset();
        }
    }
}
