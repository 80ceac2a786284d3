namespace Clavis.Storage.Sqlite;

/// <summary>Settings of the SQLite store.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>The database file; it and its directory are created on first open.</summary>
    public required string Path { get; init; }

    /// <summary>How many read connections may be open at once (WAL lets them read while the writer commits).</summary>
    public int ReadConnections { get; init; } = 4;

    /// <summary>How long a connection waits for a lock held by another process before failing.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Most change sets committed in one transaction (one fsync).</summary>
    public int MaxBatchSize { get; init; } = 512;

    /// <summary>
    /// Most objects kept in memory as last committed, so reads of hot keys skip SQLite (0: none). Entries hold sealed
    /// material only; a few KiB each.
    /// </summary>
    public int ObjectCacheCapacity { get; init; } = 10_000;

    /// <summary>
    /// Whether audit records committed alone (a use's: Get, Encrypt, Sign…, and refusals) are made durable in an
    /// spool file of fixed size beside the database (<c>DATABASE-audit-spool</c>) and moved into the database many at a
    /// time, rather than committed to the database one small group at a time. Equally durable (fsynced before the
    /// caller is answered); cheaper per record. When off, a spool a crash left behind is still moved in at open.
    /// </summary>
    public bool AuditSpool { get; init; } = true;

    /// <summary>
    /// How many records in the spool wake the mover, which moves them into the database on a connection and thread of
    /// its own; the writer moves them itself only with a change set, or when the mover falls 8 times this far behind.
    /// </summary>
    public int AuditSpoolMoveRecords { get; init; } = 512;

    /// <summary>How long a record may wait in the spool before the mover moves it into the database, however few wait.</summary>
    public TimeSpan AuditSpoolMaxAge { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The size of each of the spool file's two regions: the writer fills one while the mover empties the other, so the
    /// file is twice this and never grows. A group that finds its region full and the other still waiting for the
    /// mover goes to the database instead.
    /// </summary>
    public long AuditSpoolRegionBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Told when the spool fails (a write, an fsync, the file removed): the store then commits audit records to the
    /// database directly until it is opened again. Told too when moving the spool's records into the database fails:
    /// they stay in the spool. No acknowledged record is lost by either failure itself.
    /// </summary>
    public Action<Exception>? AuditSpoolFailed { get; init; }

    /// <summary>The clock that stamps rows with their creation and update times.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
