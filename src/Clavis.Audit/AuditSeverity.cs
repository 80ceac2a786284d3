using Clavis.Core.Audit;

namespace Clavis.Audit;

/// <summary>How much a record should worry a SIEM, from its result: a refusal of who the caller is or what it may do ranks above other failures, which rank above successes.</summary>
internal enum AuditSeverity
{
    /// <summary>Success, Pending, Undone.</summary>
    Routine,

    /// <summary>A failure for another reason (not found, wrong state, bad input).</summary>
    Failed,

    /// <summary>Refused for permission or authentication.</summary>
    Refused,
}

/// <summary>Ranks records (<see cref="AuditSeverity"/>).</summary>
internal static class AuditSeverities
{
    public static AuditSeverity Of(AuditRecord record) =>
        record.ResultStatus != "OperationFailed" ? AuditSeverity.Routine
        : record.ResultReason is "PermissionDenied" or "AuthenticationNotSuccessful" ? AuditSeverity.Refused
        : AuditSeverity.Failed;
}
