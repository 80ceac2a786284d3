using System.Security.Cryptography;
using Clavis.Core.Keys;
using Clavis.Crypto.Asymmetric;
using Clavis.Crypto.Formats;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Crypto;

/// <summary>
/// Encrypt with an RSA public key, Decrypt with an RSA private key (KMIP 2.1 §6.1.18/§6.1.16): RSAES-OAEP with
/// SHA-1, SHA-256, SHA-384 or SHA-512 (MGF1 over the same hash, empty label) or RSAES-PKCS1-v1_5, one block per call. Streamed
/// parts are gathered and processed at the last one, within one block.
/// </summary>
internal sealed class RsaDataCipher : DataCipher
{
    private readonly AsymmetricPublicKey? _publicKey;
    private readonly AsymmetricPrivateKey? _privateKey;
    private readonly RSAEncryptionPadding _padding;
    private readonly int _blockLimit;
    private readonly ProtocolVersion _version;
    private byte[] _buffered = [];

    private RsaDataCipher(AsymmetricPublicKey? publicKey, AsymmetricPrivateKey? privateKey, RSAEncryptionPadding padding, int blockLimit, ProtocolVersion version)
    {
        _publicKey = publicKey;
        _privateKey = privateKey;
        _padding = padding;
        _blockLimit = blockLimit;
        _version = version;
    }

    /// <summary>The cipher for <paramref name="request"/>, whose key is an RSA Public Key (Encrypt) or Private Key (Decrypt).</summary>
    /// <exception cref="KmipException">Bad Cryptographic Parameters or Invalid Field, naming what is wrong.</exception>
    public static RsaDataCipher Create(EncryptionDispatch.Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Iv is not null || request.AssociatedData is not null)
        {
            throw CryptoFailure.InvalidField($"RSA {request.Operation} takes no IV/Counter/Nonce and no Authenticated Encryption Additional Data", request.Version);
        }

        RSAEncryptionPadding padding = PaddingOf(request.Parameters, request.Version);
        try
        {
            if (request.Encrypt)
            {
                AsymmetricPublicKey publicKey = KeyFormats.OpenPublicKey(request.Key.Block);
                return new RsaDataCipher(publicKey, null, padding, RsaEncryption.MaximumPlaintextLength(publicKey.SizeInBits, padding), request.Version);
            }

            AsymmetricPrivateKey privateKey = KeyFormats.OpenPrivateKey(request.Key.Block);
            return new RsaDataCipher(null, privateKey, padding, (privateKey.SizeInBits + 7) / 8, request.Version);
        }
        catch (KeyFormatException ex)
        {
            throw new KmipException(ResultReason.KeyFormatTypeNotSupported, $"object {request.Key.Object.Id} cannot be used for {request.Operation}: {ex.Message}", ex);
        }
    }

    /// <inheritdoc/>
    public override byte[] Update(ReadOnlySpan<byte> data)
    {
        Gather(data);
        return [];
    }

    /// <inheritdoc/>
    public override DataCipherOutput Final(ReadOnlySpan<byte> data, byte[]? tag)
    {
        if (tag is not null)
        {
            throw CryptoFailure.InvalidField("RSA decryption takes no Authenticated Encryption Tag", _version);
        }

        Gather(data);
        try
        {
            return new DataCipherOutput(
                _publicKey is not null ? RsaEncryption.Encrypt(_publicKey, _padding, _buffered) : RsaEncryption.Decrypt(_privateKey!, _padding, _buffered),
                null);
        }
        catch (CryptographicParametersException ex)
        {
            throw CryptoFailure.BadParameters(ex.Message, _version);
        }
        catch (CryptographicException)
        {
            // One answer for every way a ciphertext fails (RFC 8017 §7.1.2 note: distinct errors are an oracle).
            throw CryptoFailure.Failed("the data does not decrypt with this key and padding", _version);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        CryptographicOperations.ZeroMemory(_buffered);
        _privateKey?.Dispose();
    }

    // KMIP 2.1 §4.13: Padding Method OAEP with its Hashing Algorithm, or PKCS1 v1.5; the server does not choose a padding.
    private static RSAEncryptionPadding PaddingOf(CryptographicParameters parameters, ProtocolVersion version)
    {
        switch (parameters.PaddingMethod)
        {
            case PaddingMethod.PKCS1V1_5:
                return RSAEncryptionPadding.Pkcs1;
            case PaddingMethod.OAEP:
                HashingAlgorithm hash = parameters.HashingAlgorithm ?? HashingAlgorithm.SHA_1;
                if (parameters.MaskGenerator is MaskGenerator generator && generator != MaskGenerator.MFG1)
                {
                    throw CryptoFailure.BadParameters($"Mask Generator {generator} is not supported for OAEP (MGF1)", version);
                }

                if (parameters.MaskGeneratorHashingAlgorithm is HashingAlgorithm mgfHash && mgfHash != hash)
                {
                    throw CryptoFailure.BadParameters($"OAEP here uses MGF1 over its own hash; Mask Generator Hashing Algorithm {mgfHash} differs from Hashing Algorithm {hash}", version);
                }

                if (parameters.PSource is { Length: > 0 })
                {
                    throw CryptoFailure.BadParameters("an OAEP label (P Source) is not supported", version);
                }

                // RFC 8017 §7.1: with no hash named, OAEP's default is SHA-1 (§A.2.1 default parameters).
                return hash switch
                {
                    HashingAlgorithm.SHA_1 => RSAEncryptionPadding.OaepSHA1,
                    HashingAlgorithm.SHA_256 => RSAEncryptionPadding.OaepSHA256,
                    HashingAlgorithm.SHA_384 => RSAEncryptionPadding.OaepSHA384,
                    HashingAlgorithm.SHA_512 => RSAEncryptionPadding.OaepSHA512,
                    _ => throw CryptoFailure.BadParameters($"OAEP with {hash} is not offered (SHA-1, SHA-256, SHA-384, SHA-512)", version),
                };
            case null:
                throw CryptoFailure.BadParameters("RSA encryption needs a Padding Method: OAEP (with SHA-1, SHA-256, SHA-384 or SHA-512) or PKCS1 v1.5", version);
            default:
                throw CryptoFailure.BadParameters($"Padding Method {parameters.PaddingMethod} is not an RSA encryption padding (OAEP or PKCS1 v1.5)", version);
        }
    }

    private void Gather(ReadOnlySpan<byte> data)
    {
        if (_buffered.Length + data.Length > _blockLimit)
        {
            throw CryptoFailure.BadParameters(
                $"RSA {(_publicKey is not null ? "encrypts at most" : "decrypts exactly")} {_blockLimit} bytes with this key and padding; the data is {_buffered.Length + data.Length}", _version);
        }

        byte[] gathered = [.. _buffered, .. data];
        CryptographicOperations.ZeroMemory(_buffered);
        _buffered = gathered;
    }
}
