using Clavis.Core.Keys;
using Clavis.Core.Objects;
using Clavis.Kmip;

namespace Clavis.Core.Inventory;

/// <summary>
/// Builds an <see cref="InventoryReport"/> from a stream of objects and the journal's per-object tallies,
/// remembering counts and at most the list limit of entries per list: memory grows with the number of
/// distinct owners, groups and objects the journal names, not with the number of objects.
/// Feed every tally (<see cref="AddAuditTally"/>) before the objects (<see cref="AddObject"/>): whether a key
/// was used is decided as it passes.
/// </summary>
public sealed class InventoryBuilder
{
    // A successful one of these naming a key means someone used it; Get counts because a client that
    // fetched the key may use it outside the server.
    private static readonly HashSet<string> s_useOperations = new(StringComparer.Ordinal)
    {
        nameof(Operation.Encrypt), nameof(Operation.Decrypt), nameof(Operation.Sign), nameof(Operation.SignatureVerify),
        nameof(Operation.MAC), nameof(Operation.MACVerify), nameof(Operation.Get),
    };

    // The operations that protect new data; Decrypt and the verifications process data, which KMIP allows
    // until the Process Stop Date, so only these count as use after the Protect Stop Date.
    private static readonly HashSet<string> s_protectOperations = new(StringComparer.Ordinal)
    {
        nameof(Operation.Encrypt), nameof(Operation.Sign), nameof(Operation.MAC),
    };

    private const string Success = "Success";
    private const string Refused = "OperationFailed";
    private const string None = "none";

    private readonly DateTimeOffset _now;
    private readonly TimeSpan _dueWithin;
    private readonly bool _hasAuditJournal;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _lastProtect = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>> _refusals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _policyDenials = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byType = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byState = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byAlgorithm = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byLength = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byOwner = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byGroup = new(StringComparer.Ordinal);
    private readonly SmallestKept<RotationDueKey> _rotationDue;
    private readonly SmallestKept<PastDateKey> _activePastDates;
    private readonly SmallestKept<InventoryKey> _neverUsed;
    private readonly SmallestKept<ProtectedAfterStopKey> _protectedAfterStop;
    private readonly int _listLimit;
    private long _objects;
    private bool _objectsStarted;

    /// <summary>Starts a report.</summary>
    /// <param name="now">The time due dates are compared with.</param>
    /// <param name="dueWithin">How far ahead a rotation counts as due (zero: only overdue ones).</param>
    /// <param name="listLimit">The most entries each list keeps (0: all).</param>
    /// <param name="hasAuditJournal">Whether the tallies come from a journal; without one no key is reported unused.</param>
    public InventoryBuilder(DateTimeOffset now, TimeSpan dueWithin, int listLimit, bool hasAuditJournal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(listLimit);
        ArgumentOutOfRangeException.ThrowIfLessThan(dueWithin, TimeSpan.Zero);
        _now = now;
        _dueWithin = dueWithin;
        _hasAuditJournal = hasAuditJournal;
        _listLimit = listLimit == 0 ? int.MaxValue : listLimit;
        _rotationDue = new(_listLimit, Comparer<RotationDueKey>.Create((a, b) =>
            a.Due.CompareTo(b.Due) is int byDue and not 0 ? byDue : string.CompareOrdinal(a.Id, b.Id)));
        _activePastDates = new(_listLimit, Comparer<PastDateKey>.Create((a, b) => string.CompareOrdinal(a.Id, b.Id)));
        _neverUsed = new(_listLimit, Comparer<InventoryKey>.Create((a, b) => string.CompareOrdinal(a.Id, b.Id)));
        _protectedAfterStop = new(_listLimit, Comparer<ProtectedAfterStopKey>.Create((a, b) => string.CompareOrdinal(a.Id, b.Id)));
    }

    /// <summary>Takes one tally of the journal.</summary>
    /// <exception cref="InvalidOperationException">Objects were already added.</exception>
    public void AddAuditTally(ObjectAuditTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        if (_objectsStarted)
        {
            throw new InvalidOperationException("add every audit tally before the first object: use is decided as each object passes");
        }

        if (tally.ResultStatus == Success && s_useOperations.Contains(tally.Operation))
        {
            _used.Add(tally.ObjectId);
            if (s_protectOperations.Contains(tally.Operation)
                && (!_lastProtect.TryGetValue(tally.ObjectId, out DateTimeOffset last) || tally.Last > last))
            {
                _lastProtect[tally.ObjectId] = tally.Last;
            }
        }
        else if (tally.ResultStatus == Refused)
        {
            if (!_refusals.TryGetValue(tally.ObjectId, out Dictionary<string, long>? byOperation))
            {
                byOperation = new(StringComparer.Ordinal);
                _refusals.Add(tally.ObjectId, byOperation);
            }

            byOperation[tally.Operation] = byOperation.GetValueOrDefault(tally.Operation) + tally.Count;
        }
    }

    /// <summary>Notes that <paramref name="count"/> of the refusals recorded against <paramref name="objectId"/> were the access policy's.</summary>
    public void AddPolicyDenials(string objectId, long count)
    {
        ArgumentNullException.ThrowIfNull(objectId);
        _policyDenials[objectId] = _policyDenials.GetValueOrDefault(objectId) + count;
    }

    /// <summary>Counts one object and lists it where it needs attention.</summary>
    public void AddObject(ManagedObject managedObject)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        _objectsStarted = true;
        _objects++;
        AttributeSet attributes = managedObject.Attributes;
        string type = managedObject.ObjectType.ToString();
        Count(_byType, type);
        Count(_byState, managedObject.State.ToString());
        Count(_byAlgorithm, attributes.GetEnumeration(Tag.CryptographicAlgorithm) is uint algorithm ? ((CryptographicAlgorithm)algorithm).ToString() : None);
        Count(_byLength, attributes.GetInteger(Tag.CryptographicLength) is int length ? length.ToString(System.Globalization.CultureInfo.InvariantCulture) : None);
        Count(_byOwner, managedObject.Owner);
        foreach (Kmip.Ttlv.TtlvNode group in attributes.Get(Tag.ObjectGroup))
        {
            if (group.Type == Kmip.Ttlv.TtlvType.TextString)
            {
                Count(_byGroup, group.TextStringValue);
            }
        }

        if (!IsKey(managedObject.ObjectType))
        {
            return;
        }

        // The scheduler's own rule, so the report and the server never disagree about when a key is due.
        if (ReKeying.AutomaticRotationDue(managedObject) is DateTimeOffset due && due <= _now + _dueWithin)
        {
            _rotationDue.Add(new RotationDueKey(managedObject.Id, managedObject.Owner, due, due <= _now));
        }

        if (managedObject.State == State.Active)
        {
            DateTimeOffset? deactivation = Passed(attributes.GetDateTime(Tag.DeactivationDate));
            DateTimeOffset? protectStop = Passed(attributes.GetDateTime(Tag.ProtectStopDate));
            if (deactivation is not null || protectStop is not null)
            {
                _activePastDates.Add(new PastDateKey(managedObject.Id, managedObject.Owner, deactivation, protectStop));
            }
        }

        if (attributes.GetDateTime(Tag.ProtectStopDate) is DateTimeOffset protectStopDate
            && _lastProtect.TryGetValue(managedObject.Id, out DateTimeOffset lastProtect)
            && lastProtect > protectStopDate)
        {
            _protectedAfterStop.Add(new ProtectedAfterStopKey(managedObject.Id, managedObject.Owner, protectStopDate, lastProtect));
        }

        if (_hasAuditJournal
            && managedObject.State is not (State.Destroyed or State.DestroyedCompromised)
            && !_used.Contains(managedObject.Id))
        {
            _neverUsed.Add(new InventoryKey(managedObject.Id, type, managedObject.Owner));
        }
    }

    /// <summary>The report of everything added so far.</summary>
    public InventoryReport Build()
    {
        ObjectRefusals[] refusals =
        [
            .. _refusals
                .Select(r => new ObjectRefusals(r.Key, r.Value.Values.Sum(), Sorted(r.Value)) { PolicyDenied = _policyDenials.GetValueOrDefault(r.Key) })
                .OrderByDescending(r => r.Count)
                .ThenBy(r => r.Id, StringComparer.Ordinal)
                .Take(_listLimit),
        ];
        return new InventoryReport
        {
            GeneratedAt = _now,
            DueWithin = _dueWithin,
            HasAuditJournal = _hasAuditJournal,
            ObjectCount = _objects,
            ByType = Sorted(_byType),
            ByState = Sorted(_byState),
            ByAlgorithm = Sorted(_byAlgorithm),
            ByLength = Sorted(_byLength),
            ByOwner = Sorted(_byOwner),
            ByGroup = Sorted(_byGroup),
            RotationDue = _rotationDue.InOrder(),
            RotationDueCount = _rotationDue.Seen,
            ActivePastDates = _activePastDates.InOrder(),
            ActivePastDatesCount = _activePastDates.Seen,
            NeverUsed = _neverUsed.InOrder(),
            NeverUsedCount = _neverUsed.Seen,
            ProtectedAfterStop = _protectedAfterStop.InOrder(),
            ProtectedAfterStopCount = _protectedAfterStop.Seen,
            Refusals = refusals,
            RefusedObjectCount = _refusals.Count,
        };
    }

    private static bool IsKey(ObjectType type) =>
        type is ObjectType.SymmetricKey or ObjectType.PrivateKey or ObjectType.PublicKey or ObjectType.SplitKey;

    private DateTimeOffset? Passed(DateTimeOffset? date) => date is DateTimeOffset at && at <= _now ? at : null;

    private static void Count(Dictionary<string, long> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    // Largest count first, then by name, so the table reads from what matters most.
    private static KeyValuePair<string, long>[] Sorted(Dictionary<string, long> counts) =>
        [.. counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)];

    /// <summary>Keeps the smallest <c>limit</c> items seen (by the comparer) and counts all of them.</summary>
    private sealed class SmallestKept<T>(int limit, IComparer<T> order)
    {
        // A max-heap (the comparer reversed): the root is the largest kept item, the first to give way.
        private readonly PriorityQueue<T, T> _kept = new(Comparer<T>.Create((a, b) => order.Compare(b, a)));

        public long Seen { get; private set; }

        public void Add(T item)
        {
            Seen++;
            if (_kept.Count < limit)
            {
                _kept.Enqueue(item, item);
            }
            else if (_kept.TryPeek(out _, out T? largest) && order.Compare(item, largest) < 0)
            {
                _kept.DequeueEnqueue(item, item);
            }
        }

        public T[] InOrder()
        {
            T[] items = [.. _kept.UnorderedItems.Select(i => i.Element)];
            Array.Sort(items, order);
            return items;
        }
    }
}
