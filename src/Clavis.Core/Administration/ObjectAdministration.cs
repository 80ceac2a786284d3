using Clavis.Core.Identity;
using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Core.Operations;
using Clavis.Core.Ports;
using Clavis.Kmip;

namespace Clavis.Core.Administration;

/// <summary>
/// Administrator actions outside KMIP: suspending and resuming an object (a reversible Clavis extension
/// that blocks every use while it lasts). Only members of the administrators group may act.
/// </summary>
public sealed class ObjectAdministration
{
    private const int ConflictRetries = 3;
    private readonly KmipServices _services;

    /// <summary>Creates the service.</summary>
    public ObjectAdministration(KmipServices services)
    {
        _services = services ?? throw new ArgumentNullException(nameof(services));
    }

    /// <summary>Suspends object <paramref name="id"/>.</summary>
    /// <exception cref="KmipException">Permission Denied (not an administrator), Item Not Found, Wrong Key Lifecycle State.</exception>
    public Task<ManagedObject> SuspendAsync(string id, string reason, ClientIdentity administrator, CancellationToken cancellationToken) =>
        ChangeAsync(id, administrator, o => ObjectSuspension.Suspend(o, reason, _services.Clock.UtcNow), cancellationToken);

    /// <summary>Resumes object <paramref name="id"/>.</summary>
    /// <exception cref="KmipException">Permission Denied (not an administrator), Item Not Found, Wrong Key Lifecycle State.</exception>
    public Task<ManagedObject> ResumeAsync(string id, ClientIdentity administrator, CancellationToken cancellationToken) =>
        ChangeAsync(id, administrator, o => ObjectSuspension.Resume(o, _services.Clock.UtcNow), cancellationToken);

    private async Task<ManagedObject> ChangeAsync(string id, ClientIdentity administrator, Action<ManagedObject> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(administrator);
        if (!administrator.IsAdministrator)
        {
            KmipException.ThrowPermissionDenied($"{administrator.Name} is not an administrator");
        }

        for (int attempt = 1; ; attempt++)
        {
            var objects = new UnitOfWork(_services.Store);
            ManagedObject managedObject = await objects.GetAsync(id, cancellationToken).ConfigureAwait(false);
            ObjectLifecycle.ApplyDueTransitions(managedObject, _services.Clock.UtcNow);
            change(managedObject);
            objects.Update(managedObject);
            try
            {
                await objects.CommitAsync(cancellationToken).ConfigureAwait(false);
                return managedObject;
            }
            catch (ConcurrencyConflictException) when (attempt < ConflictRetries)
            {
                // Changed by a request meanwhile: read it again and redo the change.
            }
        }
    }
}
