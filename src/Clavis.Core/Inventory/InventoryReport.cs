namespace Clavis.Core.Inventory;

/// <summary>
/// What <c>clavis inventory</c> reports about a store: counts of objects by type, state, algorithm, length,
/// owner and group, and the keys that need a person's attention. Counts cover every object; the lists hold
/// at most the builder's list limit each, and their counts say how many there were.
/// </summary>
public sealed class InventoryReport
{
    /// <summary>The time the due dates were compared with.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>How far ahead a rotation counts as due.</summary>
    public required TimeSpan DueWithin { get; init; }

    /// <summary>Whether the store had an audit journal to tell used keys and refusals from.</summary>
    public required bool HasAuditJournal { get; init; }

    /// <summary>How many objects the store holds.</summary>
    public required long ObjectCount { get; init; }

    /// <summary>Objects by Object Type (KMIP name).</summary>
    public required IReadOnlyList<KeyValuePair<string, long>> ByType { get; init; }

    /// <summary>Objects by State (KMIP name).</summary>
    public required IReadOnlyList<KeyValuePair<string, long>> ByState { get; init; }

    /// <summary>Objects by Cryptographic Algorithm (KMIP name; <c>none</c> for objects without one).</summary>
    public required IReadOnlyList<KeyValuePair<string, long>> ByAlgorithm { get; init; }

    /// <summary>Objects by Cryptographic Length in bits (<c>none</c> for objects without one).</summary>
    public required IReadOnlyList<KeyValuePair<string, long>> ByLength { get; init; }

    /// <summary>Objects per owner.</summary>
    public required IReadOnlyList<KeyValuePair<string, long>> ByOwner { get; init; }

    /// <summary>Objects per Object Group (an object in several groups counts in each; ungrouped objects are not counted).</summary>
    public required IReadOnlyList<KeyValuePair<string, long>> ByGroup { get; init; }

    /// <summary>Keys whose automatic rotation falls due within <see cref="DueWithin"/> or is overdue, earliest first.</summary>
    public required IReadOnlyList<RotationDueKey> RotationDue { get; init; }

    /// <summary>How many keys are due or overdue for rotation (the list may hold fewer).</summary>
    public required long RotationDueCount { get; init; }

    /// <summary>Keys still Active after their Deactivation Date or Protect Stop Date, by id.</summary>
    public required IReadOnlyList<PastDateKey> ActivePastDates { get; init; }

    /// <summary>How many keys are still Active past one of those dates.</summary>
    public required long ActivePastDatesCount { get; init; }

    /// <summary>Keys (not destroyed) no successful use or Get in the journal names, by id.</summary>
    public required IReadOnlyList<InventoryKey> NeverUsed { get; init; }

    /// <summary>How many keys were never used.</summary>
    public required long NeverUsedCount { get; init; }

    /// <summary>Keys a successful Encrypt, Sign or MAC used after their Protect Stop Date, by id.</summary>
    public required IReadOnlyList<ProtectedAfterStopKey> ProtectedAfterStop { get; init; }

    /// <summary>How many keys were used to protect data after their Protect Stop Date.</summary>
    public required long ProtectedAfterStopCount { get; init; }

    /// <summary>Objects the journal records refused requests for, most refused first.</summary>
    public required IReadOnlyList<ObjectRefusals> Refusals { get; init; }

    /// <summary>How many objects have refused requests recorded.</summary>
    public required long RefusedObjectCount { get; init; }
}

/// <summary>A key by identity, type and owner.</summary>
/// <param name="Id">The Unique Identifier.</param>
/// <param name="ObjectType">The Object Type (KMIP name).</param>
/// <param name="Owner">The owner.</param>
public sealed record InventoryKey(string Id, string ObjectType, string Owner);

/// <summary>A key whose automatic rotation is due.</summary>
/// <param name="Id">The Unique Identifier.</param>
/// <param name="Owner">The owner.</param>
/// <param name="Due">When the rotation falls due (KMIP 2.1 Rotate attributes).</param>
/// <param name="Overdue">Whether <paramref name="Due"/> has passed: the server should have rotated it already.</param>
public sealed record RotationDueKey(string Id, string Owner, DateTimeOffset Due, bool Overdue);

/// <summary>An Active key past its Deactivation Date or Protect Stop Date.</summary>
/// <param name="Id">The Unique Identifier.</param>
/// <param name="Owner">The owner.</param>
/// <param name="DeactivationDate">The Deactivation Date when it has passed, else null.</param>
/// <param name="ProtectStopDate">The Protect Stop Date when it has passed, else null.</param>
public sealed record PastDateKey(string Id, string Owner, DateTimeOffset? DeactivationDate, DateTimeOffset? ProtectStopDate);

/// <summary>A key used to protect data (Encrypt, Sign, MAC) after its Protect Stop Date.</summary>
/// <param name="Id">The Unique Identifier.</param>
/// <param name="Owner">The owner.</param>
/// <param name="ProtectStopDate">Its Protect Stop Date.</param>
/// <param name="LastProtect">The latest successful Encrypt, Sign or MAC the journal records for it.</param>
public sealed record ProtectedAfterStopKey(string Id, string Owner, DateTimeOffset ProtectStopDate, DateTimeOffset LastProtect);

/// <summary>The refused requests the journal records for one object.</summary>
/// <param name="Id">The Unique Identifier the refused requests named.</param>
/// <param name="Count">How many were refused.</param>
/// <param name="ByOperation">How many per operation, by name.</param>
public sealed record ObjectRefusals(string Id, long Count, IReadOnlyList<KeyValuePair<string, long>> ByOperation)
{
    /// <summary>How many of <see cref="Count"/> the access policy denied (the others were refused for other reasons: state, usage mask, not found …).</summary>
    public long PolicyDenied { get; init; }
}
