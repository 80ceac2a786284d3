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
    private readonly AdministrationAudit _audit;

    /// <summary>Creates the service.</summary>
    public ObjectAdministration(KmipServices services)
    {
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _audit = new AdministrationAudit(services);
    }

    /// <summary>Suspends object <paramref name="id"/>; the action, allowed or refused, is audited.</summary>
    /// <exception cref="KmipException">Permission Denied (not an administrator), Item Not Found, Wrong Key Lifecycle State.</exception>
    public Task<ManagedObject> SuspendAsync(string id, string reason, ClientIdentity administrator, CancellationToken cancellationToken) =>
        ChangeAsync(id, "Suspend", administrator, o => ObjectSuspension.Suspend(o, reason, _services.Clock.UtcNow), cancellationToken);

    /// <summary>Resumes object <paramref name="id"/>; the action, allowed or refused, is audited.</summary>
    /// <exception cref="KmipException">Permission Denied (not an administrator), Item Not Found, Wrong Key Lifecycle State.</exception>
    public Task<ManagedObject> ResumeAsync(string id, ClientIdentity administrator, CancellationToken cancellationToken) =>
        ChangeAsync(id, "Resume", administrator, o => ObjectSuspension.Resume(o, _services.Clock.UtcNow), cancellationToken);

    private Task<ManagedObject> ChangeAsync(string id, string action, ClientIdentity administrator, Action<ManagedObject> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(administrator);
        return _audit.RunAsync(administrator, action, id, () => ApplyAsync(id, action, administrator, change, cancellationToken), cancellationToken);
    }

    private async Task<ManagedObject> ApplyAsync(string id, string action, ClientIdentity administrator, Action<ManagedObject> change, CancellationToken cancellationToken)
    {
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
                // The change and its record commit together.
                await objects.CommitAsync(_audit.Succeeded(administrator, action, managedObject), cancellationToken).ConfigureAwait(false);
                return managedObject;
            }
            catch (ConcurrencyConflictException) when (attempt < ConflictRetries)
            {
                // Changed by a request meanwhile: read it again and redo the change.
            }
        }
    }
}
