namespace Clavis.Audit;

/// <summary>What kind of tampering (or damage) a broken link shows.</summary>
public enum AuditBreakKind
{
    /// <summary>A record's bytes no longer match its stored hash, or a query column no longer matches its bytes.</summary>
    ChangedRecord,

    /// <summary>Sequence numbers skip: records were removed.</summary>
    RemovedRecord,

    /// <summary>A record does not link to its predecessor, or was hashed at another position: a record was inserted or replaced.</summary>
    InsertedRecord,

    /// <summary>Records sit at each other's positions.</summary>
    ReorderedRecords,

    /// <summary>A signed checkpoint names records that are no longer there.</summary>
    TruncatedTail,

    /// <summary>A checkpoint's signature does not verify, its key is unknown or untrusted, or its head hash differs from the record's.</summary>
    BadCheckpoint,

    /// <summary>A record cannot be decoded.</summary>
    UnreadableRecord,
}
