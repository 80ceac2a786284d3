namespace Clavis.Core.Audit;

/// <summary>
/// One entry of the audit journal: who did what to which object, when, from where, and how it ended.
/// </summary>
/// <remarks>
/// Redaction is deny by default: a record holds only the named fields below, each filled from identities,
/// identifiers, attribute values and result codes — never from a request or response payload. Key material,
/// plaintext, ciphertext, passwords and shares have no field to go into. <see cref="AuditRecordCodec"/> writes
/// these fields in a fixed, versioned order; adding a field means a new format version.
/// </remarks>
public sealed record AuditRecord
{
    /// <summary>The longest <see cref="Message"/> kept; longer messages are cut.</summary>
    public const int MaxMessageLength = 512;

    /// <summary>The most object identifiers one record lists; <see cref="ObjectCount"/> says how many there were.</summary>
    public const int MaxObjectIds = 32;

    /// <summary>When the action happened (the request's arrival for KMIP requests).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The node that acted; each node's records form their own hash chain.</summary>
    public required string NodeId { get; init; }

    /// <summary>What kind of actor acted.</summary>
    public required AuditSource Source { get; init; }

    /// <summary>The action: a KMIP operation name (<c>Get</c>), or a server or administrator action (<c>Suspend</c>, <c>ScheduledTransition</c>).</summary>
    public required string Operation { get; init; }

    /// <summary>The identity's name (certificate CN); null for the server's own actions.</summary>
    public string? Principal { get; init; }

    /// <summary>SHA-256 of the client certificate, hex.</summary>
    public string? CertificateFingerprint { get; init; }

    /// <summary>The client's network address.</summary>
    public string? ClientAddress { get; init; }

    /// <summary>The session (TLS connection) the request came on.</summary>
    public long? SessionId { get; init; }

    /// <summary>The server's identifier of the request message; the batch items of one message share it.</summary>
    public string? RequestId { get; init; }

    /// <summary>The batch item's position in its message, from 0.</summary>
    public int? BatchItemIndex { get; init; }

    /// <summary>The objects the action named or touched, at most <see cref="MaxObjectIds"/>.</summary>
    public IReadOnlyList<string> ObjectIds { get; init; } = [];

    /// <summary>How many objects the action named or touched (may exceed <see cref="ObjectIds"/>' length).</summary>
    public int ObjectCount { get; init; }

    /// <summary>The first object's Object Type, by KMIP name.</summary>
    public string? ObjectType { get; init; }

    /// <summary>The first object's Cryptographic Algorithm, by KMIP name.</summary>
    public string? CryptographicAlgorithm { get; init; }

    /// <summary>The first object's Cryptographic Length, in bits.</summary>
    public int? CryptographicLength { get; init; }

    /// <summary>The first object's Cryptographic Usage Mask.</summary>
    public int? CryptographicUsageMask { get; init; }

    /// <summary>The first object's state after the action, by KMIP name.</summary>
    public string? State { get; init; }

    /// <summary>The Result Status, by KMIP name (<c>Success</c>, <c>OperationFailed</c>, …).</summary>
    public required string ResultStatus { get; init; }

    /// <summary>The Result Reason, by KMIP name, for failures.</summary>
    public string? ResultReason { get; init; }

    /// <summary>The Result Message sent to the client (or the server's note), at most <see cref="MaxMessageLength"/> characters.</summary>
    public string? Message { get; init; }

    /// <summary>For cryptographic use operations: how many bytes of data the operation processed (never the data).</summary>
    public long? DataSize { get; init; }

    /// <summary>The policy decision that let the request through or refused it (<c>Allow</c>, <c>Deny</c>); null when no policy was asked.</summary>
    public string? PolicyDecision { get; init; }

    /// <summary>The identifier of the rule that made <see cref="PolicyDecision"/> (<c>payments@3#encrypt-hours</c>, <c>default-deny</c>).</summary>
    public string? PolicyRule { get; init; }

    /// <summary>Why the policy decided so, for auditors (which condition failed); never sent to the client.</summary>
    public string? PolicyReason { get; init; }

    /// <summary>The principal's device type, from the registry or mapping rules.</summary>
    public string? DeviceType { get; init; }

    /// <summary>The principal's device class.</summary>
    public string? DeviceClass { get; init; }

    /// <summary>The principal's application.</summary>
    public string? Application { get; init; }

    /// <summary>The principal's software level.</summary>
    public int? SoftwareLevel { get; init; }

    /// <summary>The principal's hardware level.</summary>
    public int? HardwareLevel { get; init; }

    /// <summary>The KMIP credential types the request presented and the server verified.</summary>
    public IReadOnlyList<string> CredentialTypes { get; init; } = [];

    /// <summary>Non-secret facts the credentials claimed (device serial number, identifiers, username), by name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Claims { get; init; } = [];

    /// <summary>For use operations on a key with a usage count: the count after this use (after the last one when <see cref="BatchItemCount"/> is set).</summary>
    public long? UsageCount { get; init; }

    /// <summary>
    /// When the record stands for several consecutive batch items of one message that succeeded alike (see
    /// <see cref="TryCoalesce"/>): how many, from <see cref="BatchItemIndex"/> on. Null for a single item.
    /// </summary>
    public int? BatchItemCount { get; init; }

    /// <summary>How many batch items the record stands for: <see cref="BatchItemCount"/>, or 1.</summary>
    public int Items => BatchItemCount ?? 1;

    /// <summary>
    /// Folds <paramref name="next"/> into this record when it is the next batch item of the same message and
    /// says nothing this record does not: a successful item that differs only in its batch item index (the
    /// next one) and, with a usage count, in that count (one more). The result stands for both items without
    /// losing a fact: each item's index, its data size (the same for all) and its usage count follow from
    /// <see cref="BatchItemIndex"/>, <see cref="BatchItemCount"/> and <see cref="UsageCount"/>. Ten Encrypts of
    /// one message under one key so cost the journal one record instead of ten. Refusals and failures are
    /// never folded, so every one of them keeps its own record (and inventory counts them one by one).
    /// </summary>
    /// <param name="next">The record of the batch item that followed this record's items.</param>
    /// <param name="coalesced">Both records as one, or null when they cannot be folded.</param>
    /// <returns>Whether <paramref name="coalesced"/> was made.</returns>
    public bool TryCoalesce(AuditRecord next, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AuditRecord? coalesced)
    {
        ArgumentNullException.ThrowIfNull(next);
        coalesced = null;
        if (ResultStatus != SuccessStatus || Source != AuditSource.KmipRequest || RequestId is null
            || BatchItemIndex is not int first || next.BatchItemIndex != first + Items || next.BatchItemCount is not null
            || (UsageCount is long uses ? next.UsageCount != uses + 1 : next.UsageCount is not null)
            || !ObjectIds.SequenceEqual(next.ObjectIds, StringComparer.Ordinal)
            || !CredentialTypes.SequenceEqual(next.CredentialTypes)
            || !Claims.SequenceEqual(next.Claims))
        {
            return false;
        }

        // Every other field, present and future, must be equal: compared by the record's own equality with
        // the fields that may differ (and the lists, compared above by content) set alike on both sides.
        if (!Comparable(this).Equals(Comparable(next)))
        {
            return false;
        }

        coalesced = this with { BatchItemCount = Items + 1, UsageCount = next.UsageCount };
        return true;
    }

    private const string SuccessStatus = "Success";

    private static AuditRecord Comparable(AuditRecord record) => record with
    {
        BatchItemIndex = null,
        BatchItemCount = null,
        UsageCount = null,
        ObjectIds = Array.Empty<string>(),
        CredentialTypes = Array.Empty<string>(),
        Claims = Array.Empty<KeyValuePair<string, string>>(),
    };
}
