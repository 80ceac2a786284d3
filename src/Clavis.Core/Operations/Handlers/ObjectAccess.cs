using Clavis.Core.Lifecycle;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Ttlv;

namespace Clavis.Core.Operations.Handlers;

/// <summary>How handlers write an object back. (Who may see and act on an object is <see cref="Access.AccessControl"/>'s.)</summary>
public static class ObjectAccess
{
    /// <summary>Stages an attribute change: Last Change Date moves, and a date the change brought due takes effect.</summary>
    public static void SaveChanged(ManagedObject managedObject, OperationContext context)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        ArgumentNullException.ThrowIfNull(context);
        // KMIP 2.1 §4.35: Last Change Date is updated on every change of the object's attributes.
        AttributeSet attributes = managedObject.Attributes;
        attributes.SetDateTime(Tag.LastChangeDate, context.Now);
        // KMIP 1.4 §3.49/§3.51: once Sensitive has been False, or Extractable True, the "Always"/"Never" record ends.
        if (attributes.GetFirst(Tag.Sensitive) is { BooleanValue: false } && attributes.GetFirst(Tag.AlwaysSensitive) is { BooleanValue: true })
        {
            attributes.Set(Tag.AlwaysSensitive, TtlvNode.Boolean(Tag.AlwaysSensitive, false));
        }

        if (attributes.GetFirst(Tag.Extractable) is { BooleanValue: true } && attributes.GetFirst(Tag.NeverExtractable) is { BooleanValue: true })
        {
            attributes.Set(Tag.NeverExtractable, TtlvNode.Boolean(Tag.NeverExtractable, false));
        }

        ObjectLifecycle.ApplyDueTransitions(managedObject, context.Now);
        context.Objects.Update(managedObject);
    }
}
