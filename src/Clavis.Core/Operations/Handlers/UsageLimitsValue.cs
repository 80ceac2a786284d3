using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Ttlv;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// An object's Usage Limits attribute (KMIP 1.4 §3.21, 2.1 §4.64): the total allowed, the count still
/// available (absent until the first allocation: then all of the total), and the unit.
/// </summary>
internal readonly record struct UsageLimitsValue(long Total, long Remaining, uint? Unit)
{
    /// <summary>The object's Usage Limits, or null when it has none.</summary>
    public static UsageLimitsValue? Read(ManagedObject managedObject)
    {
        if (managedObject.Attributes.GetFirst(Tag.UsageLimits) is not { Type: TtlvType.Structure } node
            || node.Find(Tag.UsageLimitsTotal) is not { Type: TtlvType.LongInteger } total)
        {
            return null;
        }

        long remaining = node.Find(Tag.UsageLimitsCount) is { Type: TtlvType.LongInteger } count ? count.LongIntegerValue : total.LongIntegerValue;
        uint? unit = node.Find(Tag.UsageLimitsUnit) is { Type: TtlvType.Enumeration } u ? u.EnumerationValue : null;
        return new UsageLimitsValue(total.LongIntegerValue, remaining, unit);
    }

    /// <summary>Stores these limits as the object's Usage Limits attribute.</summary>
    public void Write(ManagedObject managedObject)
    {
        var node = TtlvNode.Structure(Tag.UsageLimits, TtlvNode.LongInteger(Tag.UsageLimitsTotal, Total), TtlvNode.LongInteger(Tag.UsageLimitsCount, Remaining));
        if (Unit is uint unit)
        {
            node.Children.Add(TtlvNode.Enumeration(Tag.UsageLimitsUnit, unit));
        }

        managedObject.Attributes.Set(Tag.UsageLimits, node);
    }
}
