using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Tests.Ttlv;

public class TtlvNodeTests
{
    [Theory]
    [InlineData(TtlvNodeGenerators.MinUnixMicroseconds - 1)]
    [InlineData(TtlvNodeGenerators.MinUnixMicroseconds - 999)]
    [InlineData(TtlvNodeGenerators.MaxUnixMicroseconds + 1)]
    public void Date_time_extended_outside_years_1_to_9999_is_refused_to_the_microsecond(long unixMicroseconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TtlvNode.DateTimeExtended(Tag.ActivationDate, unixMicroseconds));
    }

    [Theory]
    [InlineData(TtlvNodeGenerators.MinUnixMicroseconds)]
    [InlineData(TtlvNodeGenerators.MaxUnixMicroseconds)]
    public void Date_time_extended_on_the_bounds_round_trips(long unixMicroseconds)
    {
        TtlvNode node = TtlvNode.DateTimeExtended(Tag.ActivationDate, unixMicroseconds);
        Assert.Equal(unixMicroseconds, TtlvNode.Decode(node.Encode()).DateTimeExtendedValue);
    }

    [Fact]
    public void Text_with_a_lone_surrogate_cannot_be_encoded_rather_than_changing_on_the_wire()
    {
        TtlvNode node = TtlvNode.TextString(Tag.Name, "\uD83D");
        Assert.ThrowsAny<ArgumentException>(() => node.Encode());
    }
}
