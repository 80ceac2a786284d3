using System.Globalization;

namespace Clavis.Benchmarks;

/// <summary>One named thread of this process as Linux shows it in /proc/self/task: its directory and its CPU time.</summary>
internal static class ThreadCpu
{
    /// <summary>The /proc/self/task directory of the thread named <paramref name="name"/> (the kernel keeps 15 characters).</summary>
    public static string Task(string name) =>
        Directory.GetDirectories("/proc/self/task").FirstOrDefault(task => File.ReadAllText(Path.Combine(task, "comm")).TrimEnd() == name)
        ?? throw new InvalidOperationException($"no thread named {name}");

    /// <summary>User plus system CPU time of the thread named <paramref name="name"/>.</summary>
    public static TimeSpan Of(string name)
    {
        long ticksPerSecond = 100; // USER_HZ on Linux

        // Fields after the parenthesised name: state is 3rd; utime and stime are the 14th and 15th.
        string stat = File.ReadAllText(Path.Combine(Task(name), "stat"));
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((double)ticks / ticksPerSecond);
    }
}
