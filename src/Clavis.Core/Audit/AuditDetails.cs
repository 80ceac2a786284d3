namespace Clavis.Core.Audit;

/// <summary>
/// What a handler adds to its batch item's audit record beyond what the executor knows by itself (the
/// identity, the objects the item read or changed, the result). Reset for every batch item.
/// </summary>
public sealed class AuditDetails
{
    /// <summary>
    /// For cryptographic use operations (Encrypt, Decrypt, Sign, MAC, …): how many bytes of data the operation
    /// processed. Only the size is recorded, never the data.
    /// </summary>
    public long? DataSize { get; set; }

    /// <summary>
    /// For uses of a key whose use is counted (Usage Limits, or a policy's usage count): the count after this use,
    /// in the unit the limit counts (uses or bytes).
    /// </summary>
    public long? UsageCount { get; set; }

    /// <summary>The access policy's decision for the item (<c>Allow</c> or <c>Deny</c>), set by the access check.</summary>
    public string? PolicyDecision { get; set; }

    /// <summary>The rule that made <see cref="PolicyDecision"/>.</summary>
    public string? PolicyRule { get; set; }

    /// <summary>Why, in words for auditors.</summary>
    public string? PolicyReason { get; set; }

    /// <summary>Forgets what the previous batch item set.</summary>
    internal void Reset()
    {
        DataSize = null;
        UsageCount = null;
        PolicyDecision = null;
        PolicyRule = null;
        PolicyReason = null;
    }
}
