using Clavis.Core.Attributes;
using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Core.Operations;
using Clavis.Core.Operations.Handlers;
using Clavis.Crypto.Secrets;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Keys;

/// <summary>
/// Re-key of a symmetric key (KMIP 2.1 §6.1.43), shared by the Re-key operation and the server's automatic
/// rotation: a new key of the same algorithm and length with the existing key's attributes except those the
/// spec's "Re-key attribute requirements" table treats specially, linked both ways, taking over the Names.
/// </summary>
internal static class ReKeying
{
    // KMIP 2.1 §6.1.43 table: attributes not carried to the replacement (set anew by the server, or not set).
    private static readonly Tag[] s_notCopied =
    [
        Tag.InitialDate, Tag.DestroyDate, Tag.CompromiseOccurrenceDate, Tag.CompromiseDate, Tag.RevocationReason,
        Tag.LastChangeDate, Tag.Digest, Tag.Fresh, Tag.ShortUniqueIdentifier, Tag.OriginalCreationDate,
        Tag.RandomNumberGenerator, Tag.ArchiveDate, Tag.Link, Tag.AlwaysSensitive, Tag.NeverExtractable,
        Tag.RotateDate, Tag.RotateGeneration, Tag.RotateLatest,
    ];

    // KMIP 2.1 §6.1.43: with an Offset, these dates move by the same amount as the Activation Date.
    private static readonly Tag[] s_shiftedDates = [Tag.ProcessStartDate, Tag.ProtectStopDate, Tag.DeactivationDate];

    /// <summary>
    /// Makes, seals and stages the replacement of <paramref name="existing"/>, and stages the changes to
    /// <paramref name="existing"/> (its Replacement Object link, its Names removed, Rotate Latest false).
    /// </summary>
    /// <param name="existing">The key being replaced, loaded through <paramref name="context"/>'s unit of work.</param>
    /// <param name="offset">Seconds from the replacement's Initial Date to its Activation Date; null to copy the dates.</param>
    /// <param name="requested">Attributes the request sets on the replacement (they win over copied ones).</param>
    /// <param name="context">The request (or the scheduler's stand-in for the key's owner).</param>
    /// <returns>The replacement, staged for insertion.</returns>
    /// <exception cref="KmipException">Illegal Object Type, Wrong Key Lifecycle State, or Invalid Field when the key cannot be generated.</exception>
    public static ManagedObject Replace(ManagedObject existing, uint? offset, AttributeSet? requested, OperationContext context)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(context);
        ProtocolVersion version = context.Version;
        if (existing.ObjectType != ObjectType.SymmetricKey)
        {
            // KMIP 2.1 §6.1.43: Re-key is for symmetric keys; key pairs have Re-key Key Pair.
            throw new KmipException(FailureMapping.ForVersion(ResultReason.IllegalObjectType, version), $"Re-key replaces Symmetric Keys; object {existing.Id} is a {existing.ObjectType}");
        }

        if (existing.State is State.Destroyed or State.DestroyedCompromised)
        {
            throw new KmipException(FailureMapping.ForVersion(ResultReason.WrongKeyLifecycleState, version), $"object {existing.Id} is destroyed; there is nothing left to re-key");
        }

        DateTimeOffset now = context.Now;
        AttributeSet attributes = CarriedAttributes(existing, offset, requested, now);
        var algorithm = (CryptographicAlgorithm)(attributes.GetEnumeration(Tag.CryptographicAlgorithm)
            ?? throw new KmipException(ResultReason.InvalidField, $"object {existing.Id} has no Cryptographic Algorithm to re-key with"));
        int length = attributes.GetInteger(Tag.CryptographicLength)
            ?? throw new KmipException(ResultReason.InvalidField, $"object {existing.Id} has no Cryptographic Length to re-key with");
        SymmetricKeyPolicy.Check(algorithm, length, (CryptographicUsageMask)(uint)(attributes.GetInteger(Tag.CryptographicUsageMask) ?? 0));

        string id = Guid.CreateVersion7().ToString();
        var replacement = new ManagedObject(id, ObjectType.SymmetricKey, State.PreActive, attributes);
        GeneratedKeys.GenerateSymmetric(replacement, algorithm, length, context);
        // The replacement belongs to whoever owns the key it replaces, whoever asked (an administrator, the scheduler).
        replacement.Owner = existing.Owner;
        // State from the dates, as for a new key: an Activation Date already passed makes it Active at once.
        ObjectLifecycle.ApplyDueTransitions(replacement, now);

        LinkReplacement(existing, replacement, context);
        context.Objects.Insert(replacement);
        return replacement;
    }

    /// <summary>
    /// The attributes a replacement of <paramref name="existing"/> starts with (KMIP 2.1 §6.1.43 / §6.1.44 tables):
    /// the existing ones except those set anew, Usage Limits full again, dates moved by <paramref name="offset"/>,
    /// and the <paramref name="requested"/> ones over them.
    /// </summary>
    public static AttributeSet CarriedAttributes(ManagedObject existing, uint? offset, AttributeSet? requested, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(existing);
        AttributeSet attributes = existing.Attributes.Clone();
        foreach (Tag tag in s_notCopied)
        {
            attributes.Remove(tag);
        }

        attributes.Remove(ClavisAttributes.ClientWrapped);
        attributes.Remove(ObjectSuspension.SuspendedKey);
        attributes.Remove(ObjectSuspension.ReasonKey);
        if (UsageLimitsValue.Read(existing) is UsageLimitsValue limits)
        {
            // KMIP 2.1 §6.1.43: the Usage Limits Total is copied and the replacement starts with all of it.
            attributes.Remove(Tag.UsageLimits);
            var fresh = new ManagedObject(existing.Id, existing.ObjectType, existing.State, attributes);
            (limits with { Remaining = limits.Total }).Write(fresh);
        }

        if (offset is uint seconds)
        {
            ShiftDates(existing.Attributes, attributes, now, seconds);
        }

        if (requested is not null)
        {
            foreach ((AttributeKey key, IReadOnlyList<TtlvNode> values) in requested.All)
            {
                // A single-valued attribute the request sets replaces the copied one; a multi-valued one (a Name, say)
                // is added to the copied instances (OASIS TC-REKEY-1: each re-key adds a Name to those carried over).
                bool multiValued = key.IsVendor || (AttributeRules.TryGet(key.Tag, out AttributeRule? rule) && rule.MultiValued);
                if (!multiValued)
                {
                    attributes.Remove(key);
                }

                foreach (TtlvNode value in values)
                {
                    if (!attributes.Get(key).Contains(value))
                    {
                        attributes.Add(key, value);
                    }
                }
            }
        }

        return attributes;
    }

    /// <summary>
    /// Links <paramref name="existing"/> and its <paramref name="replacement"/> both ways, moves the Names to the
    /// replacement, advances the Rotate attributes, and stages the change to <paramref name="existing"/>.
    /// </summary>
    public static void LinkReplacement(ManagedObject existing, ManagedObject replacement, OperationContext context)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(replacement);
        ArgumentNullException.ThrowIfNull(context);
        DateTimeOffset now = context.Now;
        // KMIP 2.1 §6.1.43: Replacement Object link on the existing key, Replaced Object link on the new one.
        replacement.Attributes.Add(Tag.Link, DeriveKeyHandler.Link(LinkType.ReplacedObjectLink, existing.Id));
        existing.Attributes.Add(Tag.Link, DeriveKeyHandler.Link(LinkType.ReplacementObjectLink, replacement.Id));
        // KMIP 2.1 §6.1.43: the replacement takes over the Names; the existing key keeps none.
        existing.Attributes.Remove(Tag.Name);
        // KMIP 2.1 Rotate Generation and Rotate Latest: the replacement is one generation on and the latest of its chain.
        int generation = (existing.Attributes.GetInteger(Tag.RotateGeneration) ?? 0) + 1;
        replacement.Attributes.Set(Tag.RotateGeneration, TtlvNode.Integer(Tag.RotateGeneration, generation));
        replacement.Attributes.Set(Tag.RotateLatest, TtlvNode.Boolean(Tag.RotateLatest, true));
        replacement.Attributes.SetDateTime(Tag.RotateDate, now);
        existing.Attributes.Set(Tag.RotateLatest, TtlvNode.Boolean(Tag.RotateLatest, false));
        ObjectAccess.SaveChanged(existing, context);
    }

    /// <summary>
    /// When the server rotates <paramref name="managedObject"/> by itself, or null when it does not: Rotate
    /// Automatic is True, Rotate Interval is set, it is the latest of its chain (not replaced yet), and it is
    /// Pre-Active or Active. KMIP 2.1 Rotate attributes: due one Rotate Interval after its last rotation (Rotate Date);
    /// a key never rotated is first due Rotate Offset after its Initial Date, or one Rotate Interval when it has no offset.
    /// </summary>
    public static DateTimeOffset? AutomaticRotationDue(ManagedObject managedObject)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        AttributeSet attributes = managedObject.Attributes;
        if (managedObject.ObjectType != ObjectType.SymmetricKey
            || managedObject.State is not (State.PreActive or State.Active)
            || attributes.GetFirst(Tag.RotateAutomatic) is not { Type: TtlvType.Boolean, BooleanValue: true }
            || attributes.GetFirst(Tag.RotateInterval) is not { Type: TtlvType.Interval, IntervalValue: > 0 } interval
            || attributes.GetFirst(Tag.RotateLatest) is { Type: TtlvType.Boolean, BooleanValue: false }
            || attributes.Get(Tag.Link).Any(l => l.Find(Tag.LinkType) is { EnumerationValue: (uint)LinkType.ReplacementObjectLink }))
        {
            return null;
        }

        if (attributes.GetDateTime(Tag.RotateDate) is DateTimeOffset lastRotation)
        {
            return lastRotation.AddSeconds(interval.IntervalValue);
        }

        uint first = attributes.GetFirst(Tag.RotateOffset) is { Type: TtlvType.Interval } offset ? offset.IntervalValue : interval.IntervalValue;
        return attributes.GetDateTime(Tag.InitialDate)?.AddSeconds(first);
    }

    // KMIP 2.1 §6.1.43: AT2 = IT2 + Offset; the other dates move by AT2 − AT1 when the existing key has them.
    private static void ShiftDates(AttributeSet existing, AttributeSet replacement, DateTimeOffset now, uint offset)
    {
        DateTimeOffset activation = now.AddSeconds(offset);
        replacement.SetDateTime(Tag.ActivationDate, activation);
        DateTimeOffset? existingActivation = existing.GetDateTime(Tag.ActivationDate);
        foreach (Tag tag in s_shiftedDates)
        {
            replacement.Remove(tag);
            if (existingActivation is DateTimeOffset at1 && existing.GetDateTime(tag) is DateTimeOffset date)
            {
                replacement.SetDateTime(tag, date + (activation - at1));
            }
        }
    }
}
