using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Tests.Ttlv;

public class TtlvWriterTests
{
    [Fact]
    public void Writes_every_type_and_back_patches_structure_lengths()
    {
        using var writer = new TtlvWriter(64);
        writer.WriteStartStructure(Tag.BatchCount);
        writer.WriteInteger(Tag.ActivationDate, 8);
        writer.WriteTextString(Tag.UniqueIdentifier, "Hello World");
        writer.WriteStartStructure(Tag.BatchCount);
        writer.WriteByteString(Tag.UniqueIdentifier, [1, 2, 3]);
        writer.WriteEndStructure();
        writer.WriteBigInteger(Tag.ActivationDate, [0x80]);
        writer.WriteEndStructure();

        Assert.Equal(
            "42000D0100000050"
            + "42000102000000040000000800000000"
            + "420094070000000B48656C6C6F20576F726C640000000000"
            + "42000D0100000010"
            + "4200940800000003010203" + "0000000000"
            + "4200010400000008FFFFFFFFFFFFFF80",
            Hex.Format(writer.WrittenSpan));
    }

    [Fact]
    public void Refuses_to_expose_bytes_while_a_structure_is_open()
    {
        using var writer = new TtlvWriter();
        writer.WriteStartStructure(Tag.BatchCount);
        Assert.Throws<InvalidOperationException>(() => writer.ToArray());
    }

    [Fact]
    public void Grows_past_its_first_buffer_and_resets_for_reuse()
    {
        using var writer = new TtlvWriter(64);
        byte[] big = new byte[10_000];
        big[^1] = 7;
        writer.WriteByteString(Tag.UniqueIdentifier, big);
        Assert.Equal(8 + 10_000, writer.WrittenCount);
        Assert.Equal(big, TtlvNode.Decode(writer.WrittenSpan).ByteStringValue);
        writer.Reset();
        writer.WriteInteger(Tag.ActivationDate, 1);
        Assert.Equal(16, writer.ToArray().Length);
    }

    [Theory]
    [InlineData("LoneHighSurrogate", "key-", 0xD800, "")]
    [InlineData("LoneLowSurrogate", "", 0xDC00, "-key")]
    [InlineData("HighSurrogateBeforeNonSurrogate", "", 0xDBFF, "a")]
    public void Refuses_text_that_utf8_cannot_carry_instead_of_replacing_it(string name, string before, int surrogate, string after)
    {
        // Built here: attribute arguments are stored as UTF-8, which would already have replaced the surrogate.
        string text = before + (char)surrogate + after;
        using var writer = new TtlvWriter();
        Assert.ThrowsAny<ArgumentException>(() => writer.WriteTextString(Tag.UniqueIdentifier, text));
        Assert.True(writer.WrittenCount == 0, name);
    }
}
