using System.Security.Cryptography;

namespace Clavis.Crypto.Symmetric;

/// <summary>
/// AES-CTR (NIST SP 800-38A §6.5) over one reused ECB transform: counter blocks are laid out in a batch and
/// enciphered with a single call, which costs far less than a transform per block.
/// </summary>
internal sealed class AesCounterCipher : SymmetricStreamCipher
{
    private const int BlocksPerBatch = 64;

    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counter = new byte[AesKey.BlockSize];
    private readonly byte[] _counterBatch = new byte[BlocksPerBatch * AesKey.BlockSize];
    private readonly byte[] _keystream = new byte[BlocksPerBatch * AesKey.BlockSize];
    private readonly int _counterBytes;
    private int _keystreamOffset;
    private int _keystreamLength;

    // Counter values left before the counter field would wrap; ulong.MaxValue stands for "more than any input".
    private ulong _blocksLeft;
    private bool _finished;
    private bool _disposed;

    public AesCounterCipher(ReadOnlySpan<byte> key, ReadOnlySpan<byte> initialCounterBlock, int counterBits)
    {
        AesKey.Check(key, nameof(key));
        if (initialCounterBlock.Length != AesKey.BlockSize)
        {
            throw new ArgumentException($"a CTR counter block is {AesKey.BlockSize} bytes, not {initialCounterBlock.Length}", nameof(initialCounterBlock));
        }

        if (counterBits is < 8 or > 128 || counterBits % 8 != 0)
        {
            throw new ArgumentException($"the counter is 8 to 128 bits in whole bytes, not {counterBits} bits", nameof(counterBits));
        }

        initialCounterBlock.CopyTo(_counter);
        _counterBytes = counterBits / 8;
        UInt128 start = 0;
        for (int i = AesKey.BlockSize - _counterBytes; i < AesKey.BlockSize; i++)
        {
            start = (start << 8) | _counter[i];
        }

        UInt128 largest = counterBits == 128 ? UInt128.MaxValue : (UInt128.One << counterBits) - 1;
        UInt128 left = largest - start;
        _blocksLeft = left >= ulong.MaxValue ? ulong.MaxValue : (ulong)left + 1;

        _ecb = AesKey.CreateEcb(key, encrypt: true);
    }

    public override byte[] Update(ReadOnlySpan<byte> input)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished)
        {
            throw new InvalidOperationException("the cipher has finished");
        }

        byte[] output = new byte[input.Length];
        int done = 0;
        while (done < input.Length)
        {
            if (_keystreamOffset == _keystreamLength)
            {
                Refill((input.Length - done + AesKey.BlockSize - 1) / AesKey.BlockSize);
            }

            int take = Math.Min(_keystreamLength - _keystreamOffset, input.Length - done);
            for (int i = 0; i < take; i++)
            {
                output[done + i] = (byte)(input[done + i] ^ _keystream[_keystreamOffset + i]);
            }

            _keystreamOffset += take;
            done += take;
        }

        return output;
    }

    public override byte[] Final(ReadOnlySpan<byte> input)
    {
        byte[] output = Update(input);
        _finished = true;
        CryptographicOperations.ZeroMemory(_keystream);
        return output;
    }

    protected override void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            _disposed = true;
            CryptographicOperations.ZeroMemory(_keystream);
            CryptographicOperations.ZeroMemory(_counterBatch);
            _ecb.Dispose();
        }
    }

    private void Refill(int blocksWanted)
    {
        int blocks = Math.Min(blocksWanted, BlocksPerBatch);
        if ((ulong)blocks > _blocksLeft)
        {
            // SP 800-38A Appendix B: counter blocks must be unique under a key; a wrap would repeat keystream.
            throw new CryptographicException($"the {_counterBytes * 8}-bit counter would wrap; the data is too long for this counter block");
        }

        for (int b = 0; b < blocks; b++)
        {
            _counter.CopyTo(_counterBatch, b * AesKey.BlockSize);
            Increment();
        }

        if (_blocksLeft != ulong.MaxValue)
        {
            _blocksLeft -= (ulong)blocks;
        }

        int length = blocks * AesKey.BlockSize;
        _ecb.TransformBlock(_counterBatch, 0, length, _keystream, 0);
        _keystreamOffset = 0;
        _keystreamLength = length;
    }

    private void Increment()
    {
        for (int i = AesKey.BlockSize - 1; i >= AesKey.BlockSize - _counterBytes; i--)
        {
            if (++_counter[i] != 0)
            {
                return;
            }
        }
    }
}
