namespace Clavis.Cli;

/// <summary>A command that talks to a server (admin API or KMIP) could not do its work; <see cref="ExitCode"/> says why (docs/cli.md lists the codes).</summary>
public sealed class AdminClientException : Exception
{
    /// <summary>Exit code: the server refused the request (4xx, 5xx).</summary>
    public const int Refused = 1;

    /// <summary>Exit code: the arguments, environment or local files are wrong.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code: the server could not be reached (connection or TLS failure).</summary>
    public const int Unreachable = 3;

    /// <summary>Creates the exception.</summary>
    public AdminClientException(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>Creates the exception with its cause.</summary>
    public AdminClientException(int exitCode, string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    /// <summary>Creates an exception with exit code 2.</summary>
    public AdminClientException()
        : this(UsageError, "admin command failed")
    {
    }

    /// <summary>Creates an exception with exit code 2.</summary>
    public AdminClientException(string message)
        : this(UsageError, message)
    {
    }

    /// <summary>Creates an exception with exit code 2 and its cause.</summary>
    public AdminClientException(string message, Exception innerException)
        : this(UsageError, message, innerException)
    {
    }

    /// <summary>The process exit code this failure means.</summary>
    public int ExitCode { get; }
}
