using System.Security.Cryptography;
using Clavis.Crypto.Derivation;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Keys;

/// <summary>
/// The derivation methods of Derive Key (KMIP 2.1 §6.1.20 and its Derivation Parameters table) over a base
/// object's value: PBKDF2, HASH, HMAC, ENCRYPT, NIST SP 800-108 counter mode and HKDF.
/// </summary>
internal static class KeyDerivation
{
    /// <summary>The most PBKDF2 iterations one request may ask for, so one request cannot hold a core for minutes.</summary>
    public const int MaximumIterations = 10_000_000;

    /// <summary>Fills <paramref name="destination"/> with bytes derived from <paramref name="baseKey"/>.</summary>
    /// <param name="method">The Derivation Method.</param>
    /// <param name="parameters">The request's Derivation Parameters.</param>
    /// <param name="baseKey">The base object, opened.</param>
    /// <param name="destination">Receives Cryptographic Length / 8 bytes.</param>
    /// <param name="version">The client's version, for the reasons.</param>
    /// <exception cref="KmipException">Invalid Field (a required parameter is missing, or the length is more than the
    /// method gives), Bad Cryptographic Parameters, or Feature Not Supported (a method not offered).</exception>
    public static void Derive(DerivationMethod method, DerivationParameters parameters, UsableKey baseKey, Span<byte> destination, ProtocolVersion version)
    {
        ReadOnlySpan<byte> secret = baseKey.MaterialBytes;
        if (secret.IsEmpty)
        {
            throw KmipCryptoChoices.BadParameters(version, $"base object {baseKey.Object.Id} is held as {baseKey.Block.KeyFormatType}, which holds no byte-string value to derive from");
        }

        CryptographicParameters? crypto = parameters.CryptographicParameters;
        byte[]? data = parameters.DerivationData;
        switch (method)
        {
            case DerivationMethod.PBKDF2:
                {
                    // KMIP 2.1 §6.1.20 (PBKDF2 table): Salt and Iteration Count are required; the PRF is HMAC with
                    // the Hashing Algorithm, SHA-1 by default; the password is the base object's value.
                    byte[] salt = parameters.Salt ?? throw Invalid("PBKDF2 needs a Salt in the Derivation Parameters");
                    int iterations = parameters.IterationCount ?? throw Invalid("PBKDF2 needs an Iteration Count in the Derivation Parameters");
                    if (iterations < 1 || iterations > MaximumIterations)
                    {
                        throw Invalid($"the Iteration Count must be from 1 to {MaximumIterations}, not {iterations}");
                    }

                    RefuseDerivationData(data, "PBKDF2 takes its password from the base object");
                    HashAlgorithmName prf = KmipCryptoChoices.Hash(crypto?.HashingAlgorithm ?? HashingAlgorithm.SHA_1, "PBKDF2", version);
                    Pbkdf2.DeriveBytes(secret, salt, iterations, prf, destination);
                    return;
                }

            case DerivationMethod.HASH:
                {
                    // The derived bytes are the leftmost bytes of the hash of the base object's value (OASIS
                    // TC-DERIVEKEY-1: SHA-256 of the key, cut to 128 bits).
                    RefuseDerivationData(data, "HASH derives from the base object's value alone");
                    HashAlgorithmName hash = RequiredHash(crypto, baseKey, "HASH", version);
                    byte[] digest = CryptographicOperations.HashData(hash, secret);
                    try
                    {
                        CheckLength(destination, digest.Length, "HASH", version);
                        digest.AsSpan(0, destination.Length).CopyTo(destination);
                    }
                    finally
                    {
                        CryptographicOperations.ZeroMemory(digest);
                    }

                    return;
                }

            case DerivationMethod.HMAC:
                {
                    // HMAC keyed with the base object over the Derivation Data (OASIS TC-DERIVEKEY-2).
                    byte[] message = data ?? throw Invalid("HMAC derivation needs Derivation Data");
                    HashAlgorithmName hash = RequiredHash(crypto, baseKey, "HMAC derivation", version);
                    CheckLength(destination, HmacKdf.OutputLength(hash), "HMAC", version);
                    HmacKdf.DeriveBytes(secret, hash, message, destination);
                    return;
                }

            case DerivationMethod.NIST800_108_C:
                {
                    // SP 800-108 counter mode with an HMAC PRF; the Derivation Data is the fixed input data.
                    byte[] fixedInput = data ?? throw Invalid("NIST SP 800-108 counter mode needs Derivation Data (the fixed input data)");
                    HashAlgorithmName hash = RequiredHash(crypto, baseKey, "NIST SP 800-108 counter mode", version);
                    CounterModeKdf.DeriveBytes(secret, hash, fixedInput, destination);
                    return;
                }

            case DerivationMethod.HKDF:
                {
                    // RFC 5869: the base object is the input keying material, Salt the salt, Derivation Data the info.
                    HashAlgorithmName hash = RequiredHash(crypto, baseKey, "HKDF", version);
                    CheckLength(destination, 255 * HmacKdf.OutputLength(hash), "HKDF", version);
                    Hkdf.DeriveBytes(hash, secret, parameters.Salt ?? [], data ?? [], destination);
                    return;
                }

            case DerivationMethod.ENCRYPT:
                DeriveByEncryption(parameters, baseKey, secret, destination, version);
                return;
            default:
                throw new KmipException(ResultReason.FeatureNotSupported,
                    $"Derivation Method {method} is not offered; use PBKDF2, HASH, HMAC, ENCRYPT, NIST800-108-C or HKDF");
        }
    }

    private static void DeriveByEncryption(DerivationParameters parameters, UsableKey baseKey, ReadOnlySpan<byte> secret, Span<byte> destination, ProtocolVersion version)
    {
        // The Derivation Data encrypted under the base key, as its Cryptographic Parameters say.
        byte[] data = parameters.DerivationData ?? throw Invalid("ENCRYPT derivation needs Derivation Data to encrypt");
        CryptographicParameters? crypto = parameters.CryptographicParameters;
        if (baseKey.Algorithm != CryptographicAlgorithm.AES || crypto?.CryptographicAlgorithm is { } algorithm && algorithm != CryptographicAlgorithm.AES)
        {
            throw KmipCryptoChoices.BadParameters(version, $"ENCRYPT derivation uses AES; base object {baseKey.Object.Id} is {baseKey.Algorithm?.ToString() ?? "of no algorithm"}");
        }

        CipherMode mode = crypto?.BlockCipherMode switch
        {
            BlockCipherMode.ECB => CipherMode.ECB,
            BlockCipherMode.CBC => CipherMode.CBC,
            null => throw KmipCryptoChoices.BadParameters(version, "ENCRYPT derivation needs a Block Cipher Mode (ECB or CBC) in the Cryptographic Parameters"),
            BlockCipherMode other => throw KmipCryptoChoices.BadParameters(version, $"ENCRYPT derivation uses ECB or CBC, not {other}"),
        };
        if (crypto?.PaddingMethod is PaddingMethod padding && padding != PaddingMethod.None)
        {
            throw KmipCryptoChoices.BadParameters(version, $"ENCRYPT derivation encrypts whole blocks without padding, not with {padding}");
        }

        byte[] iv = parameters.InitializationVector ?? [];
        if (mode == CipherMode.CBC && iv.Length != 16)
        {
            throw KmipCryptoChoices.BadParameters(version, $"ENCRYPT derivation in CBC mode needs a 16-byte Initialization Vector, not {iv.Length} bytes");
        }

        if (data.Length % 16 != 0 || data.Length < destination.Length)
        {
            throw Invalid($"ENCRYPT derivation needs Derivation Data of whole 16-byte blocks, at least as long as the key asked ({destination.Length} bytes); it is {data.Length} bytes");
        }

        EncryptionKdf.DeriveBytes(secret, mode, iv, data, destination);
    }

    // The hash the PRF uses: the Cryptographic Parameters' Hashing Algorithm, else an HMAC algorithm they or the
    // base key name (KMIP 2.1 §6.1.20: for HMAC the derivation key's attributes may say enough).
    private static HashAlgorithmName RequiredHash(CryptographicParameters? crypto, UsableKey baseKey, string purpose, ProtocolVersion version)
    {
        if (crypto?.HashingAlgorithm is HashingAlgorithm hashing)
        {
            return KmipCryptoChoices.Hash(hashing, purpose, version);
        }

        return KmipCryptoChoices.HmacHash(crypto?.CryptographicAlgorithm) ?? KmipCryptoChoices.HmacHash(baseKey.Algorithm)
            ?? throw KmipCryptoChoices.BadParameters(version, $"{purpose} needs a Hashing Algorithm in the Cryptographic Parameters");
    }

    private static void CheckLength(Span<byte> destination, int available, string method, ProtocolVersion version)
    {
        if (destination.Length > available)
        {
            // KMIP 2.1 §6.1.20: a length beyond what the method gives is an error.
            throw new KmipException(
                Operations.FailureMapping.ForVersion(ResultReason.InvalidField, version),
                $"{method} gives at most {available * 8} bits; the Cryptographic Length asks for {destination.Length * 8}");
        }
    }

    private static void RefuseDerivationData(byte[]? data, string why)
    {
        if (data is not null)
        {
            throw Invalid($"{why}; the request's Derivation Data has no role and is refused rather than ignored");
        }
    }

    private static KmipException Invalid(string message) => new(ResultReason.InvalidField, message);
}
