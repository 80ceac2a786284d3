using Clavis.Core.Identity;
using Clavis.Core.Operations;
using Clavis.Kmip;

namespace Clavis.Core.Administration;

/// <summary>
/// Online master-key rotation (DESIGN.md "Key material at rest"): the seal makes a new master key and every
/// data key is wrapped again under it; object material is untouched. Administrators only.
/// </summary>
public sealed class MasterKeyAdministration
{
    private readonly KmipServices _services;
    private readonly AdministrationAudit _audit;

    /// <summary>Creates the service.</summary>
    public MasterKeyAdministration(KmipServices services)
    {
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _audit = new AdministrationAudit(services);
    }

    /// <summary>Rotates the master key; the action, allowed or refused, is audited.</summary>
    /// <remarks>
    /// The rotation's record is appended once the rewrapped data keys are durable: the seal and the data keys
    /// are not rows of one transaction with it. A crash between the two leaves a rotation without its record
    /// (the new master key identifier is still in the seal); the refusal of a non-administrator is always recorded.
    /// </remarks>
    /// <returns>The new master key's identifier.</returns>
    /// <exception cref="KmipException">Permission Denied when <paramref name="administrator"/> is not an administrator.</exception>
    /// <exception cref="Ports.StoreUnavailableException">The rotation's record could not be written.</exception>
    public Task<string> RotateAsync(ClientIdentity administrator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        return _audit.RunAsync(administrator, "RotateMasterKey", null, async () =>
        {
            if (!administrator.IsAdministrator)
            {
                KmipException.ThrowPermissionDenied($"{administrator.Name} is not an administrator");
            }

            string masterKeyId = await _services.Barrier.RotateMasterKeyAsync(cancellationToken).ConfigureAwait(false);
            await _services.Store.AppendAsync([_audit.Succeeded(administrator, "RotateMasterKey", null, $"new master key {masterKeyId}")], cancellationToken).ConfigureAwait(false);
            return masterKeyId;
        }, cancellationToken);
    }
}
