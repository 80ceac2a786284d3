using System.Collections.Immutable;
using System.Globalization;

namespace Clavis.Policy.Conditions;

/// <summary>
/// <c>timeWindow</c>: the request's time, on the clock of <see cref="TimeZoneId"/>, is at or after
/// <see cref="Start"/> and before <see cref="End"/>, on one of <see cref="Days"/>. A window whose end is earlier
/// than its start crosses midnight (22:00–06:00); its days are the days it starts on, so Friday's 22:00–06:00
/// window includes Saturday 03:00. Local clock time is used, so a window keeps its wall-clock hours across
/// daylight-saving changes.
/// </summary>
public sealed class TimeWindowCondition : PolicyCondition
{
    // Bit d is set when DayOfWeek d is allowed.
    private readonly int _dayMask;

    internal TimeWindowCondition(TimeOnly start, TimeOnly end, ImmutableArray<DayOfWeek> days, string timeZoneId, TimeZoneInfo timeZone)
    {
        Start = start;
        End = end;
        Days = days;
        TimeZoneId = timeZoneId;
        TimeZone = timeZone;
        _dayMask = days.IsEmpty ? 0x7F : days.Aggregate(0, (mask, day) => mask | (1 << (int)day));
    }

    /// <summary>The first minute inside the window.</summary>
    public TimeOnly Start { get; }

    /// <summary>The first minute after the window (exclusive).</summary>
    public TimeOnly End { get; }

    /// <summary>The days the window starts on; empty for every day.</summary>
    public ImmutableArray<DayOfWeek> Days { get; }

    /// <summary>The IANA time zone (or <c>UTC</c>) the window's clock runs in, as written.</summary>
    public string TimeZoneId { get; }

    /// <summary>The time zone <see cref="TimeZoneId"/> resolved to.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <inheritdoc />
    public override string Name => "timeWindow";

    internal override ConditionOrder Order => ConditionOrder.TimeWindow;

    internal override bool Holds(in ConditionInput input, out long observed)
    {
        observed = 0;
        var local = TimeZoneInfo.ConvertTime(input.Request.Now, TimeZone);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        var day = local.DayOfWeek;
        if (Start < End)
        {
            return time >= Start && time < End && IsAllowedDay(day);
        }

        // Crossing midnight: the part after midnight belongs to the window that started the day before.
        if (time >= Start)
        {
            return IsAllowedDay(day);
        }

        return time < End && IsAllowedDay(day == DayOfWeek.Sunday ? DayOfWeek.Saturday : day - 1);
    }

    internal override string DescribeFailure(in ConditionInput input, long observed)
    {
        var local = TimeZoneInfo.ConvertTime(input.Request.Now, TimeZone);
        var days = Days.IsEmpty ? string.Empty : " " + string.Join(",", Days.Select(DayName));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"timeWindow: outside {Start:HH\\:mm}–{End:HH\\:mm}{days} {TimeZoneId} (it was {DayName(local.DayOfWeek)} {local:HH\\:mm} there)");
    }

    internal static string DayName(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => "Mon",
        DayOfWeek.Tuesday => "Tue",
        DayOfWeek.Wednesday => "Wed",
        DayOfWeek.Thursday => "Thu",
        DayOfWeek.Friday => "Fri",
        DayOfWeek.Saturday => "Sat",
        _ => "Sun",
    };

    private bool IsAllowedDay(DayOfWeek day) => (_dayMask & (1 << (int)day)) != 0;
}
