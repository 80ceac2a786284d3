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
}
