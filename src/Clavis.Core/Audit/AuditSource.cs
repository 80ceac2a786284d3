namespace Clavis.Core.Audit;

/// <summary>Who acted, for an <see cref="AuditRecord"/>.</summary>
/// <remarks>STABLE FORMAT: the values are written into hashed records; never renumber.</remarks>
public enum AuditSource
{
    /// <summary>A KMIP client's request (batch item).</summary>
    KmipRequest = 1,

    /// <summary>An administrator through the admin API.</summary>
    Administrator = 2,

    /// <summary>The server on its own: the life-cycle scheduler, checkpoints, key creation.</summary>
    Server = 3,
}
