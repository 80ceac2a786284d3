using System.Globalization;

namespace Clavis.LoadGenerator;

/// <summary><c>--name value</c> options after the mode word.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public CommandLine(IEnumerable<string> args)
    {
        string? pending = null;
        foreach (string arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                pending = arg[2..];
                _values[pending] = "";
            }
            else if (pending is not null)
            {
                _values[pending] = arg;
                pending = null;
            }
            else
            {
                throw new ArgumentException($"unexpected argument {arg}");
            }
        }
    }

    public string? Text(string name) => _values.TryGetValue(name, out string? value) ? value : null;

    public string Text(string name, string fallback) => Text(name) ?? fallback;

    public int Integer(string name, int fallback) => Text(name) is string value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public long Long(string name, long fallback) => Text(name) is string value ? long.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public TimeSpan Seconds(string name, double fallback) =>
        TimeSpan.FromSeconds(Text(name) is string value ? double.Parse(value, CultureInfo.InvariantCulture) : fallback);
}
