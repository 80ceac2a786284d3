using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Core.Operations.Handlers;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Tests.Operations;

/// <summary>LocateFilter against one object, one row per rule (KMIP 1.4 §4.9, 2.1 §6.1.27).</summary>
public sealed class LocateFilterTests
{
    private static readonly DateTimeOffset s_day = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, bool> Cases => new()
    {
        { "name exact", true },
        { "name other", false },
        { "name prefix is no wildcard", false },
        { "name without type", true },
        { "two names the object has", true },
        { "two names, one missing", false },
        { "object type", true },
        { "other object type", false },
        { "state", true },
        { "other state", false },
        { "object group", true },
        { "other object group", false },
        { "algorithm and length", true },
        { "other length", false },
        { "date equal", true },
        { "date unequal", false },
        { "date range inside", true },
        { "date range at limit, reversed", true },
        { "date range outside", false },
        { "absent date attribute", false },
        { "usage mask subset", true },
        { "usage mask all bits", true },
        { "usage mask extra bit", false },
        { "vendor attribute", true },
        { "unique identifier", true },
        { "archived, default mask", false },
        { "archived, archival mask", true },
        { "online, archival mask only", false },
        { "destroyed, default mask 2.x", false },
        { "destroyed, destroyed mask 2.x", true },
        { "destroyed, default mask 1.4", true },
        { "fresh member, not fresh", false },
        { "fresh member, fresh", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_rule_matches_or_not(string rule, bool expected)
    {
        ManagedObject managedObject = Object();
        var request = new LocateRequestPayload { Attributes = [] };
        ProtocolVersion version = ProtocolVersion.V2_1;
        List<KmipAttribute> a = request.Attributes;
        switch (rule)
        {
            case "name exact": a.Add(Name("payroll-2026", NameType.UninterpretedTextString)); break;
            case "name other": a.Add(Name("payroll-2025", NameType.UninterpretedTextString)); break;
            case "name prefix is no wildcard": a.Add(Name("payroll*", NameType.UninterpretedTextString)); break;
            case "name without type": a.Add(new KmipAttribute(Tag.Name, TtlvNode.Structure(Tag.AttributeValue, TtlvNode.TextString(Tag.NameValue, "payroll-2026")))); break;
            case "two names the object has": a.Add(Name("payroll-2026", NameType.UninterpretedTextString)); a.Add(Name("hr", NameType.UninterpretedTextString)); break;
            case "two names, one missing": a.Add(Name("payroll-2026", NameType.UninterpretedTextString)); a.Add(Name("finance", NameType.UninterpretedTextString)); break;
            case "object type": a.Add(Enum(Tag.ObjectType, (uint)ObjectType.SymmetricKey)); break;
            case "other object type": a.Add(Enum(Tag.ObjectType, (uint)ObjectType.PrivateKey)); break;
            case "state": a.Add(Enum(Tag.State, (uint)State.Active)); break;
            case "other state": a.Add(Enum(Tag.State, (uint)State.PreActive)); break;
            case "object group": a.Add(Text(Tag.ObjectGroup, "db")); break;
            case "other object group": a.Add(Text(Tag.ObjectGroup, "web")); break;
            case "algorithm and length": a.Add(Enum(Tag.CryptographicAlgorithm, (uint)CryptographicAlgorithm.AES)); a.Add(new KmipAttribute(Tag.CryptographicLength, TtlvNode.Integer(Tag.AttributeValue, 256))); break;
            case "other length": a.Add(new KmipAttribute(Tag.CryptographicLength, TtlvNode.Integer(Tag.AttributeValue, 128))); break;
            case "date equal": a.Add(Date(Tag.ActivationDate, s_day)); break;
            case "date unequal": a.Add(Date(Tag.ActivationDate, s_day.AddSeconds(1))); break;
            case "date range inside": a.Add(Date(Tag.ActivationDate, s_day.AddDays(-1))); a.Add(Date(Tag.ActivationDate, s_day.AddDays(1))); break;
            case "date range at limit, reversed": a.Add(Date(Tag.ActivationDate, s_day.AddDays(3))); a.Add(Date(Tag.ActivationDate, s_day)); break;
            case "date range outside": a.Add(Date(Tag.ActivationDate, s_day.AddDays(1))); a.Add(Date(Tag.ActivationDate, s_day.AddDays(2))); break;
            case "absent date attribute": a.Add(Date(Tag.DeactivationDate, s_day)); break;
            case "usage mask subset": a.Add(Mask(CryptographicUsageMask.Encrypt)); break;
            case "usage mask all bits": a.Add(Mask(CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt)); break;
            case "usage mask extra bit": a.Add(Mask(CryptographicUsageMask.Encrypt | CryptographicUsageMask.Sign)); break;
            case "vendor attribute": a.Add(KmipAttribute.Vendor("x", "team", TtlvNode.TextString(Tag.AttributeValue, "blue"))); break;
            case "unique identifier": a.Add(Text(Tag.UniqueIdentifier, "k1")); break;
            case "archived, default mask": ObjectArchival.Archive(managedObject, s_day); break;
            case "archived, archival mask": ObjectArchival.Archive(managedObject, s_day); request.StorageStatusMask = StorageStatusMask.ArchivalStorage; break;
            case "online, archival mask only": request.StorageStatusMask = StorageStatusMask.ArchivalStorage; break;
            case "destroyed, default mask 2.x": managedObject.State = State.Destroyed; break;
            case "destroyed, destroyed mask 2.x": managedObject.State = State.Destroyed; request.StorageStatusMask = StorageStatusMask.DestroyedStorage; break;
            case "destroyed, default mask 1.4": managedObject.State = State.Destroyed; version = ProtocolVersion.V1_4; break;
            case "fresh member, not fresh": managedObject.Attributes.Set(Tag.Fresh, TtlvNode.Boolean(Tag.Fresh, false)); request.ObjectGroupMember = ObjectGroupMember.GroupMemberFresh; break;
            case "fresh member, fresh": managedObject.Attributes.Set(Tag.Fresh, TtlvNode.Boolean(Tag.Fresh, true)); request.ObjectGroupMember = ObjectGroupMember.GroupMemberFresh; break;
            default: throw new ArgumentOutOfRangeException(nameof(rule), rule, null);
        }

        Assert.Equal(expected, LocateFilter.Create(request, version).Matches(managedObject));
    }

    [Fact]
    public void A_date_given_three_times_is_an_Invalid_Field()
    {
        var request = new LocateRequestPayload { Attributes = [Date(Tag.InitialDate, s_day), Date(Tag.InitialDate, s_day), Date(Tag.InitialDate, s_day)] };
        Assert.Equal(ResultReason.InvalidField, Assert.Throws<KmipException>(() => LocateFilter.Create(request, ProtocolVersion.V2_1)).Reason);
    }

    [Fact]
    public void The_store_query_carries_the_indexed_conditions_and_widens_the_state_by_what_dates_can_reach()
    {
        var request = new LocateRequestPayload
        {
            Attributes = [Name("payroll-2026", NameType.UninterpretedTextString), Enum(Tag.State, (uint)State.Deactivated), Text(Tag.ObjectGroup, "db"), Enum(Tag.ObjectType, (uint)ObjectType.SymmetricKey)],
        };

        var query = LocateFilter.Create(request, ProtocolVersion.V2_1).ToQuery("alice");

        Assert.Equal("payroll-2026", query.Name);
        Assert.Equal("db", query.ObjectGroup);
        Assert.Equal(ObjectType.SymmetricKey, query.ObjectType);
        Assert.Equal("alice", query.Owner);
        Assert.Equal([State.PreActive, State.Active, State.Deactivated], query.States);
    }

    [Fact]
    public void Without_a_state_condition_the_default_mask_keeps_destroyed_objects_out_of_the_store_query()
    {
        var query = LocateFilter.Create(new LocateRequestPayload(), ProtocolVersion.V2_1).ToQuery(null);
        Assert.Equal([State.PreActive, State.Active, State.Deactivated, State.Compromised], query.States);
        Assert.Null(LocateFilter.Create(new LocateRequestPayload(), ProtocolVersion.V1_4).ToQuery(null).States);
    }

    private static ManagedObject Object()
    {
        var attributes = new AttributeSet();
        attributes.Add(Tag.Name, TtlvNode.Structure(Tag.Name, TtlvNode.TextString(Tag.NameValue, "payroll-2026"), TtlvNode.Enumeration(Tag.NameType, (uint)NameType.UninterpretedTextString)));
        attributes.Add(Tag.Name, TtlvNode.Structure(Tag.Name, TtlvNode.TextString(Tag.NameValue, "hr"), TtlvNode.Enumeration(Tag.NameType, (uint)NameType.UninterpretedTextString)));
        attributes.Add(Tag.ObjectGroup, TtlvNode.TextString(Tag.ObjectGroup, "db"));
        attributes.SetEnumeration(Tag.CryptographicAlgorithm, (uint)CryptographicAlgorithm.AES);
        attributes.Set(Tag.CryptographicLength, TtlvNode.Integer(Tag.CryptographicLength, 256));
        attributes.Set(Tag.CryptographicUsageMask, TtlvNode.Integer(Tag.CryptographicUsageMask, (int)(CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt)));
        attributes.SetDateTime(Tag.ActivationDate, s_day);
        attributes.Set(AttributeKey.Vendor("x", "team"), TtlvNode.TextString(Tag.AttributeValue, "blue"));
        return new ManagedObject("k1", ObjectType.SymmetricKey, State.Active, attributes);
    }

    private static KmipAttribute Name(string value, NameType type) => new(Tag.Name, TtlvNode.Structure(Tag.AttributeValue, TtlvNode.TextString(Tag.NameValue, value), TtlvNode.Enumeration(Tag.NameType, (uint)type)));

    private static KmipAttribute Enum(Tag tag, uint value) => new(tag, TtlvNode.Enumeration(Tag.AttributeValue, value));

    private static KmipAttribute Text(Tag tag, string value) => new(tag, TtlvNode.TextString(Tag.AttributeValue, value));

    private static KmipAttribute Date(Tag tag, DateTimeOffset value) => new(tag, TtlvNode.DateTime(Tag.AttributeValue, value));

    private static KmipAttribute Mask(CryptographicUsageMask mask) => new(Tag.CryptographicUsageMask, TtlvNode.Integer(Tag.AttributeValue, (int)mask));
}
