using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Clavis.Policy.Conditions;

/// <summary>
/// An ISO 8601 duration as <c>objectAge</c> uses it: <c>PnYnMnWnDTnHnMnS</c> with whole numbers, every part
/// optional but at least one present (<c>P90D</c>, <c>P1Y6M</c>, <c>PT12H</c>, <c>P2W</c>). Years and months are
/// calendar units: they are added to a date as the calendar does (one month after 31 January is 28 or
/// 29 February), not converted to days.
/// </summary>
public sealed class IsoDuration : IEquatable<IsoDuration>
{
    // Parts are bounded so that adding a duration to any date of this millennium stays inside DateTimeOffset.
    private const long MaxPart = 100_000;

    private IsoDuration(string text, int years, int months, int days, TimeSpan time)
    {
        Text = text;
        Years = years;
        Months = months;
        Days = days;
        Time = time;
    }

    /// <summary>The duration as written, in upper case (its canonical form).</summary>
    public string Text { get; }

    /// <summary>The years part.</summary>
    public int Years { get; }

    /// <summary>The months part.</summary>
    public int Months { get; }

    /// <summary>The days part, weeks included (1W = 7D).</summary>
    public int Days { get; }

    /// <summary>The hours, minutes and seconds parts.</summary>
    public TimeSpan Time { get; }

    /// <summary>Parses an ISO 8601 duration of whole units.</summary>
    /// <param name="text">For example <c>P1D</c> or <c>P1Y2M3DT4H5M6S</c>.</param>
    /// <param name="duration">The duration, or null.</param>
    /// <param name="problem">Why <paramref name="text"/> is not a duration, or null.</param>
    /// <returns>Whether <paramref name="text"/> is a duration.</returns>
    public static bool TryParse(string text, [NotNullWhen(true)] out IsoDuration? duration, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = null;
        var upper = text.ToUpperInvariant();
        if (upper.Length < 3 || upper[0] != 'P')
        {
            problem = $"\"{text}\" is not an ISO 8601 duration (PnYnMnWnDTnHnMnS, for example P90D)";
            return false;
        }

        long years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0;
        // Units must come in this order, each at most once; the index of the last one seen enforces both.
        const string DateUnits = "YMWD";
        const string TimeUnits = "HMS";
        var inTime = false;
        var lastUnit = -1;
        var parts = 0;
        var position = 1;
        while (position < upper.Length)
        {
            if (upper[position] == 'T' && !inTime)
            {
                inTime = true;
                lastUnit = -1;
                position++;
                if (position == upper.Length)
                {
                    problem = $"\"{text}\" has a T with no hours, minutes or seconds after it";
                    return false;
                }

                continue;
            }

            var start = position;
            while (position < upper.Length && char.IsAsciiDigit(upper[position]))
            {
                position++;
            }

            if (position == start || position == upper.Length)
            {
                problem = $"\"{text}\" is not an ISO 8601 duration of whole numbers (PnYnMnWnDTnHnMnS, for example P90D)";
                return false;
            }

            var unit = (inTime ? TimeUnits : DateUnits).IndexOf(upper[position], StringComparison.Ordinal);
            if (unit < 0 || unit <= lastUnit)
            {
                problem = $"\"{text}\" is not an ISO 8601 duration (units in the order Y M W D, then T and H M S, each at most once)";
                return false;
            }

            if (!long.TryParse(upper.AsSpan(start, position - start), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > MaxPart)
            {
                problem = $"\"{text}\" has a part larger than {MaxPart}";
                return false;
            }

            lastUnit = unit;
            parts++;
            position++;
            if (inTime)
            {
                _ = unit switch
                {
                    0 => hours = value,
                    1 => minutes = value,
                    _ => seconds = value,
                };
            }
            else
            {
                _ = unit switch
                {
                    0 => years = value,
                    1 => months = value,
                    2 => weeks = value,
                    _ => days = value,
                };
            }
        }

        if (parts == 0)
        {
            problem = $"\"{text}\" has no parts";
            return false;
        }

        problem = null;
        duration = new IsoDuration(
            upper, (int)years, (int)months, (int)(days + (weeks * 7)),
            TimeSpan.FromHours(hours) + TimeSpan.FromMinutes(minutes) + TimeSpan.FromSeconds(seconds));
        return true;
    }

    /// <summary>The instant this duration after <paramref name="start"/>, or null when it lies beyond the calendar's end.</summary>
    /// <param name="start">The instant to add the duration to.</param>
    public DateTimeOffset? After(DateTimeOffset start)
    {
        try
        {
            return start.AddYears(Years).AddMonths(Months).AddDays(Days).Add(Time);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public bool Equals(IsoDuration? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as IsoDuration);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    /// <summary>The duration as written (<see cref="Text"/>).</summary>
    public override string ToString() => Text;
}
