using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Clavis.Crypto.Wrapping;

namespace Clavis.Benchmarks.Crypto;

/// <summary>
/// Wrapping a 256-bit key under a 256-bit AES key: Clavis's RFC 3394/5649 over an ECB transform (set up per wrap, as
/// Get does, and reused), against the BCL's one-shot RFC 5649 (DESIGN.md: ~5 µs against ~36 µs).
/// </summary>
[MemoryDiagnoser]
public class KeyWrapBenchmarks
{
    private readonly byte[] _kek = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private AesKeyWrap? _reused;
    private Aes? _bcl;

    [GlobalSetup]
    public void Setup()
    {
        _reused = new AesKeyWrap(_kek);
        _bcl = Aes.Create();
        _bcl.Key = _kek;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _reused?.Dispose();
        _bcl?.Dispose();
    }

    /// <summary>What Get does: a new wrapper (key schedule, ECB transform) for each wrap.</summary>
    [Benchmark(Baseline = true)]
    public byte[] Rfc3394_new_wrapper_per_wrap()
    {
        using var wrap = new AesKeyWrap(_kek);
        return wrap.Wrap(_key);
    }

    [Benchmark]
    public byte[] Rfc3394_reused_wrapper() => _reused!.Wrap(_key);

    [Benchmark]
    public byte[] Rfc5649_reused_wrapper() => _reused!.WrapPadded(_key);

    [Benchmark]
    public byte[] Rfc5649_BCL_one_shot() => _bcl!.EncryptKeyWrapPadded(_key);
}
