using System.Security.Cryptography;
using Clavis.Crypto.Symmetric;

namespace Clavis.Crypto.Mac;

/// <summary>
/// AES-CMAC (NIST SP 800-38B, RFC 4493) over a reused ECB transform: subkeys K1/K2 from E_K(0), a CBC-MAC
/// that keeps the last block back until <see cref="Finish"/> so it can be masked with K1 (whole) or K2 (padded).
/// </summary>
internal sealed class AesCmac : IncrementalMac
{
    private const int BlockSize = 16;

    // RFC 4493 §2.3: R_128 = 0^120 ‖ 10000111.
    private const byte Rb = 0x87;

    private readonly ICryptoTransform _ecb;
    private readonly byte[] _k1 = new byte[BlockSize];
    private readonly byte[] _k2 = new byte[BlockSize];
    private readonly byte[] _state = new byte[BlockSize];
    private readonly byte[] _last = new byte[BlockSize];
    private int _lastCount;
    private bool _disposed;

    public AesCmac(ReadOnlySpan<byte> key)
    {
        if (!AesKey.IsValidLength(key.Length))
        {
            throw new ArgumentException($"an AES-CMAC key is an AES key of 16, 24 or 32 bytes, not {key.Length}", nameof(key));
        }

        _ecb = AesKey.CreateEcb(key, encrypt: true);
        byte[] l = new byte[BlockSize];
        _ecb.TransformBlock(l, 0, BlockSize, l, 0);
        Double(l, _k1);
        Double(_k1, _k2);
        CryptographicOperations.ZeroMemory(l);
    }

    public override int MacSize => BlockSize;

    public override void Append(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!data.IsEmpty)
        {
            if (_lastCount == BlockSize)
            {
                // More data follows, so the held block is not the last: chain it in.
                Chain(_last);
                _lastCount = 0;
            }

            int take = Math.Min(BlockSize - _lastCount, data.Length);
            data[..take].CopyTo(_last.AsSpan(_lastCount));
            _lastCount += take;
            data = data[take..];
        }
    }

    public override byte[] Finish()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        byte[] subkey = _k1;
        if (_lastCount < BlockSize)
        {
            // RFC 4493 §2.4 step 4: pad with 10^i and use K2 for an incomplete (or empty) last block.
            _last[_lastCount] = 0x80;
            _last.AsSpan(_lastCount + 1).Clear();
            subkey = _k2;
        }

        for (int i = 0; i < BlockSize; i++)
        {
            _last[i] ^= subkey[i];
        }

        Chain(_last);
        byte[] mac = _state.ToArray();
        CryptographicOperations.ZeroMemory(_state);
        CryptographicOperations.ZeroMemory(_last);
        _lastCount = 0;
        return mac;
    }

    protected override void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            _disposed = true;
            CryptographicOperations.ZeroMemory(_k1);
            CryptographicOperations.ZeroMemory(_k2);
            CryptographicOperations.ZeroMemory(_state);
            CryptographicOperations.ZeroMemory(_last);
            _ecb.Dispose();
        }
    }

    private void Chain(byte[] block)
    {
        for (int i = 0; i < BlockSize; i++)
        {
            _state[i] ^= block[i];
        }

        _ecb.TransformBlock(_state, 0, BlockSize, _state, 0);
    }

    // Doubling in GF(2^128), big-endian (RFC 4493 §2.3): shift left one bit, xor Rb on carry out.
    private static void Double(ReadOnlySpan<byte> source, Span<byte> result)
    {
        int carry = source[0] >> 7;
        for (int i = 0; i < BlockSize - 1; i++)
        {
            result[i] = (byte)((source[i] << 1) | (source[i + 1] >> 7));
        }

        result[BlockSize - 1] = (byte)((source[BlockSize - 1] << 1) ^ (carry * Rb));
    }
}
