using BenchmarkDotNet.Attributes;
using Clavis.Crypto.Asymmetric;

namespace Clavis.Benchmarks.Crypto;

/// <summary>Key pair generation in process: what Create Key Pair pays per pair when no pooled pair is ready.</summary>
[MemoryDiagnoser]
public class KeyPairGenerationBenchmarks
{
    [Benchmark(Description = "RSA-2048 generation")]
    public void Rsa2048()
    {
        using AsymmetricKeyPair pair = KeyPairGenerator.Generate(KeyPairSpec.Rsa(2048));
    }

    [Benchmark(Description = "EC P-256 generation")]
    public void EcP256()
    {
        using AsymmetricKeyPair pair = KeyPairGenerator.Generate(KeyPairSpec.EllipticCurve(EllipticCurve.P256));
    }

    [Benchmark(Description = "Ed25519 generation")]
    public void Ed25519()
    {
        using AsymmetricKeyPair pair = KeyPairGenerator.Generate(KeyPairSpec.Ed25519());
    }
}
