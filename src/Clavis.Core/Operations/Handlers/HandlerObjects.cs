using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Kmip;

namespace Clavis.Core.Operations.Handlers;

/// <summary>How the life-cycle handlers read the object a request names.</summary>
internal static class HandlerObjects
{
    /// <summary>
    /// The object the request names (or the ID Placeholder), if the client may see it, with its due
    /// transitions applied and staged; refused when archived unless <paramref name="allowArchived"/>.
    /// </summary>
    /// <exception cref="KmipException">Item Not Found, Permission Denied, or Object Archived.</exception>
    public static async ValueTask<ManagedObject> LoadAsync(OperationContext context, string? requestedId, CancellationToken cancellationToken, bool allowArchived = false)
    {
        string id = context.ResolveId(requestedId);
        ManagedObject managedObject = await context.Objects.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (!ObjectAccess.CanSee(managedObject, context.Identity))
        {
            KmipException.ThrowPermissionDenied($"{context.Identity.Name} may not use object {id}");
        }

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
}
