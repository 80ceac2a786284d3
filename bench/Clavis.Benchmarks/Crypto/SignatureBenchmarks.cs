using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Clavis.Crypto.Asymmetric;
using Clavis.Crypto.Formats;

namespace Clavis.Benchmarks.Crypto;

/// <summary>
/// The in-process cost of one Sign as the server does it: the key read from its stored form (PKCS#8 for EC,
/// PKCS#1 for RSA), then signed through the catalogue; beside the BCL signing with a key object it already holds,
/// which is the floor. The difference is what opening the key per request costs.
/// </summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    private static readonly SignatureParameters s_ecdsa = new(SignatureScheme.Ecdsa, HashAlgorithmName.SHA256);
    private static readonly SignatureParameters s_pkcs1 = new(SignatureScheme.RsaPkcs1V15, HashAlgorithmName.SHA256);
    private readonly byte[] _data = RandomNumberGenerator.GetBytes(64);
    private byte[] _ecPkcs8 = [];
    private byte[] _rsaPkcs1 = [];
    private ECDsa _ecdsa = null!;
    private RSA _rsa = null!;

    [GlobalSetup]
    public void Setup()
    {
        using (AsymmetricKeyPair ec = KeyPairGenerator.Generate(KeyPairSpec.EllipticCurve(EllipticCurve.P256)))
        {
            _ecPkcs8 = ec.PrivateKey.Pkcs8.ToArray();
        }

        using (AsymmetricKeyPair rsa = KeyPairGenerator.Generate(KeyPairSpec.Rsa(2048)))
        {
            _rsaPkcs1 = rsa.PrivateKey.Export(PrivateKeyFormat.Pkcs1);
        }

        _ecdsa = ECDsa.Create();
        _ecdsa.ImportPkcs8PrivateKey(_ecPkcs8, out _);
        _rsa = RSA.Create();
        _rsa.ImportRSAPrivateKey(_rsaPkcs1, out _);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ecdsa.Dispose();
        _rsa.Dispose();
    }

    [Benchmark(Description = "ECDSA P-256 sign, key opened from PKCS#8 (server path)")]
    public byte[] EcdsaP256FromStored()
    {
        using AsymmetricPrivateKey key = AsymmetricPrivateKey.Import(PrivateKeyFormat.Pkcs8, _ecPkcs8);
        return Signatures.SignData(key, s_ecdsa, _data);
    }

    [Benchmark(Description = "ECDSA P-256 sign, BCL key held")]
    public byte[] EcdsaP256Held() => _ecdsa.SignData(_data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    [Benchmark(Description = "RSA-2048 PKCS#1 v1.5 sign, key opened from PKCS#1 (server path)")]
    public byte[] Rsa2048FromStored()
    {
        using AsymmetricPrivateKey key = AsymmetricPrivateKey.Import(PrivateKeyFormat.Pkcs1, _rsaPkcs1);
        return Signatures.SignData(key, s_pkcs1, _data);
    }

    [Benchmark(Description = "RSA-2048 PKCS#1 v1.5 sign, BCL key held")]
    public byte[] Rsa2048Held() => _rsa.SignData(_data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
}
