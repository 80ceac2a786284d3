using Clavis.Core.Attributes;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Core.Tests.Attributes;

public sealed class AttributeValuesTests
{
    [Fact]
    public void Usage_limits_set_with_only_a_total_are_stored_with_the_whole_total_still_available()
    {
        var limits = new KmipAttribute(Tag.UsageLimits, TtlvNode.Structure(
            Tag.AttributeValue,
            TtlvNode.LongInteger(Tag.UsageLimitsTotal, 1000),
            TtlvNode.Enumeration(Tag.UsageLimitsUnit, (uint)UsageLimitsUnit.Byte)));

        TtlvNode stored = AttributeValues.Stored(limits);

        Assert.Equal([Tag.UsageLimitsTotal, Tag.UsageLimitsCount, Tag.UsageLimitsUnit], stored.Children.Select(c => c.Tag));
        Assert.Equal(1000, stored.Find(Tag.UsageLimitsCount)!.LongIntegerValue);
    }

    [Fact]
    public void Usage_limits_with_a_count_keep_the_client_count()
    {
        var limits = new KmipAttribute(Tag.UsageLimits, TtlvNode.Structure(
            Tag.UsageLimits,
            TtlvNode.LongInteger(Tag.UsageLimitsTotal, 1000),
            TtlvNode.LongInteger(Tag.UsageLimitsCount, 400),
            TtlvNode.Enumeration(Tag.UsageLimitsUnit, (uint)UsageLimitsUnit.Byte)));

        Assert.Equal(400, AttributeValues.Stored(limits).Find(Tag.UsageLimitsCount)!.LongIntegerValue);
    }
}
