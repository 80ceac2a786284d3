using Clavis.Core.Operations;
using Clavis.Kmip;

namespace Clavis.Core.Crypto;

/// <summary>The KMIP failures of the cryptographic operations, each mapped to the client's protocol version.</summary>
internal static class CryptoFailure
{
    /// <summary>
    /// Bad Cryptographic Parameters (KMIP 2.0+; Invalid Field for 1.x clients): the parameters name an
    /// algorithm, mode or length the key or the server cannot serve.
    /// </summary>
    public static KmipException BadParameters(string message, ProtocolVersion version) =>
        new(FailureMapping.ForVersion(ResultReason.BadCryptographicParameters, version), message);

    /// <summary>Invalid Field: a request field is missing, malformed or inconsistent.</summary>
    public static KmipException InvalidField(string message, ProtocolVersion version) =>
        new(FailureMapping.ForVersion(ResultReason.InvalidField, version), message);

    /// <summary>Cryptographic Failure: the data does not decrypt or authenticate under this key.</summary>
    public static KmipException Failed(string message, ProtocolVersion version) =>
        new(FailureMapping.ForVersion(ResultReason.CryptographicFailure, version), message);
}
