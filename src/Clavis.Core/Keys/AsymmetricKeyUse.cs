using Clavis.Crypto.Asymmetric;
using Clavis.Crypto.Formats;
using Clavis.Kmip;

namespace Clavis.Core.Keys;

/// <summary>Opens the asymmetric key of a <see cref="UsableKey"/> for Sign, Signature Verify, Encrypt and Decrypt.</summary>
internal static class AsymmetricKeyUse
{
    /// <summary>The private key. The caller disposes it.</summary>
    /// <exception cref="KmipException">The stored key cannot be read (Key Format Type Not Supported).</exception>
    public static AsymmetricPrivateKey OpenPrivate(UsableKey key, Operation operation)
    {
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            return KeyFormats.OpenPrivateKey(key.Block);
        }
        catch (KeyFormatException ex)
        {
            throw new KmipException(ResultReason.KeyFormatTypeNotSupported, $"object {key.Object.Id} cannot be used for {operation}: {ex.Message}", ex);
        }
    }

    /// <summary>The public key.</summary>
    /// <exception cref="KmipException">The stored key cannot be read (Key Format Type Not Supported).</exception>
    public static AsymmetricPublicKey OpenPublic(UsableKey key, Operation operation)
    {
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            return KeyFormats.OpenPublicKey(key.Block);
        }
        catch (KeyFormatException ex)
        {
            throw new KmipException(ResultReason.KeyFormatTypeNotSupported, $"object {key.Object.Id} cannot be used for {operation}: {ex.Message}", ex);
        }
    }

    /// <summary>Bad Cryptographic Parameters for the client's version, with the catalogue's reason.</summary>
    public static KmipException BadParameters(CryptographicParametersException exception, Operation operation, ProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new KmipException(Operations.FailureMapping.ForVersion(ResultReason.BadCryptographicParameters, version), $"{operation}: {exception.Message}", exception);
    }
}
