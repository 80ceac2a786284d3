namespace Clavis.Kmip.Tests.Vocabulary;

public class ProtocolVersionTests
{
    [Fact]
    public void All_is_ordered_oldest_first() =>
        Assert.Equal(ProtocolVersion.All.Order(), ProtocolVersion.All);

    [Fact]
    public void Versions_compare_by_major_then_minor()
    {
        Assert.True(ProtocolVersion.V1_4 < ProtocolVersion.V2_0);
        Assert.True(new ProtocolVersion(1, 10) > ProtocolVersion.V1_4);
        Assert.True(ProtocolVersion.V2_1 >= new ProtocolVersion(2, 1));
        Assert.True(ProtocolVersion.V1_0 <= ProtocolVersion.V1_0);
    }

    [Theory]
    [InlineData("2.1", 2, 1)]
    [InlineData("1.0", 1, 0)]
    [InlineData("1.10", 1, 10)]
    public void TryParse_reads_major_dot_minor(string text, int major, int minor)
    {
        Assert.True(ProtocolVersion.TryParse(text, out var version));
        Assert.Equal(new ProtocolVersion(major, minor), version);
        Assert.Equal(text, version.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("2.")]
    [InlineData(".1")]
    [InlineData("-1.0")]
    [InlineData(" 2.1")]
    [InlineData("2.1.0")]
    public void TryParse_rejects_anything_else(string text) =>
        Assert.False(ProtocolVersion.TryParse(text, out _));
}
