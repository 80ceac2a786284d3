using System.Diagnostics;

namespace Clavis.LoadGenerator;

/// <summary>Opens the sessions, warms up, then measures: throughput, message latency percentiles, and the generator's own CPU.</summary>
internal static class LoadRun
{
    public static async Task<LoadResult> RunAsync(ClientCredentials credentials, LoadRunOptions options, ServerProcess? server, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Connections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Depth, 1);
        var connections = new LoadConnection[options.Connections];
        try
        {
            for (int i = 0; i < connections.Length; i++)
            {
                connections[i] = await LoadConnection.OpenAsync(credentials, cancellationToken);
            }

            if (options.Warmup > TimeSpan.Zero)
            {
                await DriveAsync(connections, options, new RequestBudget(options.Warmup, long.MaxValue), cancellationToken);
            }

            TimeSpan? serverCpuBefore = server is null ? null : (await server.StatsAsync()).Cpu;
            using var process = Process.GetCurrentProcess();
            TimeSpan cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            ConnectionStatistics[] statistics = await DriveAsync(connections, options, new RequestBudget(options.Duration, options.MaxMessages), cancellationToken);
            watch.Stop();
            process.Refresh();
            TimeSpan clientCpu = process.TotalProcessorTime - cpuBefore;
            TimeSpan? serverCpu = server is null ? null : (await server.StatsAsync()).Cpu - serverCpuBefore;

            long[] latencies = [.. statistics.SelectMany(s => s.Latencies)];
            Array.Sort(latencies);
            long items = statistics.Sum(s => s.Items);
            double perOp(TimeSpan cpu) => items == 0 ? 0 : cpu.TotalMicroseconds / items;
            return new LoadResult
            {
                Name = options.Name,
                Connections = options.Connections,
                BatchItems = options.BatchItems,
                Depth = options.Depth,
                Elapsed = watch.Elapsed,
                Messages = statistics.Sum(s => s.Messages),
                Items = items,
                FailedItems = statistics.Sum(s => s.FailedItems),
                FirstFailure = statistics.Select(s => s.FirstFailure).FirstOrDefault(f => f is not null),
                P50Microseconds = Percentile(latencies, 0.50),
                P99Microseconds = Percentile(latencies, 0.99),
                ClientCpuMicrosecondsPerOp = perOp(clientCpu),
                ServerCpuMicrosecondsPerOp = serverCpu is TimeSpan s ? perOp(s) : null,
            };
        }
        finally
        {
            foreach (LoadConnection? connection in connections)
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }
            }
        }
    }

    private static async Task<ConnectionStatistics[]> DriveAsync(LoadConnection[] connections, LoadRunOptions options, RequestBudget budget, CancellationToken cancellationToken)
    {
        var statistics = new ConnectionStatistics[connections.Length];
        var loops = new Task[connections.Length];
        for (int i = 0; i < connections.Length; i++)
        {
            statistics[i] = new ConnectionStatistics();
            LoadConnection connection = connections[i];
            ConnectionStatistics mine = statistics[i];
            int offset = i * 7919;
            loops[i] = Task.Run(() => connection.RunAsync(options.Messages, offset, options.Depth, budget, mine, cancellationToken), cancellationToken);
        }

        await Task.WhenAll(loops);
        return statistics;
    }

    private static double Percentile(long[] sortedTicks, double fraction)
    {
        if (sortedTicks.Length == 0)
        {
            return 0;
        }

        long ticks = sortedTicks[Math.Min(sortedTicks.Length - 1, (int)Math.Ceiling(fraction * sortedTicks.Length) - 1)];
        return ticks * 1_000_000.0 / Stopwatch.Frequency;
    }
}
