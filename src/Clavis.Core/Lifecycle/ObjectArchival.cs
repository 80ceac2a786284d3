using Clavis.Core.Objects;
using Clavis.Kmip;

namespace Clavis.Core.Lifecycle;

/// <summary>
/// Archival storage. Clavis keeps archived objects in the same store; an object is archived exactly while it
/// has an Archive Date, which Archive sets and Recover removes (KMIP 1.4 §3.32, 2.1 §4.5). Archived objects are
/// not found by Locate unless the Storage Status Mask asks for archival storage, and operations that need the
/// object on line answer Object Archived until it is recovered.
/// </summary>
public static class ObjectArchival
{
    /// <summary>True when <paramref name="managedObject"/> is in archival storage.</summary>
    public static bool IsArchived(ManagedObject managedObject)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        return managedObject.Attributes.Contains(Tag.ArchiveDate);
    }

    /// <summary>Moves the object to archival storage, setting the Archive Date; an archived object keeps its first Archive Date.</summary>
    /// <returns>True when the object changed.</returns>
    public static bool Archive(ManagedObject managedObject, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        if (IsArchived(managedObject))
        {
            return false;
        }

        // KMIP 1.4 §3.32: the Archive Date is set by the server as part of the Archive operation.
        managedObject.Attributes.SetDateTime(Tag.ArchiveDate, now);
        managedObject.Attributes.SetDateTime(Tag.LastChangeDate, now);
        return true;
    }

    /// <summary>Brings the object back on line, removing the Archive Date; an on-line object is left as it is.</summary>
    /// <returns>True when the object changed.</returns>
    public static bool Recover(ManagedObject managedObject, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        if (!IsArchived(managedObject))
        {
            return false;
        }

        // KMIP 1.4 §3.32: the server deletes the Archive Date when the object is recovered.
        managedObject.Attributes.Remove(Tag.ArchiveDate);
        managedObject.Attributes.SetDateTime(Tag.LastChangeDate, now);
        return true;
    }

    /// <summary>Refuses an archived object, for operations that need it on line (Get, Activate, Check …).</summary>
    /// <exception cref="KmipException">Object Archived.</exception>
    public static void EnsureOnline(ManagedObject managedObject)
    {
        if (IsArchived(managedObject))
        {
            // KMIP 1.4 §4.9/§11, 2.1 §11: an archived object must be recovered before it is used; the reason is Object Archived.
            throw new KmipException(ResultReason.ObjectArchived, $"object {managedObject.Id} is archived; recover it first");
        }
    }
}
