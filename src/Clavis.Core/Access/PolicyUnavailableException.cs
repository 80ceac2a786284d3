namespace Clavis.Core.Access;

/// <summary>The policy in force cannot be read (a stored document does not parse), so no request can be decided.</summary>
public sealed class PolicyUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PolicyUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PolicyUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public PolicyUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
