using System.Runtime.InteropServices;

namespace Clavis.LoadGenerator;

/// <summary>The machine line every report starts with.</summary>
internal static class Machine
{
    public static string Describe()
    {
        string model = "";
        if (File.Exists("/proc/cpuinfo"))
        {
            model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "";
        }

        string load = File.Exists("/proc/loadavg") ? $", load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at start" : "";
        return $"{Environment.ProcessorCount} cores {model}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}{load}";
    }

    /// <summary>The 1, 5 and 15 minute load averages, as <c>uptime</c> prints them; empty where there is no /proc.</summary>
    public static string LoadAverages() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";
}
