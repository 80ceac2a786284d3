using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Ttlv;

namespace Clavis.Core.Lifecycle;

/// <summary>
/// Suspension, Clavis's reversible life-cycle extension (DESIGN.md "Life cycle"): a suspended object keeps its
/// KMIP state (and its dates keep moving it) but is not usable until resumed. KMIP has no such state, so the
/// suspension is carried by two server-set vendor attributes; KMIP 1.x clients see them as "y-ClavisSuspended"
/// and "y-ClavisSuspensionReason".
/// </summary>
/// <remarks>
/// STABLE FORMAT: the vendor identification "y" and the names below are stored in every suspended object's
/// attributes; renaming them silently resumes every suspended object. ObjectSuspensionTests pins them.
/// </remarks>
public static class ObjectSuspension
{
    // KMIP 1.4 §3.1: custom attributes set by the server carry the "y-" prefix; 2.x reads them as vendor "y".
    private const string VendorIdentification = "y";

    /// <summary>When the object was suspended (Date-Time); present exactly while it is suspended.</summary>
    public static AttributeKey SuspendedKey { get; } = AttributeKey.Vendor(VendorIdentification, "ClavisSuspended");

    /// <summary>Why the object was suspended (Text String), as the administrator gave it.</summary>
    public static AttributeKey ReasonKey { get; } = AttributeKey.Vendor(VendorIdentification, "ClavisSuspensionReason");

    /// <summary>True while <paramref name="managedObject"/> is suspended.</summary>
    public static bool IsSuspended(ManagedObject managedObject)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        return managedObject.Attributes.Contains(SuspendedKey);
    }

    /// <summary>When the object was suspended, or null when it is not.</summary>
    public static DateTimeOffset? SuspendedAt(ManagedObject managedObject)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        return managedObject.Attributes.GetFirst(SuspendedKey) is { Type: TtlvType.DateTime } node ? node.DateTimeValue : null;
    }

    /// <summary>Suspends a Pre-Active or Active object: it stays in its state but is not usable until <see cref="Resume"/>.</summary>
    /// <exception cref="KmipException">Wrong Key Lifecycle State when the object is already suspended, or in a state that can never be used again.</exception>
    public static void Suspend(ManagedObject managedObject, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ObjectLifecycle.ApplyDueTransitions(managedObject, now);
        if (IsSuspended(managedObject))
        {
            KmipException.ThrowWrongState($"object {managedObject.Id} is already suspended");
        }

        if (managedObject.State is not (State.PreActive or State.Active))
        {
            // Suspension only withholds an object that could otherwise be used; Deactivated, Compromised and
            // Destroyed objects are already out of service for protection (KMIP 2.1 §4.57).
            KmipException.ThrowWrongState($"object {managedObject.Id} is {managedObject.State}; only Pre-Active or Active objects can be suspended");
        }

        managedObject.Attributes.Set(SuspendedKey, TtlvNode.DateTime(Tag.AttributeValue, now));
        managedObject.Attributes.Set(ReasonKey, TtlvNode.TextString(Tag.AttributeValue, reason));
        managedObject.Attributes.SetDateTime(Tag.LastChangeDate, now);
    }

    /// <summary>Resumes a suspended object: it is usable again if its state allows.</summary>
    /// <exception cref="KmipException">Wrong Key Lifecycle State when the object is not suspended.</exception>
    public static void Resume(ManagedObject managedObject, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        ObjectLifecycle.ApplyDueTransitions(managedObject, now);
        if (!IsSuspended(managedObject))
        {
            KmipException.ThrowWrongState($"object {managedObject.Id} is not suspended");
        }

        managedObject.Attributes.Remove(SuspendedKey);
        managedObject.Attributes.Remove(ReasonKey);
        managedObject.Attributes.SetDateTime(Tag.LastChangeDate, now);
    }
}
