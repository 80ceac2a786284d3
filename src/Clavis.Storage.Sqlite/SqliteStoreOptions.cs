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

    /// <summary>The clock that stamps rows with their creation and update times.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
