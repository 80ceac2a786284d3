using Clavis.Core.Identity;
using Clavis.Core.Objects;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Which objects a client may see and act on. For now: its own objects, and every object for administrators.
/// The policy engine replaces this rule; keeping it in one method keeps that change in one place.
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
}
