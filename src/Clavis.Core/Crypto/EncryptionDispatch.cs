using Clavis.Core.Keys;
using Clavis.Core.Operations;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Crypto;

/// <summary>
/// The one place Encrypt and Decrypt choose a cipher for a key: by object type and algorithm. AES symmetric
/// keys are served here; an asymmetric branch (RSA: PublicKey for Encrypt, PrivateKey for Decrypt) is added
/// by putting the object types in <see cref="EncryptKeyTypes"/>/<see cref="DecryptKeyTypes"/> and a case in
/// <see cref="Create"/>.
/// </summary>
internal static class EncryptionDispatch
{
    /// <summary>The object types Encrypt can use (KeyUse refuses others with Illegal Object Type).</summary>
    public static readonly IReadOnlyCollection<ObjectType> EncryptKeyTypes = [ObjectType.SymmetricKey, ObjectType.PublicKey];

    /// <summary>The object types Decrypt can use.</summary>
    public static readonly IReadOnlyCollection<ObjectType> DecryptKeyTypes = [ObjectType.SymmetricKey, ObjectType.PrivateKey];

    /// <summary>What a cipher is made from.</summary>
    /// <param name="Key">The key, opened by <see cref="KeyUse"/>.</param>
    /// <param name="Parameters">The request's Cryptographic Parameters, else the key's.</param>
    /// <param name="Iv">IV/Counter/Nonce from the request.</param>
    /// <param name="AssociatedData">Authenticated Encryption Additional Data from the request.</param>
    /// <param name="Encrypt">Encrypt or decrypt.</param>
    /// <param name="MaxBuffered">The most data a stream that is processed whole may hold.</param>
    /// <param name="Operation">The operation, for messages.</param>
    /// <param name="Version">The client's protocol version, for result reasons.</param>
    public sealed record Request(UsableKey Key, CryptographicParameters Parameters, byte[]? Iv, byte[]? AssociatedData, bool Encrypt, int MaxBuffered, Operation Operation, ProtocolVersion Version)
    {
        /// <summary>True when the cipher ends within this message (one call, not a stream), so it may use the key's prepared schedules.</summary>
        public bool EndsWithinMessage { get; init; }
    }

    /// <summary>The cipher for one Encrypt or Decrypt (one call or a stream).</summary>
    /// <exception cref="KmipException">Bad Cryptographic Parameters, Invalid Field or Invalid Message naming what is wrong.</exception>
    public static DataCipher Create(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        UsableKey key = request.Key;
        switch (key.Object.ObjectType, key.Algorithm)
        {
            case (ObjectType.SymmetricKey, CryptographicAlgorithm.AES):
                SymmetricCipherSpec spec = SymmetricCipherSpec.From(request.Parameters, key.MaterialBytes.Length, request.Operation, request.Version);
                KeySchedules? schedules = request.EndsWithinMessage ? key.Schedules : null;
                return request.Encrypt
                    ? SymmetricDataCipher.CreateEncryptor(spec, key.MaterialBytes, request.Iv, request.AssociatedData, request.MaxBuffered, request.Version, schedules)
                    : SymmetricDataCipher.CreateDecryptor(spec, key.MaterialBytes, request.Iv, request.AssociatedData, request.MaxBuffered, request.Version, schedules);
            case (ObjectType.SymmetricKey, var algorithm):
                // NIST SP 800-131A rev. 2: DES and 3DES are not used; other block ciphers are not offered.
                throw CryptoFailure.BadParameters(
                    $"{request.Operation} with a {algorithm?.ToString() ?? "key of unknown algorithm"} key is not served; only AES keys encrypt here", request.Version);
            case (ObjectType.PublicKey, CryptographicAlgorithm.RSA) when request.Encrypt:
            case (ObjectType.PrivateKey, CryptographicAlgorithm.RSA) when !request.Encrypt:
                // KMIP 2.1 §6.1.18/§6.1.16: RSA encrypts with the public key and decrypts with the private key.
                return RsaDataCipher.Create(request);
            case (ObjectType.PublicKey or ObjectType.PrivateKey, var algorithm) when algorithm != CryptographicAlgorithm.RSA:
                throw CryptoFailure.BadParameters(
                    $"{request.Operation} with a {algorithm?.ToString() ?? "key of unknown algorithm"} {key.Object.ObjectType} is not served; only RSA keys encrypt asymmetrically here", request.Version);
            default:
                throw new KmipException(
                    FailureMapping.ForVersion(ResultReason.IllegalObjectType, request.Version),
                    $"{request.Operation} cannot use a {key.Object.ObjectType} (object {key.Object.Id})");
        }
    }
}
