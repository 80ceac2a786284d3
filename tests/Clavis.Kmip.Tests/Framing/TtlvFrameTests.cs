using System.Buffers;
using Clavis.Kmip.Framing;
using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Tests.Framing;

public class TtlvFrameTests
{
    private static readonly byte[] s_message = Hex.Parse("42 00 78 | 01 | 00 00 00 10 | 42 00 0D | 02 | 00 00 00 04 | 00 00 00 01 00 00 00 00");

    [Fact]
    public void Takes_whole_messages_and_waits_for_partial_ones()
    {
        byte[] stream = [.. s_message, .. s_message, .. s_message.AsSpan(0, 10)];
        var buffer = new ReadOnlySequence<byte>(stream);
        Assert.True(TtlvFrame.TryRead(ref buffer, 1024, out ReadOnlySequence<byte> first));
        Assert.Equal(s_message, first.ToArray());
        Assert.True(TtlvFrame.TryRead(ref buffer, 1024, out _));
        Assert.False(TtlvFrame.TryRead(ref buffer, 1024, out _));
        Assert.Equal(10, buffer.Length);
    }

    [Fact]
    public void Refuses_a_declared_length_past_the_limit_before_the_body_arrives()
    {
        var buffer = new ReadOnlySequence<byte>(Hex.Parse("42 00 78 | 01 | 7F FF FF F8"));
        var ex = Assert.Throws<TtlvFormatException>(() => TtlvFrame.TryRead(ref buffer, 64 * 1024, out _));
        Assert.Equal(4, ex.Offset);
    }

    [Theory]
    [InlineData("NotStructure", "42 00 78 | 02 | 00 00 00 04", 3)]
    [InlineData("NotKmipTag", "00 00 78 | 01 | 00 00 00 08", 0)]
    [InlineData("LengthNotMultipleOf8", "42 00 78 | 01 | 00 00 00 0C", 4)]
    public void Refuses_headers_that_cannot_start_a_message(string name, string hex, int offset)
    {
        var ex = Assert.Throws<TtlvFormatException>(() => TtlvFrame.CheckHeader(Hex.Parse(hex), 1024));
        Assert.True(ex.Offset == offset, name);
    }

    [Fact]
    public async Task Reads_messages_from_a_stream_until_it_ends_cleanly()
    {
        using var stream = new MemoryStream([.. s_message, .. s_message]);
        Assert.Equal(s_message, await TtlvFrame.ReadMessageAsync(stream, 1024));
        Assert.Equal(s_message, await TtlvFrame.ReadMessageAsync(stream, 1024));
        Assert.Null(await TtlvFrame.ReadMessageAsync(stream, 1024));
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_message_is_a_format_error()
    {
        using var stream = new MemoryStream(s_message.AsSpan(0, 20).ToArray());
        var ex = await Assert.ThrowsAsync<TtlvFormatException>(async () => await TtlvFrame.ReadMessageAsync(stream, 1024));
        Assert.Equal(20, ex.Offset);
    }
}
