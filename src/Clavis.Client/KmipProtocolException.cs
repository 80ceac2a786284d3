namespace Clavis.Client;

/// <summary>
/// The server's answer broke the protocol as the client expects it: an undecodable message, a batch that
/// does not match the request, a payload of the wrong operation, or no KMIP version in common.
/// </summary>
public sealed class KmipProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong with the answer.</param>
    public KmipProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What was wrong with the answer.</param>
    /// <param name="innerException">The decoding failure.</param>
    public KmipProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
