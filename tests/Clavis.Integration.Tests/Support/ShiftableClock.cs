using Clavis.Core.Ports;

namespace Clavis.Integration.Tests.Support;

/// <summary>The system clock plus an offset the test moves forward, to bring dates due without waiting for them.</summary>
public sealed class ShiftableClock : IClock
{
    private long _offsetTicks;

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
