using System.Globalization;

namespace Clavis.LoadGenerator;

/// <summary>What one measurement found.</summary>
internal sealed record LoadResult
{
    public required string Name { get; init; }

    public required int Connections { get; init; }

    public required int BatchItems { get; init; }

    public required int Depth { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public required long Messages { get; init; }

    public required long Items { get; init; }

    public required long FailedItems { get; init; }

    public string? FirstFailure { get; init; }

    /// <summary>Message latency percentiles, in microseconds.</summary>
    public required double P50Microseconds { get; init; }

    public required double P99Microseconds { get; init; }

    /// <summary>The generator process's CPU time over the measured phase, in microseconds per batch item.</summary>
    public required double ClientCpuMicrosecondsPerOp { get; init; }

    /// <summary>The server process's CPU per batch item, when the server runs in a child process; null otherwise.</summary>
    public double? ServerCpuMicrosecondsPerOp { get; init; }

    public double OpsPerSecond => Items / Elapsed.TotalSeconds;

    public double MessagesPerSecond => Messages / Elapsed.TotalSeconds;

    public bool Succeeded => FailedItems == 0 && Items == Messages * BatchItems && Messages > 0;

    public string Describe()
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Name}: {Connections} conn x depth {Depth} x batch {BatchItems}: {OpsPerSecond:N0} ops/s ({MessagesPerSecond:N0} msg/s), " +
            $"latency/msg p50 {P50Microseconds:N0} us p99 {P99Microseconds:N0} us, per op p50 {P50Microseconds / BatchItems:N1} us, " +
            $"client CPU {ClientCpuMicrosecondsPerOp:N1} us/op");
        if (ServerCpuMicrosecondsPerOp is double server)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", server CPU {server:N1} us/op");
        }

        if (!Succeeded)
        {
            text += $"; {FailedItems} of {Items} items FAILED ({FirstFailure})";
        }

        return text;
    }
}
