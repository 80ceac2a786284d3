using Clavis.Core.Identity;
using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Core.Operations;
using Clavis.Core.Ports;
using Clavis.Kmip;

namespace Clavis.Core.Administration;

/// <summary>
/// Administrator actions outside KMIP: suspending and resuming an object (a reversible Clavis extension
/// that blocks every use while it lasts), and adding and removing its grants (<see cref="ClavisAttributes.Grant"/>).
/// Only members of the administrators group may act.
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

    /// <summary>
    /// Adds grant <paramref name="grant"/> (<c>user:NAME ACTIONS</c> or <c>group:NAME ACTIONS</c>) to object
    /// <paramref name="id"/>; an administrator who does not own the object may not grant themselves. Audited.
    /// </summary>
    /// <exception cref="KmipException">Permission Denied, Item Not Found, Invalid Attribute Value (the grant does not read).</exception>
    public Task<ManagedObject> AddGrantAsync(string id, string grant, ClientIdentity administrator, CancellationToken cancellationToken) =>
        ChangeAsync(id, "AddGrant", administrator, o =>
        {
            ArgumentNullException.ThrowIfNull(grant);
            Policy.Requests.ObjectGrant parsed = Access.ObjectGrants.Parse(grant);
            if (o.Owner != administrator.Name && Access.AccessControl.GrantsToSelf(parsed, administrator))
            {
                // Separation of duties: an administrator uses a key only on someone else's grant.
                KmipException.ThrowPermissionDenied($"an administrator may not grant themselves, or a group they belong to, rights on object {id}, which they do not own");
            }

            var value = Kmip.Ttlv.TtlvNode.TextString(Kmip.Tag.AttributeValue, grant);
            if (o.Attributes.Get(ClavisAttributes.Grant).Contains(value))
            {
                // Granting what is granted changes nothing (and is still recorded).
                return;
            }

            if (o.Attributes.Get(ClavisAttributes.Grant).Count >= Access.ObjectGrants.MaxGrants)
            {
                KmipException.ThrowInvalidField($"object {id} already carries {Access.ObjectGrants.MaxGrants} grants; use a group");
            }

            o.Attributes.Add(ClavisAttributes.Grant, value);
            o.Attributes.SetDateTime(Kmip.Tag.LastChangeDate, _services.Clock.UtcNow);
        }, cancellationToken, grant);

    /// <summary>Removes grant <paramref name="grant"/> (its exact text) from object <paramref name="id"/>. Audited.</summary>
    /// <exception cref="KmipException">Permission Denied, Item Not Found (no such object or grant).</exception>
    public Task<ManagedObject> RemoveGrantAsync(string id, string grant, ClientIdentity administrator, CancellationToken cancellationToken) =>
        ChangeAsync(id, "RemoveGrant", administrator, o =>
        {
            ArgumentNullException.ThrowIfNull(grant);
            if (!o.Attributes.RemoveValue(ClavisAttributes.Grant, Kmip.Ttlv.TtlvNode.TextString(Kmip.Tag.AttributeValue, grant)))
            {
                throw new KmipException(ResultReason.ItemNotFound, $"object {id} has no grant \"{grant}\"");
            }

            o.Attributes.SetDateTime(Kmip.Tag.LastChangeDate, _services.Clock.UtcNow);
        }, cancellationToken, grant);

    /// <summary>The grants object <paramref name="id"/> carries, as written.</summary>
    /// <exception cref="KmipException">Permission Denied, Item Not Found.</exception>
    public async Task<IReadOnlyList<string>> ListGrantsAsync(string id, ClientIdentity administrator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        if (!administrator.IsAdministrator)
        {
            KmipException.ThrowPermissionDenied($"{administrator.Name} is not an administrator");
        }

        ManagedObject managedObject = await _services.Store.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new KmipException(ResultReason.ItemNotFound, $"no object with identifier {id}");
        return [.. managedObject.Attributes.Get(ClavisAttributes.Grant).Where(v => v.Type == Kmip.Ttlv.TtlvType.TextString).Select(v => v.TextStringValue)];
    }

    private Task<ManagedObject> ChangeAsync(string id, string action, ClientIdentity administrator, Action<ManagedObject> change, CancellationToken cancellationToken, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(administrator);
        return _audit.RunAsync(administrator, action, id, () => ApplyAsync(id, action, administrator, change, note, cancellationToken), cancellationToken);
    }

    private async Task<ManagedObject> ApplyAsync(string id, string action, ClientIdentity administrator, Action<ManagedObject> change, string? note, CancellationToken cancellationToken)
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
                await objects.CommitAsync(_audit.Succeeded(administrator, action, managedObject, note), cancellationToken).ConfigureAwait(false);
                return managedObject;
            }
            catch (ConcurrencyConflictException) when (attempt < ConflictRetries)
            {
                // Changed by a request meanwhile: read it again and redo the change.
            }
        }
    }
}
