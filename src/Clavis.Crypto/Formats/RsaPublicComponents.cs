namespace Clavis.Crypto.Formats;

/// <summary>An RSA public key by its numbers (KMIP Transparent RSA Public Key), big-endian unsigned, no leading zeros.</summary>
/// <param name="Modulus">n.</param>
/// <param name="PublicExponent">e.</param>
public sealed record RsaPublicComponents(byte[] Modulus, byte[] PublicExponent);
