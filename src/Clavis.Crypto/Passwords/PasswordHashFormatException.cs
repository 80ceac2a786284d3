namespace Clavis.Crypto.Passwords;

/// <summary>A password hash string is not one this server reads; the message says what is wrong and never repeats the string.</summary>
public sealed class PasswordHashFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public PasswordHashFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PasswordHashFormatException()
        : base("not a password hash")
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public PasswordHashFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
