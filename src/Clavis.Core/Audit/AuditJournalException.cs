namespace Clavis.Core.Audit;

/// <summary>
/// Audit records could not be made durable. The actions they describe must not be answered as done
/// (STYLE.md "Fail-closed audit"); the client receives General Failure.
/// </summary>
public sealed class AuditJournalException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AuditJournalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AuditJournalException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AuditJournalException()
        : base("the audit journal could not be written")
    {
    }
}
