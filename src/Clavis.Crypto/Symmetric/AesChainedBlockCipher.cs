using System.Security.Cryptography;

namespace Clavis.Crypto.Symmetric;

/// <summary>
/// ECB and CBC in parts over the BCL's <see cref="ICryptoTransform"/>, which keeps the chaining value and,
/// when decrypting with padding, holds back the last block until the final call.
/// </summary>
internal sealed class AesChainedBlockCipher : SymmetricStreamCipher
{
    private readonly ICryptoTransform _transform;
    private readonly byte[] _pending = new byte[AesKey.BlockSize];
    private readonly bool _padding;
    private int _pendingCount;
    private bool _finished;
    private bool _disposed;

    public AesChainedBlockCipher(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, bool pkcs7Padding, bool encrypt)
    {
        AesKey.Check(key, nameof(key));
        _padding = pkcs7Padding;
        byte[] keyCopy = key.ToArray();
        try
        {
            using var aes = Aes.Create();
            aes.Mode = iv.IsEmpty ? CipherMode.ECB : CipherMode.CBC;
            aes.Padding = pkcs7Padding ? PaddingMode.PKCS7 : PaddingMode.None;
            byte[]? ivCopy = iv.IsEmpty ? null : iv.ToArray();
            _transform = encrypt ? aes.CreateEncryptor(keyCopy, ivCopy) : aes.CreateDecryptor(keyCopy, ivCopy);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyCopy);
        }
    }

    public override byte[] Update(ReadOnlySpan<byte> input)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished)
        {
            throw new InvalidOperationException("the cipher has finished");
        }

        int total = _pendingCount + input.Length;
        int whole = total - (total % AesKey.BlockSize);
        if (whole == 0)
        {
            input.CopyTo(_pending.AsSpan(_pendingCount));
            _pendingCount = total;
            return [];
        }

        byte[] work = new byte[whole];
        byte[] output = new byte[whole + AesKey.BlockSize];
        try
        {
            int fromInput = whole - _pendingCount;
            _pending.AsSpan(0, _pendingCount).CopyTo(work);
            input[..fromInput].CopyTo(work.AsSpan(_pendingCount));
            ReadOnlySpan<byte> rest = input[fromInput..];
            rest.CopyTo(_pending);
            _pendingCount = rest.Length;
            int written = _transform.TransformBlock(work, 0, whole, output, 0);
            return output.AsSpan(0, written).ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(work);
            CryptographicOperations.ZeroMemory(output);
        }
    }

    public override byte[] Final(ReadOnlySpan<byte> input)
    {
        byte[] head = Update(input);
        _finished = true;
        if (!_padding && _pendingCount != 0)
        {
            CryptographicOperations.ZeroMemory(head);
            throw new CryptographicException($"the data is not a whole number of {AesKey.BlockSize}-byte blocks and no padding was asked for");
        }

        byte[] tail;
        try
        {
            tail = _transform.TransformFinalBlock(_pending, 0, _pendingCount);
        }
        catch (CryptographicException)
        {
            CryptographicOperations.ZeroMemory(head);
            throw;
        }

        if (head.Length == 0)
        {
            return tail;
        }

        byte[] result = [.. head, .. tail];
        CryptographicOperations.ZeroMemory(head);
        CryptographicOperations.ZeroMemory(tail);
        return result;
    }

    protected override void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            _disposed = true;
            CryptographicOperations.ZeroMemory(_pending);
            _transform.Dispose();
        }
    }
}
