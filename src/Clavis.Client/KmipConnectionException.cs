namespace Clavis.Client;

/// <summary>
/// The client could not reach the server or lost the session: TCP connect, TLS handshake (including a
/// certificate the other side refused) or the session closing before the answer. Whether the request
/// reached the server is unknown unless <see cref="RequestSent"/> is false.
/// </summary>
public sealed class KmipConnectionException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="endpoint">The server.</param>
    /// <param name="requestSent">Whether any byte of the request may have reached the server.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The socket, TLS or I/O failure.</param>
    public KmipConnectionException(KmipServerEndpoint endpoint, bool requestSent, string message, Exception? innerException)
        : base($"{endpoint}: {message}", innerException)
    {
        Endpoint = endpoint;
        RequestSent = requestSent;
    }

    /// <summary>The server the client tried to reach.</summary>
    public KmipServerEndpoint Endpoint { get; }

    /// <summary>False when the request provably never left the client (it is safe to send again).</summary>
    public bool RequestSent { get; }
}
