using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Core.Ports;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using ManagedObject = Clavis.Core.Objects.ManagedObject;
using Clavis.Kmip.Ttlv;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// The conditions of a Locate request (KMIP 1.4 §4.9, 2.1 §6.1.27), checked against one candidate object:
/// every requested attribute must match; the Storage Status Mask and Group Member Fresh narrow further.
/// It also says which conditions the store can answer from its indexes (<see cref="ToQuery"/>).
/// </summary>
/// <remarks>
/// Matching rules: each requested instance of an attribute must equal one of the object's values (so two Names
/// find objects that have both). Text is compared exactly: KMIP defines no wildcards, and PyKMIP matches Name
/// exactly too. A structure matches when every field the request gives equals the object's (a Name without
/// Name Type matches either type). A Date-Time given once must be equal; given twice it is an inclusive range.
/// Cryptographic Usage Mask matches when the object has every requested bit.
/// </remarks>
public sealed class LocateFilter
{
    private readonly List<Criterion> _criteria;
    private readonly StorageStatusMask _storage;
    private readonly bool _destroyedIsOnline;
    private readonly bool _freshOnly;

    private LocateFilter(List<Criterion> criteria, StorageStatusMask storage, bool destroyedIsOnline, bool freshOnly)
    {
        _criteria = criteria;
        _storage = storage;
        _destroyedIsOnline = destroyedIsOnline;
        _freshOnly = freshOnly;
    }

    /// <summary>Builds the filter of <paramref name="request"/>, in <paramref name="version"/>'s terms.</summary>
    /// <exception cref="KmipException">Invalid Field: a date attribute given more than twice, or a Storage Status Mask with unknown bits.</exception>
    public static LocateFilter Create(LocateRequestPayload request, ProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(request);
        var criteria = new List<Criterion>();
        foreach (IGrouping<AttributeKey, KmipAttribute> group in (request.Attributes ?? []).GroupBy(KeyOf))
        {
            List<TtlvNode> values = [.. group.Select(a => a.Value)];
            if (values.All(v => v.Type == TtlvType.DateTime))
            {
                // KMIP 1.4 §4.9: one instance of a date attribute matches that date; two instances are a range, limits included.
                if (values.Count > 2)
                {
                    KmipException.ThrowInvalidField($"{group.Key} is given {values.Count} times; a date is given once (a date) or twice (a range)");
                }

                DateTimeOffset first = values[0].DateTimeValue;
                DateTimeOffset last = values[^1].DateTimeValue;
                criteria.Add(new Criterion(group.Key, CriterionKind.DateRange, values, first < last ? first : last, first < last ? last : first));
            }
            else if (group.Key == AttributeKey.FromTag(Tag.CryptographicUsageMask) && values.All(v => v.Type == TtlvType.Integer))
            {
                criteria.Add(new Criterion(group.Key, CriterionKind.MaskBits, values, default, default));
            }
            else
            {
                criteria.Add(new Criterion(group.Key, CriterionKind.Values, values, default, default));
            }
        }

        StorageStatusMask all = StorageStatusMask.OnLineStorage | StorageStatusMask.ArchivalStorage | StorageStatusMask.DestroyedStorage;
        // KMIP 1.4 §4.9: without a Storage Status Mask only on-line objects are searched. A mask of 0 selects
        // nothing and clients send it for "unspecified", so it is read the same way.
        StorageStatusMask storage = request.StorageStatusMask is StorageStatusMask given and not 0 ? given : StorageStatusMask.OnLineStorage;
        if ((storage & ~all) != 0)
        {
            KmipException.ThrowInvalidField($"unknown Storage Status Mask bits 0x{(uint)(storage & ~all):X8}");
        }

        // KMIP 2.0 §12.3 added Destroyed storage; KMIP 1.x keeps a destroyed object's metadata on line.
        bool destroyedIsOnline = version < ProtocolVersion.V2_0;
        return new LocateFilter(criteria, storage, destroyedIsOnline, request.ObjectGroupMember == ObjectGroupMember.GroupMemberFresh);
    }

    /// <summary>
    /// The indexed conditions a store can check, implied by this filter: Object Type, State (widened by the states
    /// that reach it by date, since a stored state may lag until the scheduler runs), Name, Object Group,
    /// Cryptographic Algorithm and Length, and <paramref name="owner"/>. Each candidate is still checked by
    /// <see cref="Matches"/>; the query only narrows what is read.
    /// </summary>
    public ObjectQuery ToQuery(string? owner) => new()
    {
        ObjectType = Single(Tag.ObjectType, n => n.Type == TtlvType.Enumeration ? (ObjectType?)n.EnumerationValue : null),
        States = StatesToRead(),
        Name = Single(Tag.Name, n => n.Type == TtlvType.Structure && n.Find(Tag.NameValue) is { Type: TtlvType.TextString } v ? v.TextStringValue : null),
        ObjectGroup = Single(Tag.ObjectGroup, n => n.Type == TtlvType.TextString ? n.TextStringValue : null),
        CryptographicAlgorithm = Single(Tag.CryptographicAlgorithm, n => n.Type == TtlvType.Enumeration ? n.EnumerationValue : (uint?)null),
        CryptographicLength = Single(Tag.CryptographicLength, n => n.Type == TtlvType.Integer ? n.IntegerValue : (int?)null),
        Owner = owner,
    };

    /// <summary>True when <paramref name="managedObject"/> (with its due transitions applied) meets every condition.</summary>
    public bool Matches(ManagedObject managedObject)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        if ((StorageOf(managedObject) & _storage) == 0)
        {
            return false;
        }

        // KMIP 1.4 §4.9: Group Member Fresh matches only fresh objects (KMIP 1.4 §3.34: not yet served by Get).
        if (_freshOnly && managedObject.Attributes.GetFirst(Tag.Fresh) is { Type: TtlvType.Boolean, BooleanValue: false })
        {
            return false;
        }

        foreach (Criterion criterion in _criteria)
        {
            if (!criterion.Matches(ValuesOf(managedObject, criterion.Key)))
            {
                return false;
            }
        }

        return true;
    }

    private StorageStatusMask StorageOf(ManagedObject managedObject)
    {
        if (managedObject.State is State.Destroyed or State.DestroyedCompromised && !_destroyedIsOnline)
        {
            return StorageStatusMask.DestroyedStorage;
        }

        return ObjectArchival.IsArchived(managedObject) ? StorageStatusMask.ArchivalStorage : StorageStatusMask.OnLineStorage;
    }

    private List<State>? StatesToRead()
    {
        var states = new HashSet<State>();
        if (Find(Tag.State) is Criterion state)
        {
            if (state.Values.Any(v => v.Type != TtlvType.Enumeration) || state.Values.Select(v => v.EnumerationValue).Distinct().Count() != 1)
            {
                return null;
            }

            // KMIP 2.1 §4.57: a Pre-Active object may have become Active, a Pre-Active or Active one Deactivated, by date.
            states.Add((State)state.Values[0].EnumerationValue);
            if (states.Contains(State.Active) || states.Contains(State.Deactivated))
            {
                states.Add(State.PreActive);
            }

            if (states.Contains(State.Deactivated))
            {
                states.Add(State.Active);
            }
        }
        else if ((_storage & StorageStatusMask.DestroyedStorage) == 0 && !_destroyedIsOnline)
        {
            states.UnionWith([State.PreActive, State.Active, State.Deactivated, State.Compromised]);
        }
        else
        {
            return null;
        }

        return [.. states.Order()];
    }

    private T? Single<T>(Tag tag, Func<TtlvNode, T?> read)
    {
        // The query takes one value per condition; the first requested value narrows, the others are checked in Matches.
        return Find(tag) is Criterion criterion && criterion.Kind == CriterionKind.Values ? read(criterion.Values[0]) : default;
    }

    private Criterion? Find(Tag tag) => _criteria.Find(c => c.Key == AttributeKey.FromTag(tag));

    private static AttributeKey KeyOf(KmipAttribute attribute) =>
        attribute.IsVendorAttribute ? new AttributeKey(Tag.Attribute, attribute.VendorIdentification, attribute.Name) : new AttributeKey(attribute.Tag);

    private static IReadOnlyList<TtlvNode> ValuesOf(ManagedObject managedObject, AttributeKey key) => key.IsVendor ? managedObject.Attributes.Get(key) : key.Tag switch
    {
        // Unique Identifier, Object Type and State are properties of the domain object, not entries of its attribute set.
        Tag.UniqueIdentifier => [TtlvNode.TextString(Tag.UniqueIdentifier, managedObject.Id)],
        Tag.ObjectType => [TtlvNode.Enumeration(Tag.ObjectType, (uint)managedObject.ObjectType)],
        Tag.State => [TtlvNode.Enumeration(Tag.State, (uint)managedObject.State)],
        _ => managedObject.Attributes.Get(key),
    };

    private enum CriterionKind
    {
        Values,
        DateRange,
        MaskBits,
    }

    private sealed record Criterion(AttributeKey Key, CriterionKind Kind, List<TtlvNode> Values, DateTimeOffset From, DateTimeOffset To)
    {
        public bool Matches(IReadOnlyList<TtlvNode> stored) => Kind switch
        {
            CriterionKind.DateRange => stored.Any(s => s.Type == TtlvType.DateTime && s.DateTimeValue >= From && s.DateTimeValue <= To),
            // KMIP 1.4 §4.9: the requested mask ANDed with the object's must equal the requested mask.
            CriterionKind.MaskBits => stored.Any(s => s.Type == TtlvType.Integer && Values.All(v => (s.IntegerValue & v.IntegerValue) == v.IntegerValue)),
            _ => Values.All(requested => stored.Any(s => ValueMatches(requested, s))),
        };
    }

    // The request's top-level tag is the form's (Attribute Value in 1.x), so only the type and contents count.
    private static bool ValueMatches(TtlvNode requested, TtlvNode stored)
    {
        if (requested.Type != stored.Type)
        {
            return false;
        }

        return requested.Type switch
        {
            TtlvType.Structure => requested.Children.All(field => stored.Children.Any(s => s.Tag == field.Tag && ValueMatches(field, s))),
            TtlvType.Integer => requested.IntegerValue == stored.IntegerValue,
            TtlvType.LongInteger => requested.LongIntegerValue == stored.LongIntegerValue,
            TtlvType.BigInteger => requested.BigIntegerValue == stored.BigIntegerValue,
            TtlvType.Enumeration => requested.EnumerationValue == stored.EnumerationValue,
            TtlvType.Boolean => requested.BooleanValue == stored.BooleanValue,
            TtlvType.TextString => string.Equals(requested.TextStringValue, stored.TextStringValue, StringComparison.Ordinal),
            TtlvType.ByteString => requested.ByteStringValue.AsSpan().SequenceEqual(stored.ByteStringValue),
            TtlvType.DateTime => requested.DateTimeValue == stored.DateTimeValue,
            TtlvType.Interval => requested.IntervalValue == stored.IntervalValue,
            TtlvType.DateTimeExtended => requested.DateTimeExtendedValue == stored.DateTimeExtendedValue,
            _ => false,
        };
    }
}
