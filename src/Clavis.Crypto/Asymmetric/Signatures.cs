using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Clavis.Crypto.Asymmetric;

/// <summary>
/// Sign and verify, on the data or on a digest the caller computed (KMIP's Digested Data). RSA and ECDSA go
/// through the BCL; BouncyCastle serves Ed25519 and RSA-PSS with a salt length other than the hash length,
/// which the BCL cannot express.
/// </summary>
public static class Signatures
{
    /// <summary>Signs <paramref name="data"/>.</summary>
    /// <exception cref="CryptographicParametersException">The parameters do not fit the key or are refused.</exception>
    public static byte[] SignData(AsymmetricPrivateKey key, SignatureParameters parameters, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(key);
        Check(key.Type, key.SizeInBits, parameters, signing: true);
        switch (parameters.Scheme)
        {
            case SignatureScheme.Ed25519:
                var signer = new Ed25519Signer();
                signer.Init(forSigning: true, key.OpenEd25519());
                signer.BlockUpdate(data);
                return signer.GenerateSignature();
            case SignatureScheme.Ecdsa:
                return key.HeldEcdsa.SignData(data, parameters.Hash, DSASignatureFormat.Rfc3279DerSequence);

            default:
                if (NeedsBouncyCastlePss(parameters))
                {
                    return SignPss(key, parameters, data, isDigest: false);
                }

                return key.HeldRsa.SignData(data, parameters.Hash, Padding(parameters));
        }
    }

    /// <summary>Signs a digest the caller computed with <see cref="SignatureParameters.Hash"/>.</summary>
    /// <exception cref="CryptographicParametersException">
    /// The digest's length is not the hash's, the scheme is Ed25519 (which signs messages only), or the parameters do not fit the key.
    /// </exception>
    public static byte[] SignDigest(AsymmetricPrivateKey key, SignatureParameters parameters, ReadOnlySpan<byte> digest)
    {
        ArgumentNullException.ThrowIfNull(key);
        Check(key.Type, key.SizeInBits, parameters, signing: true);
        CheckDigest(parameters, digest);
        if (parameters.Scheme == SignatureScheme.Ecdsa)
        {
            return key.HeldEcdsa.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
        }

        if (NeedsBouncyCastlePss(parameters))
        {
            return SignPss(key, parameters, digest, isDigest: true);
        }

        return key.HeldRsa.SignHash(digest, parameters.Hash, Padding(parameters));
    }

    /// <summary>Whether <paramref name="signature"/> is a valid signature of <paramref name="data"/>. A malformed signature is simply invalid.</summary>
    /// <exception cref="CryptographicParametersException">The parameters do not fit the key.</exception>
    public static bool VerifyData(AsymmetricPublicKey key, SignatureParameters parameters, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        Check(key.Type, key.SizeInBits, parameters, signing: false);
        switch (parameters.Scheme)
        {
            case SignatureScheme.Ed25519:
                var verifier = new Ed25519Signer();
                verifier.Init(forSigning: false, key.OpenEd25519());
                verifier.BlockUpdate(data);
                return verifier.VerifySignature(signature.ToArray());
            case SignatureScheme.Ecdsa:
                if (!EcdsaSignatureEncoding.TryDerToFixed(signature, key.Curve!.Value.FieldBytes(), out byte[]? fixedData))
                {
                    return false;
                }

                using (ECDsa ecdsa = key.OpenEcdsa())
                {
                    return ecdsa.VerifyData(data, fixedData, parameters.Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                }

            default:
                if (parameters.Scheme == SignatureScheme.RsaPss && parameters.PssSaltLength is null)
                {
                    return PssAnySaltVerifier.Verify(key, parameters.Hash, CryptographicOperations.HashData(parameters.Hash, data), signature);
                }

                if (NeedsBouncyCastlePss(parameters))
                {
                    return VerifyPss(key, parameters, data, signature, isDigest: false);
                }

                using (RSA rsa = key.OpenRsa())
                {
                    return rsa.VerifyData(data, signature, parameters.Hash, Padding(parameters));
                }
        }
    }

    /// <summary>Whether <paramref name="signature"/> is a valid signature of a digest computed with <see cref="SignatureParameters.Hash"/>.</summary>
    /// <exception cref="CryptographicParametersException">The digest's length is not the hash's, or the parameters do not fit the key.</exception>
    public static bool VerifyDigest(AsymmetricPublicKey key, SignatureParameters parameters, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        Check(key.Type, key.SizeInBits, parameters, signing: false);
        CheckDigest(parameters, digest);
        if (parameters.Scheme == SignatureScheme.Ecdsa)
        {
            if (!EcdsaSignatureEncoding.TryDerToFixed(signature, key.Curve!.Value.FieldBytes(), out byte[]? fixedDigest))
            {
                return false;
            }

            using ECDsa ecdsa = key.OpenEcdsa();
            return ecdsa.VerifyHash(digest, fixedDigest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        if (parameters.Scheme == SignatureScheme.RsaPss && parameters.PssSaltLength is null)
        {
            return PssAnySaltVerifier.Verify(key, parameters.Hash, digest, signature);
        }

        if (NeedsBouncyCastlePss(parameters))
        {
            return VerifyPss(key, parameters, digest, signature, isDigest: true);
        }

        using RSA rsa = key.OpenRsa();
        return rsa.VerifyHash(digest, signature, parameters.Hash, Padding(parameters));
    }

    /// <summary>The length in bytes of a digest by <paramref name="hash"/>.</summary>
    /// <exception cref="CryptographicParametersException">The hash is not one the catalogue uses.</exception>
    public static int DigestLength(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA1 ? 20
        : hash == HashAlgorithmName.SHA256 ? 32
        : hash == HashAlgorithmName.SHA384 ? 48
        : hash == HashAlgorithmName.SHA512 ? 64
        : throw new CryptographicParametersException($"hash {hash.Name ?? "(none)"} is not supported for signatures (SHA-256, SHA-384, SHA-512; SHA-1 to verify only)");

    private static void Check(AsymmetricKeyType keyType, int keyBits, SignatureParameters parameters, bool signing)
    {
        AsymmetricKeyType needed = parameters.Scheme switch
        {
            SignatureScheme.RsaPkcs1V15 or SignatureScheme.RsaPss => AsymmetricKeyType.Rsa,
            SignatureScheme.Ecdsa => AsymmetricKeyType.EllipticCurve,
            _ => AsymmetricKeyType.Ed25519,
        };
        if (needed != keyType)
        {
            throw new CryptographicParametersException($"{parameters.Scheme} signatures need a{(needed == AsymmetricKeyType.Rsa ? "n" : "")} {needed} key, and the key is {keyType}");
        }

        if (parameters.Scheme == SignatureScheme.Ed25519)
        {
            return;
        }

        int digestLength = DigestLength(parameters.Hash);
        if (signing && parameters.Hash == HashAlgorithmName.SHA1)
        {
            // NIST SP 800-131A Rev. 2 §9: SHA-1 is disallowed for generating digital signatures; verifying legacy ones is allowed.
            throw new CryptographicParametersException("SHA-1 may be used to verify signatures only, not to make new ones (NIST SP 800-131A)");
        }

        if (parameters.Scheme == SignatureScheme.RsaPss && parameters.PssSaltLength is int salt)
        {
            // RFC 8017 §9.1.1 step 3: emLen >= hLen + sLen + 2, with emLen = ceil((modBits - 1) / 8).
            int maximum = ((keyBits - 1 + 7) / 8) - digestLength - 2;
            if (salt < 0 || salt > maximum)
            {
                throw new CryptographicParametersException($"a PSS salt of {salt} bytes does not fit an RSA-{keyBits} key with {parameters.Hash.Name} (0 to {maximum})");
            }
        }
    }

    private static void CheckDigest(SignatureParameters parameters, ReadOnlySpan<byte> digest)
    {
        if (parameters.Scheme == SignatureScheme.Ed25519)
        {
            // RFC 8032 §5.1: pure Ed25519 hashes the message itself; a digest cannot be signed (Ed25519ph is another scheme).
            throw new CryptographicParametersException("Ed25519 signs the data itself, not a digest");
        }

        int expected = DigestLength(parameters.Hash);
        if (digest.Length != expected)
        {
            throw new CryptographicParametersException($"a {parameters.Hash.Name} digest is {expected} bytes, not {digest.Length}");
        }
    }

    private static RSASignaturePadding Padding(SignatureParameters parameters) =>
        parameters.Scheme == SignatureScheme.RsaPss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;

    // The BCL's PSS always uses a salt as long as the hash (RFC 8017 §9.1 note 4's recommendation).
    private static bool NeedsBouncyCastlePss(SignatureParameters parameters) =>
        parameters.Scheme == SignatureScheme.RsaPss && parameters.PssSaltLength is int salt && salt != DigestLength(parameters.Hash);

    private static byte[] SignPss(AsymmetricPrivateKey key, SignatureParameters parameters, ReadOnlySpan<byte> input, bool isDigest)
    {
        RsaPrivateCrtKeyParameters privateKey;
        {
            RSAParameters p = key.HeldRsa.ExportParameters(includePrivateParameters: true);
            try
            {
                privateKey = new RsaPrivateCrtKeyParameters(
                    Big(p.Modulus!), Big(p.Exponent!), Big(p.D!), Big(p.P!), Big(p.Q!), Big(p.DP!), Big(p.DQ!), Big(p.InverseQ!));
            }
            finally
            {
                Formats.RsaNumbers.Clear(p);
            }
        }

        ISigner signer = NewPssSigner(parameters, isDigest);
        // RsaBlindedEngine blinds the private operation against timing attacks; the random source is the OS CSPRNG.
        signer.Init(forSigning: true, new ParametersWithRandom(privateKey, new SecureRandom()));
        signer.BlockUpdate(input);
        return signer.GenerateSignature();
    }

    private static bool VerifyPss(AsymmetricPublicKey key, SignatureParameters parameters, ReadOnlySpan<byte> input, ReadOnlySpan<byte> signature, bool isDigest)
    {
        RsaKeyParameters publicKey;
        using (RSA rsa = key.OpenRsa())
        {
            RSAParameters p = rsa.ExportParameters(includePrivateParameters: false);
            publicKey = new RsaKeyParameters(false, Big(p.Modulus!), Big(p.Exponent!));
        }

        ISigner verifier = NewPssSigner(parameters, isDigest);
        verifier.Init(forSigning: false, publicKey);
        verifier.BlockUpdate(input);
        try
        {
            return verifier.VerifySignature(signature.ToArray());
        }
        catch (CryptoException)
        {
            // A signature that is not an integer below the modulus is not a signature (RFC 8017 §8.1.2 step 1, §5.2.2).
            return false;
        }
    }

    private static ISigner NewPssSigner(SignatureParameters parameters, bool isDigest)
    {
        string name = parameters.Hash.Name!.Replace("SHA", "SHA-", StringComparison.Ordinal);
        int salt = parameters.PssSaltLength!.Value;
        var engine = new RsaBlindedEngine();
        return isDigest
            ? PssSigner.CreateRawSigner(engine, DigestUtilities.GetDigest(name), DigestUtilities.GetDigest(name), salt, PssSigner.TrailerImplicit)
            : new PssSigner(engine, DigestUtilities.GetDigest(name), salt);
    }

    private static Org.BouncyCastle.Math.BigInteger Big(byte[] unsigned) => new(1, unsigned);
}
