using System.Security.Cryptography;
using Clavis.Core.Barrier;
using Clavis.Core.Keys;
using Clavis.Core.Objects;
using Clavis.Crypto.Asymmetric;
using Clavis.Crypto.Formats;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Tests.Keys;

/// <summary>Key blocks in every Key Format Type read back as the same key; opened keys are reused only for the same material.</summary>
public sealed class AsymmetricKeyFormatsTests
{
    public static TheoryData<string> Keys => new() { "rsa", "ec", "ed25519" };

    private static AsymmetricKeyPair Generate(string kind) => KeyPairGenerator.Generate(kind switch
    {
        "rsa" => KeyPairSpec.Rsa(2048),
        "ec" => KeyPairSpec.EllipticCurve(EllipticCurve.P384),
        _ => KeyPairSpec.Ed25519(),
    });

    private static KeyBlock Block(KeyFormatType format, TtlvNode material) => new() { KeyFormatType = format, KeyValue = new KeyValue { KeyMaterial = material } };

    [Theory]
    [MemberData(nameof(Keys))]
    public void Every_format_that_fits_a_key_reads_back_as_the_same_key(string kind)
    {
        using AsymmetricKeyPair pair = Generate(kind);
        int privateFormats = 0, publicFormats = 0;
        foreach (KeyFormatType format in KeyFormats.PrivateKeyFormats)
        {
            TtlvNode material;
            try
            {
                material = KeyFormats.PrivateKeyMaterial(pair.PrivateKey, format);
            }
            catch (KeyFormatException ex) when (ex.Problem == KeyFormatProblem.FormatNotSupported)
            {
                continue;
            }

            using AsymmetricPrivateKey read = KeyFormats.OpenPrivateKey(Block(format, material));
            Assert.True(read.Pkcs8.SequenceEqual(pair.PrivateKey.Pkcs8), $"{kind} private key as {format}");
            privateFormats++;
        }

        foreach (KeyFormatType format in KeyFormats.PublicKeyFormats)
        {
            TtlvNode material;
            try
            {
                material = KeyFormats.PublicKeyMaterial(pair.PublicKey, format);
            }
            catch (KeyFormatException ex) when (ex.Problem == KeyFormatProblem.FormatNotSupported)
            {
                continue;
            }

            Assert.True(KeyFormats.OpenPublicKey(Block(format, material)).SameKeyAs(pair.PublicKey), $"{kind} public key as {format}");
            publicFormats++;
        }

        // RSA: PKCS#1, PKCS#8, transparent / X.509, PKCS#1, transparent. EC: PKCS#8, SEC1, transparent EC and ECDSA / X.509, both transparent.
        // Ed25519: PKCS#8, Raw, transparent EC / X.509, Raw, transparent EC.
        (int expectedPrivate, int expectedPublic) = kind switch { "rsa" => (3, 3), "ec" => (4, 3), _ => (3, 3) };
        Assert.Equal(expectedPrivate, privateFormats);
        Assert.Equal(expectedPublic, publicFormats);
    }

    [Fact]
    public void A_transparent_key_with_a_negative_number_is_malformed()
    {
        var material = TtlvNode.Structure(Tag.KeyMaterial, TtlvNode.BigInteger(Tag.Modulus, [0xFF, 1]), TtlvNode.BigInteger(Tag.PublicExponent, [1, 0, 1]));
        KeyFormatException refused = Assert.Throws<KeyFormatException>(() => KeyFormats.OpenPublicKey(Block(KeyFormatType.TransparentRSAPublicKey, material)));
        Assert.Contains("negative", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_opened_key_cache_reuses_a_key_only_for_the_same_material_and_zeroes_on_dispose()
    {
        using AsymmetricKeyPair pair = Generate("ec");
        var cache = new OpenedKeyCache(capacity: 4, copiesPerKey: 1);
        UsableKey first = Usable("key-1", pair, nonce: 1);
        AsymmetricPrivateKey opened = cache.Rent(first, Operation.Sign);
        cache.Return(first, opened);
        Assert.Same(opened, cache.Rent(first, Operation.Sign));
        cache.Return(first, opened);

        // The same object with other sealed material (a new nonce) is another key for the cache.
        UsableKey resealed = Usable("key-1", pair, nonce: 2);
        AsymmetricPrivateKey other = cache.Rent(resealed, Operation.Sign);
        Assert.NotSame(opened, other);
        cache.Return(resealed, other);
        Assert.Equal(2, cache.Count);

        cache.Dispose();
        Assert.Throws<ObjectDisposedException>(() => opened.Pkcs8.ToArray());
        Assert.Throws<ObjectDisposedException>(() => other.Pkcs8.ToArray());
        Assert.Equal(0, cache.Count);
    }

    private static UsableKey Usable(string id, AsymmetricKeyPair pair, byte nonce)
    {
        var block = Block(KeyFormatType.PKCS_8, KeyFormats.PrivateKeyMaterial(pair.PrivateKey, KeyFormatType.PKCS_8));
        var managedObject = new ManagedObject(id, ObjectType.PrivateKey, State.Active, new AttributeSet())
        {
            Material = new SealedMaterial("data-key", [nonce], RandomNumberGenerator.GetBytes(16)),
        };
        return new UsableKey(managedObject, new PrivateKey { KeyBlock = block }, block);
    }
}
