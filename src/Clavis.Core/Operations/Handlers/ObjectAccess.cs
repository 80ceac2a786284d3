using Clavis.Core.Identity;
using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Kmip;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Which objects a client may see and act on, and how handlers write an object back. For now a client
/// sees its own objects and administrators see every object; the policy engine replaces this rule, and
/// keeping it in one method keeps that change in one place.
/// </summary>
public static class ObjectAccess
{
    /// <summary>True when <paramref name="identity"/> may see <paramref name="managedObject"/>.</summary>
    public static bool CanSee(ManagedObject managedObject, ClientIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        ArgumentNullException.ThrowIfNull(identity);
        return identity.IsAdministrator || string.Equals(managedObject.Owner, identity.Name, StringComparison.Ordinal);
    }

    /// <summary>Stages an attribute change: Last Change Date moves, and a date the change brought due takes effect.</summary>
    public static void SaveChanged(ManagedObject managedObject, OperationContext context)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        ArgumentNullException.ThrowIfNull(context);
        // KMIP 2.1 §4.35: Last Change Date is updated on every change of the object's attributes.
        managedObject.Attributes.SetDateTime(Tag.LastChangeDate, context.Now);
        ObjectLifecycle.ApplyDueTransitions(managedObject, context.Now);
        context.Objects.Update(managedObject);
    }
}
