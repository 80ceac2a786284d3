using System.Security.Cryptography;
using Clavis.Crypto.Asymmetric;
using Clavis.Kmip;
using Clavis.Kmip.Ttlv;

namespace Clavis.Core.Keys;

/// <summary>
/// KMIP's Cryptographic Parameters (KMIP 2.1 §4.13) for Sign and Signature Verify, read into the catalogue's
/// <see cref="SignatureParameters"/>. The request's parameters win; without them the key's Cryptographic
/// Parameters attribute applies (KMIP 2.1 §6.1.51: "if omitted, the ... Cryptographic Parameters attribute
/// associated with the key"); without either, the key's algorithm decides: PKCS#1 v1.5 with SHA-256 for RSA,
/// ECDSA with the curve's hash, Ed25519.
/// </summary>
internal static class SignatureParameterMapping
{
    /// <summary>The parameters, checked against the key.</summary>
    /// <param name="requested">The request's Cryptographic Parameters, or null.</param>
    /// <param name="attribute">The key's Cryptographic Parameters attribute, or null.</param>
    /// <param name="keyType">The key's type.</param>
    /// <param name="curve">The key's curve when EC.</param>
    /// <exception cref="KmipException">Bad Cryptographic Parameters, naming the parameter.</exception>
    public static SignatureParameters Resolve(Kmip.Messages.CryptographicParameters? requested, TtlvNode? attribute, AsymmetricKeyType keyType, EllipticCurve? curve)
    {
        Read read = requested is not null ? FromWire(requested) : attribute is { Type: TtlvType.Structure } ? FromAttribute(attribute) : default;
        if (read.Algorithm is CryptographicAlgorithm algorithm && !KeyFormats.Names(algorithm, keyType))
        {
            throw Bad($"Cryptographic Algorithm {algorithm} does not fit the key, which is {KeyFormats.AlgorithmOf(keyType)}");
        }

        if (read.MaskGenerator is MaskGenerator generator && generator != MaskGenerator.MFG1)
        {
            throw Bad($"Mask Generator {generator} is not supported (MGF1)");
        }

        SignatureParameters parameters = keyType switch
        {
            AsymmetricKeyType.Ed25519 => ForEd25519(read),
            AsymmetricKeyType.EllipticCurve => ForEcdsa(read, curve!.Value),
            _ => ForRsa(read),
        };
        if (read.MaskGeneratorHash is HashingAlgorithm mgfHash && parameters.Scheme == SignatureScheme.RsaPss && Hash(mgfHash) != parameters.Hash)
        {
            // The BCL and BouncyCastle paths both use MGF1 over the signature's hash (RFC 8017 §B.2.1 lets them differ; Clavis does not).
            throw Bad($"Mask Generator Hashing Algorithm {mgfHash} must equal the Hashing Algorithm");
        }

        return parameters;
    }

    private static SignatureParameters ForRsa(Read read)
    {
        SignatureScheme scheme;
        HashingAlgorithm? hash = read.Hash;
        switch (read.DigitalSignatureAlgorithm)
        {
            case null:
                scheme = read.Padding switch
                {
                    null or PaddingMethod.PKCS1V1_5 => SignatureScheme.RsaPkcs1V15,
                    PaddingMethod.PSS => SignatureScheme.RsaPss,
                    PaddingMethod other => throw Bad($"Padding Method {other} is not a signature padding (PKCS1 v1.5 or PSS)"),
                };
                break;
            case DigitalSignatureAlgorithm.RSASSA_PSS:
                scheme = SignatureScheme.RsaPss;
                break;
            case DigitalSignatureAlgorithm dsa:
                HashingAlgorithm named = dsa switch
                {
                    DigitalSignatureAlgorithm.SHA_1WithRSAEncryption => HashingAlgorithm.SHA_1,
                    DigitalSignatureAlgorithm.SHA_256WithRSAEncryption => HashingAlgorithm.SHA_256,
                    DigitalSignatureAlgorithm.SHA_384WithRSAEncryption => HashingAlgorithm.SHA_384,
                    DigitalSignatureAlgorithm.SHA_512WithRSAEncryption => HashingAlgorithm.SHA_512,
                    _ => throw Bad($"Digital Signature Algorithm {dsa} is not supported for an RSA key (SHA-256/384/512 with RSA, RSASSA-PSS; SHA-1 verify only)"),
                };
                if (hash is HashingAlgorithm given && given != named)
                {
                    throw Bad($"Hashing Algorithm {given} contradicts Digital Signature Algorithm {dsa}");
                }

                if (read.Padding is PaddingMethod padding && padding != PaddingMethod.PKCS1V1_5)
                {
                    throw Bad($"Padding Method {padding} contradicts Digital Signature Algorithm {dsa}");
                }

                scheme = SignatureScheme.RsaPkcs1V15;
                hash = named;
                break;
        }

        return new SignatureParameters(scheme, Hash(hash ?? HashingAlgorithm.SHA_256), scheme == SignatureScheme.RsaPss ? read.SaltLength : null);
    }

    private static SignatureParameters ForEcdsa(Read read, EllipticCurve curve)
    {
        if (read.Padding is PaddingMethod padding && padding != PaddingMethod.None)
        {
            throw Bad($"Padding Method {padding} does not apply to ECDSA");
        }

        HashingAlgorithm? hash = read.Hash;
        if (read.DigitalSignatureAlgorithm is DigitalSignatureAlgorithm dsa)
        {
            HashingAlgorithm named = dsa switch
            {
                DigitalSignatureAlgorithm.ECDSAWithSHA_1 => HashingAlgorithm.SHA_1,
                DigitalSignatureAlgorithm.ECDSAWithSHA256 => HashingAlgorithm.SHA_256,
                DigitalSignatureAlgorithm.ECDSAWithSHA384 => HashingAlgorithm.SHA_384,
                DigitalSignatureAlgorithm.ECDSAWithSHA512 => HashingAlgorithm.SHA_512,
                _ => throw Bad($"Digital Signature Algorithm {dsa} is not supported for an EC key (ECDSA with SHA-256/384/512)"),
            };
            if (hash is HashingAlgorithm given && given != named)
            {
                throw Bad($"Hashing Algorithm {given} contradicts Digital Signature Algorithm {dsa}");
            }

            hash = named;
        }

        // FIPS 186-5 §6.4 / SP 800-57: the hash should give the curve's security strength.
        hash ??= curve switch
        {
            EllipticCurve.P384 => HashingAlgorithm.SHA_384,
            EllipticCurve.P521 => HashingAlgorithm.SHA_512,
            _ => HashingAlgorithm.SHA_256,
        };
        return new SignatureParameters(SignatureScheme.Ecdsa, Hash(hash.Value));
    }

    private static SignatureParameters ForEd25519(Read read)
    {
        if (read.DigitalSignatureAlgorithm is DigitalSignatureAlgorithm dsa)
        {
            throw Bad($"Digital Signature Algorithm {dsa} does not apply to an Ed25519 key (its algorithm is Ed25519 itself)");
        }

        if (read.Hash is HashingAlgorithm hash && hash != HashingAlgorithm.SHA_512)
        {
            // RFC 8032 §5.1: Ed25519 hashes with SHA-512 internally; no other hash can be chosen.
            throw Bad($"Hashing Algorithm {hash} does not apply to Ed25519, which uses SHA-512 internally");
        }

        return SignatureParameters.Ed25519;
    }

    private static HashAlgorithmName Hash(HashingAlgorithm hash) => hash switch
    {
        HashingAlgorithm.SHA_1 => HashAlgorithmName.SHA1,
        HashingAlgorithm.SHA_256 => HashAlgorithmName.SHA256,
        HashingAlgorithm.SHA_384 => HashAlgorithmName.SHA384,
        HashingAlgorithm.SHA_512 => HashAlgorithmName.SHA512,
        _ => throw Bad($"Hashing Algorithm {hash} is not supported for signatures (SHA-256, SHA-384, SHA-512; SHA-1 to verify only)"),
    };

    private static KmipException Bad(string message) => new(ResultReason.BadCryptographicParameters, message);

    private static Read FromWire(Kmip.Messages.CryptographicParameters p) =>
        new(p.DigitalSignatureAlgorithm, p.PaddingMethod, p.HashingAlgorithm, p.CryptographicAlgorithm, p.SaltLength, p.MaskGenerator, p.MaskGeneratorHashingAlgorithm);

    private static Read FromAttribute(TtlvNode p) => new(
        (DigitalSignatureAlgorithm?)Enumeration(p, Tag.DigitalSignatureAlgorithm),
        (PaddingMethod?)Enumeration(p, Tag.PaddingMethod),
        (HashingAlgorithm?)Enumeration(p, Tag.HashingAlgorithm),
        (CryptographicAlgorithm?)Enumeration(p, Tag.CryptographicAlgorithm),
        p.Find(Tag.SaltLength) is { Type: TtlvType.Integer } salt ? salt.IntegerValue : null,
        (MaskGenerator?)Enumeration(p, Tag.MaskGenerator),
        (HashingAlgorithm?)Enumeration(p, Tag.MaskGeneratorHashingAlgorithm));

    private static uint? Enumeration(TtlvNode structure, Tag tag) => structure.Find(tag) is { Type: TtlvType.Enumeration } item ? item.EnumerationValue : null;

    private readonly record struct Read(
        DigitalSignatureAlgorithm? DigitalSignatureAlgorithm,
        PaddingMethod? Padding,
        HashingAlgorithm? Hash,
        CryptographicAlgorithm? Algorithm,
        int? SaltLength,
        MaskGenerator? MaskGenerator,
        HashingAlgorithm? MaskGeneratorHash);
}
