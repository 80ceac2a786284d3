using Clavis.Policy.Conditions;

namespace Clavis.Policy.Tests.Conditions;

public class IsoDurationTests
{
    [Theory]
    [InlineData("P1D", 0, 0, 1, "00:00:00")]
    [InlineData("p2w", 0, 0, 14, "00:00:00")]
    [InlineData("P1Y2M3W4DT5H6M7S", 1, 2, 25, "05:06:07")]
    [InlineData("PT36H", 0, 0, 0, "1.12:00:00")]
    [InlineData("PT90M", 0, 0, 0, "01:30:00")]
    [InlineData("P0D", 0, 0, 0, "00:00:00")]
    public void Parses_whole_units(string text, int years, int months, int days, string time)
    {
        Assert.True(IsoDuration.TryParse(text, out var duration, out _));
        Assert.Equal((years, months, days, TimeSpan.Parse(time, System.Globalization.CultureInfo.InvariantCulture)), (duration.Years, duration.Months, duration.Days, duration.Time));
        Assert.Equal(text.ToUpperInvariant(), duration.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("1D")]
    [InlineData("P1")]
    [InlineData("P1D1Y")]
    [InlineData("P1D1D")]
    [InlineData("PT1D")]
    [InlineData("P-1D")]
    [InlineData("P1,5D")]
    [InlineData("P100001D")]
    [InlineData(" P1D")]
    public void Refuses_anything_else(string text) => Assert.False(IsoDuration.TryParse(text, out _, out _));

    [Fact]
    public void Adds_calendar_units_as_the_calendar_does()
    {
        Assert.True(IsoDuration.TryParse("P1M", out var month, out _));
        Assert.Equal(new DateTimeOffset(2028, 2, 29, 0, 0, 0, TimeSpan.Zero), month.After(new DateTimeOffset(2028, 1, 31, 0, 0, 0, TimeSpan.Zero)));
        Assert.True(IsoDuration.TryParse("P100000Y", out var forever, out _));
        Assert.Null(forever.After(DateTimeOffset.UtcNow));
    }
}
