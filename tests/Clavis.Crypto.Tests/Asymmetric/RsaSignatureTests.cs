using System.Security.Cryptography;
using System.Text.Json;
using Clavis.Crypto.Asymmetric;
using Clavis.Crypto.Formats;
using Clavis.Crypto.Tests.Support;

namespace Clavis.Crypto.Tests.Asymmetric;

/// <summary>RSASSA-PKCS1-v1_5 generation and RSASSA-PSS verification against Wycheproof (tests/vectors/asymmetric/PROVENANCE.md).</summary>
public sealed class RsaSignatureTests
{
    private static HashAlgorithmName Hash(string name) => name switch
    {
        "SHA-1" => HashAlgorithmName.SHA1,
        "SHA-256" => HashAlgorithmName.SHA256,
        "SHA-384" => HashAlgorithmName.SHA384,
        "SHA-512" => HashAlgorithmName.SHA512,
        _ => default,
    };

    [Fact]
    public void Pkcs1_v1_5_signatures_equal_the_known_answers()
    {
        using JsonDocument vectors = TestVectors.Wycheproof("rsa_pkcs1_2048_sig_gen_test");
        int signed = 0, verifiedOnly = 0;
        foreach ((JsonElement group, JsonElement test) in TestVectors.Cases(vectors))
        {
            HashAlgorithmName hash = Hash(group.Text("sha"));
            if (hash == default)
            {
                continue; // SHA-224: the BCL has none.
            }

            using AsymmetricPrivateKey key = AsymmetricPrivateKey.Import(PrivateKeyFormat.Pkcs8, group.Hex("privateKeyPkcs8"));
            AsymmetricPublicKey publicKey = AsymmetricPublicKey.Import(PublicKeyFormat.SubjectPublicKeyInfo, group.Hex("keyDer"));
            var parameters = new SignatureParameters(SignatureScheme.RsaPkcs1V15, hash);
            byte[] message = test.Hex("msg");
            byte[] expected = test.Hex("sig");
            Assert.True(Signatures.VerifyData(publicKey, parameters, message, expected), $"tcId {test.GetProperty("tcId")}");
            if (hash == HashAlgorithmName.SHA1)
            {
                Assert.Throws<CryptographicParametersException>(() => Signatures.SignData(key, parameters, message));
                verifiedOnly++;
                continue;
            }

            Assert.Equal(expected, Signatures.SignData(key, parameters, message));
            byte[] digest = CryptographicOperations.HashData(hash, message);
            Assert.Equal(expected, Signatures.SignDigest(key, parameters, digest));
            signed++;
        }

        Assert.True(signed >= 20 && verifiedOnly > 0, $"{signed} signed, {verifiedOnly} verified only");
    }

    [Theory]
    [InlineData("rsa_pss_2048_sha256_mgf1_32_test")]
    [InlineData("rsa_pss_2048_sha256_mgf1_0_test")]
    public void Pss_verification_agrees_with_the_known_answers(string file)
    {
        using JsonDocument vectors = TestVectors.Wycheproof(file);
        int valid = 0, invalid = 0;
        foreach ((JsonElement group, JsonElement test) in TestVectors.Cases(vectors))
        {
            AsymmetricPublicKey key = AsymmetricPublicKey.Import(PublicKeyFormat.SubjectPublicKeyInfo, group.Hex("publicKeyDer"));
            var parameters = new SignatureParameters(SignatureScheme.RsaPss, Hash(group.Text("sha")), group.GetProperty("sLen").GetInt32());
            string result = test.Text("result");
            bool verified = Signatures.VerifyData(key, parameters, test.Hex("msg"), test.Hex("sig"));
            if (result == "valid")
            {
                Assert.True(verified, $"tcId {test.GetProperty("tcId")} should verify");
                valid++;
            }
            else if (result == "invalid")
            {
                Assert.False(verified, $"tcId {test.GetProperty("tcId")} should not verify");
                invalid++;
            }
        }

        Assert.True(valid > 0 && invalid > 0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(222)]
    public void Pss_signatures_verify_with_their_salt_length_only(int salt)
    {
        using AsymmetricKeyPair pair = KeyPairGenerator.Generate(KeyPairSpec.Rsa(2048));
        var parameters = new SignatureParameters(SignatureScheme.RsaPss, HashAlgorithmName.SHA256, salt);
        byte[] data = "KMIP Sign"u8.ToArray();
        byte[] signature = Signatures.SignData(pair.PrivateKey, parameters, data);
        Assert.True(Signatures.VerifyData(pair.PublicKey, parameters, data, signature));
        Assert.True(Signatures.VerifyDigest(pair.PublicKey, parameters, SHA256.HashData(data), signature));
        Assert.False(Signatures.VerifyData(pair.PublicKey, parameters with { PssSaltLength = salt == 0 ? 1 : salt - 1 }, data, signature));
        using RSA rsa = pair.PublicKey.OpenRsa();
        // The BCL verifies salt = hash length only: it agrees exactly when the salt is 32.
        Assert.Equal(salt == 32, rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(222)]
    public void Pss_verification_without_a_salt_length_reads_it_from_the_signature(int salt)
    {
        using AsymmetricKeyPair pair = KeyPairGenerator.Generate(KeyPairSpec.Rsa(2048));
        byte[] data = "KMIP Sign"u8.ToArray();
        byte[] signature = Signatures.SignData(pair.PrivateKey, new SignatureParameters(SignatureScheme.RsaPss, HashAlgorithmName.SHA256, salt), data);
        var anySalt = new SignatureParameters(SignatureScheme.RsaPss, HashAlgorithmName.SHA256);
        Assert.True(Signatures.VerifyData(pair.PublicKey, anySalt, data, signature));
        Assert.True(Signatures.VerifyDigest(pair.PublicKey, anySalt, SHA256.HashData(data), signature));
        Assert.False(Signatures.VerifyData(pair.PublicKey, anySalt, [.. data, 0], signature));
        Assert.False(Signatures.VerifyData(pair.PublicKey, anySalt with { Hash = HashAlgorithmName.SHA384 }, data, signature));
        byte[] tampered = signature.ToArray();
        tampered[10] ^= 1;
        Assert.False(Signatures.VerifyData(pair.PublicKey, anySalt, data, tampered));
    }

    [Fact]
    public void Pss_verification_without_a_salt_length_agrees_with_the_known_answers()
    {
        foreach (string file in new[] { "rsa_pss_2048_sha256_mgf1_32_test", "rsa_pss_2048_sha256_mgf1_0_test" })
        {
            using JsonDocument vectors = TestVectors.Wycheproof(file);
            foreach ((JsonElement group, JsonElement test) in TestVectors.Cases(vectors))
            {
                if (test.Text("result") != "valid")
                {
                    continue; // Cases invalid only for their salt length are valid when any salt is accepted.
                }

                AsymmetricPublicKey key = AsymmetricPublicKey.Import(PublicKeyFormat.SubjectPublicKeyInfo, group.Hex("publicKeyDer"));
                Assert.True(Signatures.VerifyData(key, new SignatureParameters(SignatureScheme.RsaPss, HashAlgorithmName.SHA256), test.Hex("msg"), test.Hex("sig")),
                    $"{file} tcId {test.GetProperty("tcId")}");
            }
        }
    }

    [Fact]
    public void Pss_salt_longer_than_the_key_allows_is_refused()
    {
        using AsymmetricKeyPair pair = KeyPairGenerator.Generate(KeyPairSpec.Rsa(2048));
        var parameters = new SignatureParameters(SignatureScheme.RsaPss, HashAlgorithmName.SHA256, 223);
        CryptographicParametersException refused = Assert.Throws<CryptographicParametersException>(() => Signatures.SignData(pair.PrivateKey, parameters, [1]));
        Assert.Contains("0 to 222", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_digest_of_the_wrong_length_is_refused()
    {
        using AsymmetricKeyPair pair = KeyPairGenerator.Generate(KeyPairSpec.Rsa(2048));
        var parameters = new SignatureParameters(SignatureScheme.RsaPkcs1V15, HashAlgorithmName.SHA384);
        Assert.Throws<CryptographicParametersException>(() => Signatures.SignDigest(pair.PrivateKey, parameters, new byte[32]));
    }

    [Fact]
    public void An_rsa_scheme_with_an_ec_key_is_refused()
    {
        using AsymmetricKeyPair pair = KeyPairGenerator.Generate(KeyPairSpec.EllipticCurve(EllipticCurve.P256));
        Assert.Throws<CryptographicParametersException>(() =>
            Signatures.SignData(pair.PrivateKey, new SignatureParameters(SignatureScheme.RsaPkcs1V15, HashAlgorithmName.SHA256), [1]));
    }
}
