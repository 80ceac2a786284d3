using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Ttlv;

namespace Clavis.Core.Lifecycle;

/// <summary>
/// The KMIP state machine (KMIP 1.4 §3.22, 2.1 §4.57 "State" and its transition table): which request
/// or date moves an object from one state to another, and the date attributes each transition sets.
/// Every handler goes through here, so a transition is decided in one place.
/// </summary>
public static class ObjectLifecycle
{
    /// <summary>The state a new object starts in: Active when its Activation Date has already come, else Pre-Active.</summary>
    public static State InitialState(AttributeSet attributes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        // KMIP 2.1 §4.57 transition 2: generated or registered with an Activation Date in the past → Active.
        return attributes.GetDateTime(Tag.ActivationDate) is DateTimeOffset activation && activation <= now ? State.Active : State.PreActive;
    }

    /// <summary>
    /// Whether <see cref="ApplyDueTransitions"/> would change <paramref name="managedObject"/> at <paramref name="now"/>,
    /// without changing it: a use that only reads the object copies it only then.
    /// </summary>
    public static bool HasDueTransitions(ManagedObject managedObject, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        AttributeSet attributes = managedObject.Attributes;
        return (managedObject.State == State.PreActive && attributes.GetDateTime(Tag.ActivationDate) is DateTimeOffset activation && activation <= now)
            || (managedObject.State is State.PreActive or State.Active
                && attributes.GetDateTime(Tag.DeactivationDate) is DateTimeOffset deactivation && deactivation <= now);
    }

    /// <summary>
    /// Applies the transitions whose dates have come: Pre-Active → Active at the Activation Date,
    /// Pre-Active or Active → Deactivated at the Deactivation Date. Called on every read and by the scheduler,
    /// so the state is right whether or not a request arrives at the moment the date passes.
    /// </summary>
    /// <returns>True when the state changed.</returns>
    public static bool ApplyDueTransitions(ManagedObject managedObject, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        State before = managedObject.State;
        AttributeSet attributes = managedObject.Attributes;
        if (managedObject.State == State.PreActive && attributes.GetDateTime(Tag.ActivationDate) is DateTimeOffset activation && activation <= now)
        {
            // KMIP 2.1 §4.57 transition 5: Activation Date reached.
            managedObject.State = State.Active;
        }

        if (managedObject.State is State.PreActive or State.Active
            && attributes.GetDateTime(Tag.DeactivationDate) is DateTimeOffset deactivation && deactivation <= now)
        {
            // KMIP 2.1 §4.57 transitions 6 and 13: Deactivation Date reached.
            managedObject.State = State.Deactivated;
        }

        if (managedObject.State == before)
        {
            return false;
        }

        attributes.SetDateTime(Tag.LastChangeDate, now);
        return true;
    }

    /// <summary>Activate: Pre-Active → Active, setting the Activation Date to now.</summary>
    /// <exception cref="KmipException">Wrong Key Lifecycle State when the object is not Pre-Active.</exception>
    public static void Activate(ManagedObject managedObject, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        ApplyDueTransitions(managedObject, now);
        if (managedObject.State != State.PreActive)
        {
            // KMIP 2.1 §6.1.1: "If the object is not in the Pre-Active state, the server SHALL return Wrong Key Lifecycle State".
            KmipException.ThrowWrongState($"object {managedObject.Id} is {managedObject.State}; only a Pre-Active object can be activated");
        }

        managedObject.State = State.Active;
        managedObject.Attributes.SetDateTime(Tag.ActivationDate, now);
        managedObject.Attributes.SetDateTime(Tag.LastChangeDate, now);
    }

    /// <summary>
    /// Revoke: with reason Key Compromise or CA Compromise, → Compromised (or Destroyed Compromised from
    /// Destroyed), setting Compromise Date and Compromise Occurrence Date; with any other reason,
    /// Active → Deactivated, setting the Deactivation Date.
    /// </summary>
    /// <exception cref="KmipException">Wrong Key Lifecycle State when the transition does not exist.</exception>
    public static void Revoke(ManagedObject managedObject, RevocationReasonCode reason, string? message, DateTimeOffset? compromiseOccurrence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        ApplyDueTransitions(managedObject, now);
        AttributeSet attributes = managedObject.Attributes;
        if (reason is RevocationReasonCode.KeyCompromise or RevocationReasonCode.CACompromise)
        {
            managedObject.State = managedObject.State switch
            {
                // KMIP 2.1 §4.57 transitions 4, 7, 9, 11.
                State.PreActive or State.Active or State.Deactivated or State.Compromised => State.Compromised,
                State.Destroyed or State.DestroyedCompromised => State.DestroyedCompromised,
                _ => managedObject.State,
            };
            attributes.SetDateTime(Tag.CompromiseDate, now);
            // KMIP 1.4 §4.20, 2.1 §6.1.47: without a Compromise Occurrence Date in the request it SHOULD be the Initial Date.
            attributes.SetDateTime(Tag.CompromiseOccurrenceDate, compromiseOccurrence ?? attributes.GetDateTime(Tag.InitialDate) ?? now);
        }
        else
        {
            if (managedObject.State != State.Active)
            {
                // KMIP 2.1 §6.1.46: a non-compromise revocation deactivates an Active object; there is no other transition.
                KmipException.ThrowWrongState($"object {managedObject.Id} is {managedObject.State}; only an Active object can be revoked for {reason}");
            }

            managedObject.State = State.Deactivated;
            attributes.SetDateTime(Tag.DeactivationDate, now);
        }

        var revocation = TtlvNode.Structure(Tag.RevocationReason, TtlvNode.Enumeration(Tag.RevocationReasonCode, (uint)reason));
        if (message is not null)
        {
            revocation.Children.Add(TtlvNode.TextString(Tag.RevocationMessage, message));
        }

        attributes.Set(Tag.RevocationReason, revocation);
        attributes.SetDateTime(Tag.LastChangeDate, now);
    }

    /// <summary>
    /// Destroy: Pre-Active, Deactivated → Destroyed; Compromised → Destroyed Compromised. The caller erases the
    /// material; the metadata stays until purged.
    /// </summary>
    /// <exception cref="KmipException">Wrong Key Lifecycle State for an Active or already destroyed object.</exception>
    public static void Destroy(ManagedObject managedObject, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        ApplyDueTransitions(managedObject, now);
        managedObject.State = managedObject.State switch
        {
            // KMIP 2.1 §4.57 transitions 3, 8, 10.
            State.PreActive or State.Deactivated => State.Destroyed,
            State.Compromised => State.DestroyedCompromised,
            // KMIP 2.1 §6.1.17: an Active object must be revoked or deactivated before it is destroyed.
            State.Active => throw new KmipException(ResultReason.WrongKeyLifecycleState, $"object {managedObject.Id} is Active; revoke it before destroying it"),
            _ => throw new KmipException(ResultReason.WrongKeyLifecycleState, $"object {managedObject.Id} is already {managedObject.State}"),
        };
        managedObject.Material = null;
        managedObject.Attributes.SetDateTime(Tag.DestroyDate, now);
        managedObject.Attributes.SetDateTime(Tag.LastChangeDate, now);
    }

    /// <summary>
    /// True when the object's material may be used for cryptography or handed out now: Active, on line, and
    /// not suspended (<see cref="ObjectSuspension"/>). Call <see cref="ApplyDueTransitions"/> first.
    /// </summary>
    public static bool IsUsable(ManagedObject managedObject)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        return managedObject.State == State.Active && !ObjectSuspension.IsSuspended(managedObject) && !ObjectArchival.IsArchived(managedObject);
    }

    /// <summary>
    /// True when the object may be used only to process already protected data (decrypt, verify, unwrap):
    /// Deactivated or Compromised, on line, and not suspended.
    /// </summary>
    public static bool IsUsableForProcessing(ManagedObject managedObject)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        // KMIP 2.1 §4.57: Deactivated and Compromised objects SHALL NOT apply protection but MAY process protected information.
        return (managedObject.State is State.Active or State.Deactivated or State.Compromised)
            && !ObjectSuspension.IsSuspended(managedObject) && !ObjectArchival.IsArchived(managedObject);
    }
}
