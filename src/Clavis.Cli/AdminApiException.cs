namespace Clavis.Cli;

/// <summary>A call to a node's admin API failed: not reachable, TLS refused, or an error answer. The message is for a person.</summary>
public sealed class AdminApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AdminApiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public AdminApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AdminApiException()
        : base("the admin API call failed")
    {
    }
}
