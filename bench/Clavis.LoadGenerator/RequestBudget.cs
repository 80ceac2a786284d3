using System.Diagnostics;

namespace Clavis.LoadGenerator;

/// <summary>When to stop sending: after a duration, after a number of messages, or whichever comes first. A run always ends by itself.</summary>
internal sealed class RequestBudget
{
    private readonly long _deadline;
    private long _remaining;

    public RequestBudget(TimeSpan duration, long maxMessages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        _deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        _remaining = maxMessages;
    }

    public bool TryTake() => Stopwatch.GetTimestamp() < _deadline && Interlocked.Decrement(ref _remaining) >= 0;
}
