using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Clavis.Crypto.Symmetric;

namespace Clavis.Benchmarks.Crypto;

/// <summary>
/// AES-256-GCM of 1 KiB in process: Clavis.Crypto's one-call cipher (a new key schedule per call, which is what the
/// Encrypt and Decrypt handlers do today) against a BCL <see cref="AesGcm"/> kept for the key (what a per-key cache
/// would buy, DESIGN.md "cache key objects per key").
/// </summary>
[MemoryDiagnoser]
public class AesGcmBenchmarks
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _nonce = RandomNumberGenerator.GetBytes(12);
    private readonly byte[] _plaintext = RandomNumberGenerator.GetBytes(1024);
    private readonly byte[] _ciphertext = new byte[1024];
    private readonly byte[] _output = new byte[1024];
    private readonly byte[] _tag = new byte[16];
    private AesGcm _cached = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cached = new AesGcm(_key, 16);
        _cached.Encrypt(_nonce, _plaintext, _ciphertext, _tag);
    }

    [GlobalCleanup]
    public void Cleanup() => _cached.Dispose();

    [Benchmark(Baseline = true)]
    public void Encrypt_1KiB_cached_BCL_AesGcm() => _cached.Encrypt(_nonce, _plaintext, _output, _tag);

    [Benchmark]
    public void Encrypt_1KiB_Clavis_AesGcmCipher_new_key_per_call() =>
        AesGcmCipher.Encrypt(_key, _nonce, _plaintext, _output, _tag, []);

    [Benchmark]
    public bool Decrypt_1KiB_Clavis_AesGcmCipher_new_key_per_call() =>
        AesGcmCipher.TryDecrypt(_key, _nonce, _ciphertext, _tag, _output, []);

    [Benchmark]
    public byte[] Nonce_12_bytes_from_the_OS_CSPRNG() => RandomNumberGenerator.GetBytes(12);
}
