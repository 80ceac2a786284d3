using Clavis.Core.Audit;
using Clavis.Core.Identity;
using Clavis.Core.Objects;
using Clavis.Core.Operations;
using Clavis.Kmip;

namespace Clavis.Core.Administration;

/// <summary>
/// Audit records of administrator actions: a successful change commits its record in the change's transaction
/// (<see cref="Succeeded"/>); a refusal or failure is appended on its own before the error goes back
/// (<see cref="RunAsync{T}"/>).
/// </summary>
internal sealed class AdministrationAudit
{
    private readonly KmipServices _services;

    public AdministrationAudit(KmipServices services)
    {
        _services = services;
    }

    /// <summary>The record of <paramref name="action"/> done to <paramref name="changed"/> (or to no object).</summary>
    public AuditRecord Succeeded(ClientIdentity administrator, string action, ManagedObject? changed, string? message = null) =>
        Build(administrator, action, changed?.Id, AuditedObject.From(changed), ResultStatus.Success, null, message);

    /// <summary>
    /// Runs <paramref name="body"/>; when it refuses or fails with a KMIP reason, appends the refusal's record
    /// and rethrows. A refusal whose record cannot be written fails with the store's exception instead.
    /// </summary>
    public async Task<T> RunAsync<T>(ClientIdentity administrator, string action, string? objectId, Func<Task<T>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (KmipException refusal)
        {
            AuditRecord record = Build(administrator, action, objectId, AuditedObject.None, ResultStatus.OperationFailed, refusal.Reason, refusal.Message);
            await _services.Store.AppendAsync([record], cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    private AuditRecord Build(ClientIdentity administrator, string action, string? objectId, AuditedObject audited, ResultStatus status, ResultReason? reason, string? message) => new()
    {
        Time = _services.Clock.UtcNow,
        NodeId = _services.Options.NodeId,
        Source = AuditSource.Administrator,
        Operation = action,
        Principal = administrator.Name,
        CertificateFingerprint = administrator.CertificateFingerprint,
        ObjectIds = objectId is null ? [] : [objectId],
        ObjectCount = objectId is null ? 0 : 1,
        ObjectType = audited.ObjectType,
        CryptographicAlgorithm = audited.CryptographicAlgorithm,
        CryptographicLength = audited.CryptographicLength,
        CryptographicUsageMask = audited.CryptographicUsageMask,
        State = audited.State,
        ResultStatus = status.ToString(),
        ResultReason = reason?.ToString(),
        Message = message,
    };
}
