using System.Security.Cryptography;
using Clavis.Crypto.Asymmetric;
using Clavis.Crypto.Formats;

namespace Clavis.Crypto.Tests.Asymmetric;

/// <summary>Generated pairs are what they claim, and the pool hands out distinct pairs and zeroes its stock.</summary>
public sealed class KeyPairGenerationTests
{
    [Theory]
    [InlineData(AsymmetricKeyType.EllipticCurve, EllipticCurve.P256, 256)]
    [InlineData(AsymmetricKeyType.EllipticCurve, EllipticCurve.P384, 384)]
    [InlineData(AsymmetricKeyType.EllipticCurve, EllipticCurve.P521, 521)]
    [InlineData(AsymmetricKeyType.Ed25519, null, 255)]
    [InlineData(AsymmetricKeyType.Rsa, null, 2048)]
    [InlineData(AsymmetricKeyType.Rsa, null, 3072)]
    public void Generated_pairs_match_and_reimport(AsymmetricKeyType type, EllipticCurve? curve, int bits)
    {
        KeyPairSpec spec = type switch
        {
            AsymmetricKeyType.Rsa => KeyPairSpec.Rsa(bits),
            AsymmetricKeyType.EllipticCurve => KeyPairSpec.EllipticCurve(curve!.Value),
            _ => KeyPairSpec.Ed25519(),
        };
        using AsymmetricKeyPair pair = KeyPairGenerator.Generate(spec);
        Assert.Equal(bits, pair.PrivateKey.SizeInBits);
        Assert.Equal(curve, pair.PublicKey.Curve);
        Assert.True(pair.PrivateKey.PublicKey().SameKeyAs(pair.PublicKey));
        using AsymmetricPrivateKey reimported = AsymmetricPrivateKey.Import(PrivateKeyFormat.Pkcs8, pair.PrivateKey.Pkcs8);
        Assert.True(reimported.PublicKey().SameKeyAs(pair.PublicKey));
    }

    [Fact]
    public void Rsa_sizes_outside_the_catalogue_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyPairSpec.Rsa(1024));
    }

    [Fact]
    public void The_pool_fills_a_size_after_its_first_request_and_hands_out_distinct_pairs()
    {
        using var pool = new RsaKeyPool(new RsaKeyPoolOptions { CapacityPerSize = 2 });
        Assert.Equal(0, pool.Available(2048));
        using AsymmetricKeyPair first = pool.Take(2048);
        SpinWait.SpinUntil(() => pool.Available(2048) == 2, TimeSpan.FromSeconds(30));
        Assert.Equal(2, pool.Available(2048));
        using AsymmetricKeyPair second = pool.Take(2048);
        Assert.False(first.PublicKey.SameKeyAs(second.PublicKey));
        Assert.Equal(0, pool.Available(3072));
    }

    [Fact]
    public void Disposing_the_pool_zeroes_its_stock_and_refuses_more()
    {
        var pool = new RsaKeyPool(new RsaKeyPoolOptions { CapacityPerSize = 1, PrefillSizes = [2048] });
        SpinWait.SpinUntil(() => pool.Available(2048) == 1, TimeSpan.FromSeconds(30));
        pool.Dispose();
        Assert.Equal(0, pool.Available(2048));
        Assert.Throws<ObjectDisposedException>(() => pool.Take(2048));
    }

    [Fact]
    public void A_disposed_private_key_has_no_bytes_left()
    {
        AsymmetricKeyPair pair = KeyPairGenerator.Generate(KeyPairSpec.EllipticCurve(EllipticCurve.P256));
        pair.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pair.PrivateKey.Pkcs8.ToArray());
    }
}
