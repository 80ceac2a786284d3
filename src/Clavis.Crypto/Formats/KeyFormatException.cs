namespace Clavis.Crypto.Formats;

/// <summary>
/// Key bytes that do not parse as the format they claim, or a conversion the key cannot undergo. The message
/// says why, without key material: callers send it to clients.
/// </summary>
public sealed class KeyFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KeyFormatException(KeyFormatProblem problem, string message)
        : base(message)
    {
        Problem = problem;
    }

    /// <summary>Creates the exception with the parser's own failure (kept for logs, never sent).</summary>
    public KeyFormatException(KeyFormatProblem problem, string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = problem;
    }

    /// <summary>Creates a <see cref="KeyFormatProblem.Malformed"/> exception.</summary>
    public KeyFormatException()
        : this(KeyFormatProblem.Malformed, "malformed key")
    {
    }

    /// <summary>Creates a <see cref="KeyFormatProblem.Malformed"/> exception.</summary>
    public KeyFormatException(string message)
        : this(KeyFormatProblem.Malformed, message)
    {
    }

    /// <summary>Creates a <see cref="KeyFormatProblem.Malformed"/> exception with a cause.</summary>
    public KeyFormatException(string message, Exception innerException)
        : this(KeyFormatProblem.Malformed, message, innerException)
    {
    }

    /// <summary>What kind of failure this is.</summary>
    public KeyFormatProblem Problem { get; }
}

/// <summary>Why a key could not be read or converted.</summary>
public enum KeyFormatProblem
{
    /// <summary>The bytes do not parse as the claimed format, or describe a key of another kind.</summary>
    Malformed,

    /// <summary>The key is well formed but cannot be given in the requested format (e.g. an RSA key as SEC1).</summary>
    FormatNotSupported,

    /// <summary>The key's algorithm or parameters are outside the catalogue (e.g. a curve it does not support).</summary>
    AlgorithmNotSupported,
}
