namespace Clavis.Audit;

/// <summary>An archive could not be made: nothing to archive, the range does not verify, or the file cannot be written.</summary>
public sealed class AuditArchiveException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AuditArchiveException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public AuditArchiveException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a range that does not verify.</summary>
    public AuditArchiveException(string message, AuditVerification verification)
        : base(message)
    {
        Verification = verification;
    }

    /// <summary>Creates the exception.</summary>
    public AuditArchiveException()
        : base("the audit journal could not be archived")
    {
    }

    /// <summary>The verification of the range, when it is why nothing was archived.</summary>
    public AuditVerification? Verification { get; }
}
