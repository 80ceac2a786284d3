namespace Clavis.Core.Ports;

/// <summary>The seal could not wrap or unwrap: it is unreachable, locked, or the input was tampered with.</summary>
public sealed class SealException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SealException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public SealException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SealException(string message)
        : base(message)
    {
    }
}
