namespace Clavis.LoadGenerator;

/// <summary>One connection's figures: message latencies in Stopwatch ticks, batch items answered and failed.</summary>
internal sealed class ConnectionStatistics
{
    public List<long> Latencies { get; } = new(1 << 16);

    public long Messages { get; private set; }

    public long Items { get; private set; }

    public long FailedItems { get; private set; }

    public string? FirstFailure { get; private set; }

    public void Record(long latencyTicks, ReadOnlySpan<byte> response)
    {
        Latencies.Add(latencyTicks);
        Messages++;
        string? failure = FirstFailure;
        (int items, int failed) = ResponseCheck.Inspect(response, ref failure);
        FirstFailure = failure;
        Items += items;
        FailedItems += failed;
    }
}
