namespace Clavis.LoadGenerator;

/// <summary>One measurement: how many sessions, how many messages in flight on each, for how long.</summary>
internal sealed record LoadRunOptions
{
    public required string Name { get; init; }

    /// <summary>The request messages, sent in turn (one for a fixed request, many for random keys).</summary>
    public required IReadOnlyList<byte[]> Messages { get; init; }

    /// <summary>Batch items per message.</summary>
    public int BatchItems { get; init; } = 1;

    public int Connections { get; init; } = 1;

    /// <summary>Request messages in flight per connection (1: no pipelining).</summary>
    public int Depth { get; init; } = 1;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Most messages in the measured phase.</summary>
    public long MaxMessages { get; init; } = long.MaxValue;

    /// <summary>Unmeasured traffic first, so JIT, caches and the thread pool settle.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);
}
