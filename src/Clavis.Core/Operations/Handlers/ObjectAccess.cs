using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Kmip;

namespace Clavis.Core.Operations.Handlers;

/// <summary>Reading and writing back one object the way every handler here does.</summary>
internal static class ObjectAccess
{
    /// <summary>
    /// The object a request names (or the ID Placeholder names), with the transitions whose dates have come
    /// applied — and staged, so the stored state catches up.
    /// </summary>
    public static async ValueTask<ManagedObject> LoadAsync(string? requestedId, OperationContext context, CancellationToken cancellationToken)
    {
        string id = context.ResolveId(requestedId);
        ManagedObject managedObject = await context.Objects.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (ObjectLifecycle.ApplyDueTransitions(managedObject, context.Now))
        {
            context.Objects.Update(managedObject);
        }

        return managedObject;
    }

    /// <summary>Stages an attribute change: Last Change Date moves, and a date the change brought due takes effect.</summary>
    public static void SaveChanged(ManagedObject managedObject, OperationContext context)
    {
        // KMIP 2.1 §4.35: Last Change Date is updated on every change of the object's attributes.
        managedObject.Attributes.SetDateTime(Tag.LastChangeDate, context.Now);
        ObjectLifecycle.ApplyDueTransitions(managedObject, context.Now);
        context.Objects.Update(managedObject);
    }
}
