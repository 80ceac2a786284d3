using System.Security.Cryptography;
using Clavis.Crypto.Formats;
using Clavis.Crypto.Secrets;
using Org.BouncyCastle.Crypto.Parameters;

namespace Clavis.Crypto.Asymmetric;

/// <summary>Generates key pairs: RSA and ECDSA with the BCL (OpenSSL on Linux), Ed25519 with BouncyCastle.</summary>
public static class KeyPairGenerator
{
    /// <summary>Generates a pair now, on the calling thread (RSA-2048 takes a few hundred milliseconds; see <see cref="RsaKeyPool"/>).</summary>
    public static AsymmetricKeyPair Generate(KeyPairSpec spec)
    {
        switch (spec.Type)
        {
            case AsymmetricKeyType.Rsa:
                using (var rsa = RSA.Create(spec.RsaModulusBits))
                {
                    // OpenSSL generates lazily: exporting forces it; e is 65537 (RFC 8017 leaves it open; FIPS 186-5 §A.1.1 requires > 2^16).
                    var privateKey = AsymmetricPrivateKey.FromTrustedPkcs8(
                        SecretBytes.TakeOwnership(rsa.ExportPkcs8PrivateKey()), AsymmetricKeyType.Rsa, null, spec.RsaModulusBits);
                    return new AsymmetricKeyPair(privateKey, AsymmetricPublicKey.FromTrustedSpki(rsa.ExportSubjectPublicKeyInfo(), AsymmetricKeyType.Rsa, null, spec.RsaModulusBits));
                }

            case AsymmetricKeyType.EllipticCurve:
                EllipticCurve curve = spec.Curve!.Value;
                using (var ecdsa = ECDsa.Create(curve.ToECCurve()))
                {
                    var privateKey = AsymmetricPrivateKey.FromTrustedPkcs8(
                        SecretBytes.TakeOwnership(ecdsa.ExportPkcs8PrivateKey()), AsymmetricKeyType.EllipticCurve, curve, curve.SizeInBits());
                    return new AsymmetricKeyPair(privateKey, AsymmetricPublicKey.FromTrustedSpki(ecdsa.ExportSubjectPublicKeyInfo(), AsymmetricKeyType.EllipticCurve, curve, curve.SizeInBits()));
                }

            case AsymmetricKeyType.Ed25519:
                // RFC 8032 §5.1.5: the private key is 32 random bytes; the BCL's CSPRNG supplies them.
                byte[] seed = RandomNumberGenerator.GetBytes(KeyInfoAsn.Ed25519KeyLength);
                try
                {
                    var key = new Ed25519PrivateKeyParameters(seed, 0);
                    var privateKey = AsymmetricPrivateKey.FromTrustedPkcs8(
                        SecretBytes.TakeOwnership(KeyInfoAsn.WriteEd25519PrivateKey(seed)), AsymmetricKeyType.Ed25519, null, 255);
                    return new AsymmetricKeyPair(privateKey, AsymmetricPublicKey.FromTrustedSpki(
                        KeyInfoAsn.WriteEd25519PublicKey(key.GeneratePublicKey().GetEncoded()), AsymmetricKeyType.Ed25519, null, 255));
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(seed);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(spec));
        }
    }
}
