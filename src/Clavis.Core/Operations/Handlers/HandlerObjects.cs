using Clavis.Core.Access;
using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Kmip;

namespace Clavis.Core.Operations.Handlers;

/// <summary>How the life-cycle handlers read the object a request names.</summary>
internal static class HandlerObjects
{
    /// <summary>
    /// The object the request names (or the ID Placeholder), if the access policy allows the item's operation on it, with its due
    /// transitions applied and staged; refused when archived unless <paramref name="allowArchived"/>.
    /// </summary>
    /// <exception cref="KmipException">Item Not Found, Permission Denied, or Object Archived.</exception>
    public static async ValueTask<ManagedObject> LoadAsync(OperationContext context, string? requestedId, CancellationToken cancellationToken, bool allowArchived = false)
    {
        string id = context.ResolveId(requestedId);
        ManagedObject managedObject = await context.Objects.GetAsync(id, cancellationToken).ConfigureAwait(false);
        await AccessControl.RequireAsync(context, managedObject, cancellationToken).ConfigureAwait(false);

        if (ObjectLifecycle.ApplyDueTransitions(managedObject, context.Now))
        {
            context.Objects.Update(managedObject);
        }

        if (!allowArchived)
        {
            ObjectArchival.EnsureOnline(managedObject);
        }

        return managedObject;
    }

    /// <summary>
    /// <see cref="LoadAsync"/> for an operation that only reads the object (Get, Encrypt, Decrypt, Sign, MAC…): the
    /// same access check, due transitions and archive check, on the unit of work's own view of the object instead of
    /// a working copy (a deep copy of every attribute per item). The caller must not change what it gets: it clones it
    /// first. Copied here only when a due transition must be staged.
    /// </summary>
    /// <exception cref="KmipException">Item Not Found, Permission Denied, or Object Archived.</exception>
    public static async ValueTask<ManagedObject> ReadAsync(OperationContext context, string? requestedId, CancellationToken cancellationToken)
    {
        string id = context.ResolveId(requestedId);
        ManagedObject managedObject = await context.Objects.ReadAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new KmipException(ResultReason.ItemNotFound, $"no object with identifier {id}");
        await AccessControl.RequireAsync(context, managedObject, cancellationToken).ConfigureAwait(false);
        if (ObjectLifecycle.HasDueTransitions(managedObject, context.Now))
        {
            managedObject = managedObject.Clone();
            ObjectLifecycle.ApplyDueTransitions(managedObject, context.Now);
            context.Objects.Update(managedObject);
        }

        ObjectArchival.EnsureOnline(managedObject);
        return managedObject;
    }
}
