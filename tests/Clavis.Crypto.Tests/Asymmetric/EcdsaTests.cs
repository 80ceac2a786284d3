using System.Security.Cryptography;
using System.Text.Json;
using Clavis.Crypto.Asymmetric;
using Clavis.Crypto.Formats;
using Clavis.Crypto.Tests.Support;

namespace Clavis.Crypto.Tests.Asymmetric;

/// <summary>ECDSA with DER signatures (RFC 3279 §2.2.3), as KMIP carries them.</summary>
public sealed class EcdsaTests
{
    [Fact]
    public void P256_verification_agrees_with_the_known_answers()
    {
        using JsonDocument vectors = TestVectors.Wycheproof("ecdsa_secp256r1_sha256_test");
        int valid = 0, invalid = 0;
        foreach ((JsonElement group, JsonElement test) in TestVectors.Cases(vectors))
        {
            AsymmetricPublicKey key = AsymmetricPublicKey.Import(PublicKeyFormat.SubjectPublicKeyInfo, group.Hex("publicKeyDer"));
            var parameters = new SignatureParameters(SignatureScheme.Ecdsa, HashAlgorithmName.SHA256);
            bool verified = Signatures.VerifyData(key, parameters, test.Hex("msg"), test.Hex("sig"));
            if (test.Text("result") == "valid")
            {
                Assert.True(verified, $"tcId {test.GetProperty("tcId")} should verify");
                valid++;
            }
            else
            {
                Assert.False(verified, $"tcId {test.GetProperty("tcId")} ({test.Text("comment")}) should not verify");
                invalid++;
            }
        }

        Assert.True(valid > 50 && invalid > 50, $"{valid} valid, {invalid} invalid");
    }

    [Theory]
    [InlineData(EllipticCurve.P256, "SHA256")]
    [InlineData(EllipticCurve.P384, "SHA384")]
    [InlineData(EllipticCurve.P521, "SHA512")]
    public void Signatures_are_DER_and_verify_with_the_BCL(EllipticCurve curve, string hashName)
    {
        var hash = new HashAlgorithmName(hashName);
        using AsymmetricKeyPair pair = KeyPairGenerator.Generate(KeyPairSpec.EllipticCurve(curve));
        byte[] data = "KMIP Sign"u8.ToArray();
        byte[] signature = Signatures.SignData(pair.PrivateKey, new SignatureParameters(SignatureScheme.Ecdsa, hash), data);
        Assert.Equal(0x30, signature[0]);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(pair.PublicKey.SubjectPublicKeyInfo, out _);
        Assert.True(ecdsa.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence));
        byte[] fromDigest = Signatures.SignDigest(pair.PrivateKey, new SignatureParameters(SignatureScheme.Ecdsa, hash), CryptographicOperations.HashData(hash, data));
        Assert.True(ecdsa.VerifyData(data, fromDigest, hash, DSASignatureFormat.Rfc3279DerSequence));
    }
}
