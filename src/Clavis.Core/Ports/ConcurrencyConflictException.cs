namespace Clavis.Core.Ports;

/// <summary>An object changed between read and commit, or an inserted identifier already exists.</summary>
public sealed class ConcurrencyConflictException : Exception
{
    /// <summary>Creates the exception for object <paramref name="objectId"/>.</summary>
    public ConcurrencyConflictException(string objectId, string message)
        : base(message)
    {
        ObjectId = objectId;
    }

    /// <summary>Creates the exception with no details.</summary>
    public ConcurrencyConflictException()
    {
        ObjectId = "";
    }

    /// <summary>Creates the exception with a message.</summary>
    public ConcurrencyConflictException(string message)
        : base(message)
    {
        ObjectId = "";
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ConcurrencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
        ObjectId = "";
    }

    /// <summary>The object in conflict.</summary>
    public string ObjectId { get; }
}
