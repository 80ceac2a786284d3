namespace Clavis.Crypto.Asymmetric;

/// <summary>
/// The requested parameters do not apply to the key or are refused (a hash the scheme cannot use, SHA-1 for a
/// new signature, data too long for RSA encryption...). The message says which, without key material.
/// </summary>
public sealed class CryptographicParametersException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CryptographicParametersException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public CryptographicParametersException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CryptographicParametersException()
        : base("bad cryptographic parameters")
    {
    }
}
