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

    /// <summary>Creates the service.</summary>
    public MasterKeyAdministration(KmipServices services)
    {
        _services = services ?? throw new ArgumentNullException(nameof(services));
    }

    /// <summary>Rotates the master key.</summary>
    /// <returns>The new master key's identifier.</returns>
    /// <exception cref="KmipException">Permission Denied when <paramref name="administrator"/> is not an administrator.</exception>
    public Task<string> RotateAsync(ClientIdentity administrator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        if (!administrator.IsAdministrator)
        {
            KmipException.ThrowPermissionDenied($"{administrator.Name} is not an administrator");
        }

        return _services.Barrier.RotateMasterKeyAsync(cancellationToken);
    }
}
