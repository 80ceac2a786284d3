using Clavis.Core.Ports;

namespace Clavis.Core.Tests.Support;

/// <summary>A clock tests move by hand.</summary>
internal sealed class TestClock(DateTimeOffset start) : IClock
{
    public DateTimeOffset UtcNow { get; set; } = start;

    public void Advance(TimeSpan by) => UtcNow += by;
}
