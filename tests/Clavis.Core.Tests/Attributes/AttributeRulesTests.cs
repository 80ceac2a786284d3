using Clavis.Core.Attributes;
using Clavis.Core.Operations;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;

namespace Clavis.Core.Tests.Attributes;

public sealed class AttributeRulesTests
{
    public static TheoryData<Tag> RuleTags()
    {
        var data = new TheoryData<Tag>();
        foreach (AttributeRule rule in AttributeRules.All)
        {
            data.Add(rule.Tag);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RuleTags))]
    public void Each_rule_starts_in_the_version_the_vocabulary_defines_its_tag(Tag tag)
    {
        Assert.True(AttributeRules.TryGet(tag, out AttributeRule? rule));
        Assert.True(KmipVocabulary.TryGetTag(tag, out TagDefinition? definition));
        // Key Format Type is a field since 1.0 but an attribute only since 2.0 (KMIP 2.1 §4.26).
        ProtocolVersion expected = tag == Tag.KeyFormatType ? ProtocolVersion.V2_0 : definition.FirstVersion;
        Assert.Equal(expected, rule.Since);
    }

    [Theory]
    [InlineData(Tag.UniqueIdentifier)]
    [InlineData(Tag.InitialDate)]
    [InlineData(Tag.LastChangeDate)]
    [InlineData(Tag.State)]
    [InlineData(Tag.Digest)]
    [InlineData(Tag.OriginalCreationDate)]
    [InlineData(Tag.DestroyDate)]
    [InlineData(Tag.CompromiseDate)]
    [InlineData(Tag.LeaseTime)]
    [InlineData(Tag.RevocationReason)]
    [InlineData(Tag.ArchiveDate)]
    [InlineData(Tag.KeyValuePresent)]
    public void Server_attributes_cannot_be_supplied_changed_or_deleted_by_clients(Tag tag)
    {
        Assert.True(AttributeRules.TryGet(tag, out AttributeRule? rule));
        Assert.True(rule.IsServerOnly);
        Assert.False(rule.DeletableByClient);
    }

    [Fact]
    public void Every_tag_has_at_most_one_rule() =>
        Assert.Equal(AttributeRules.All.Count, AttributeRules.All.Select(r => r.Tag).Distinct().Count());

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 2)]
    [InlineData(1, 4)]
    [InlineData(2, 0)]
    [InlineData(2, 1)]
    public void Every_attribute_error_uses_a_reason_the_request_version_defines(int major, int minor)
    {
        var version = new ProtocolVersion(major, minor);
        KmipException[] errors =
        [
            AttributeGuard.ReadOnly(version, "State"),
            AttributeGuard.NotFound(version, "Name"),
            AttributeGuard.InstanceNotFound(version, "Name", "at index 3"),
            AttributeGuard.SingleValued(version, "Comment"),
            AttributeGuard.MultiValued(version, "Name"),
            AttributeGuard.InvalidValue(version, "bad"),
        ];
        Assert.All(errors, e => Assert.True(FailureMapping.ForVersion(e.Reason, version) == e.Reason, $"{e.Reason} is not in {version}"));
    }

    [Fact]
    public void Version_2_gets_the_precise_read_only_reason_and_version_1_gets_permission_denied()
    {
        Assert.Equal(ResultReason.AttributeReadOnly, AttributeGuard.ReadOnly(ProtocolVersion.V2_1, "State").Reason);
        Assert.Equal(ResultReason.PermissionDenied, AttributeGuard.ReadOnly(ProtocolVersion.V1_2, "State").Reason);
    }

    [Fact]
    public void Server_vendor_attributes_are_read_only_and_client_ones_are_not()
    {
        Assert.True(AttributeRules.Find(Tag.Attribute, "y")!.IsServerOnly);
        Assert.True(AttributeRules.Find(Tag.Attribute, "x")!.ModifiableByClient);
    }

    [Fact]
    public void A_client_may_supply_a_Link_when_it_registers_an_object()
    {
        var link = new KmipAttribute(Tag.Link, TtlvNode.Structure(
            Tag.Link,
            TtlvNode.Enumeration(Tag.LinkType, (uint)LinkType.PrivateKeyLink),
            TtlvNode.TextString(Tag.LinkedObjectIdentifier, "private-key-id")));

        AttributeRule rule = AttributeGuard.CheckSuppliedAtCreation(link, ObjectType.PublicKey, ProtocolVersion.V1_1);

        Assert.Equal(Tag.Link, rule.Tag);
        Assert.False(rule.IsServerOnly);
    }
}
