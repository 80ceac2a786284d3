using System.Numerics;
using Clavis.Core.Attributes;
using Clavis.Core.Objects;
using Clavis.Core.Operations;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>
/// Adjust Attribute (KMIP 2.1 §6.1.3, new in 2.0): increments, decrements or negates a numeric attribute
/// the client may change — Integer, Long Integer, Big Integer, Interval, or Date-Time (moved by an Interval of
/// seconds). Without an Adjustment Value the step is 1. Results out of the type's range are refused.
/// </summary>
public sealed class AdjustAttributeHandler : OperationHandler<AdjustAttributeRequestPayload, AdjustAttributeResponsePayload>
{
    /// <inheritdoc/>
    public override Operation Operation => Operation.AdjustAttribute;

    /// <inheritdoc/>
    public override ProtocolVersion Since => ProtocolVersion.V2_0;

    /// <inheritdoc/>
    protected override async ValueTask<AdjustAttributeResponsePayload> HandleAsync(AdjustAttributeRequestPayload request, OperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        KmipAttributeReference reference = request.AttributeReference ?? throw new KmipException(ResultReason.InvalidField, "Adjust Attribute needs the attribute to adjust");
        ManagedObject managedObject = await HandlerObjects.LoadAsync(context, request.UniqueIdentifier, cancellationToken, allowArchived: true).ConfigureAwait(false);
        string name = reference.ToString();
        AttributeRule rule = AttributeGuard.RuleFor(reference, context.Version);
        AttributeGuard.CheckChange(rule, name, managedObject, context.Version);
        AttributeKey key = AttributeValues.KeyOf(reference);
        IReadOnlyList<TtlvNode> values = managedObject.Attributes.Get(key);
        if (values.Count == 0)
        {
            throw AttributeGuard.NotFound(context.Version, name);
        }

        if (values.Count > 1)
        {
            // KMIP 2.1 §6.1.3: only a single instance can be adjusted.
            throw AttributeGuard.MultiValued(context.Version, name);
        }

        TtlvNode adjusted = Adjust(values[0], request.AdjustmentType, request.AdjustmentValue, name, context.Version);
        managedObject.Attributes.Replace(key, 0, adjusted);
        ObjectAccess.SaveChanged(managedObject, context);
        return new AdjustAttributeResponsePayload { UniqueIdentifier = managedObject.Id };
    }

    private static TtlvNode Adjust(TtlvNode current, AdjustmentType type, TtlvNode? step, string name, ProtocolVersion version)
    {
        if (type is not (AdjustmentType.Increment or AdjustmentType.Decrement or AdjustmentType.Negate))
        {
            KmipException.ThrowInvalidField($"Adjustment Type {type} is unknown");
        }

        try
        {
            return current.Type switch
            {
                TtlvType.Integer => TtlvNode.Integer(current.Tag, checked((int)Apply(current.IntegerValue, type, StepOf(step, TtlvType.Integer, name), int.MinValue, int.MaxValue))),
                TtlvType.LongInteger => TtlvNode.LongInteger(current.Tag, checked((long)Apply(current.LongIntegerValue, type, StepOf(step, TtlvType.LongInteger, name), long.MinValue, long.MaxValue))),
                TtlvType.BigInteger => TtlvNode.BigInteger(current.Tag, Apply(current.BigIntegerValue, type, StepOf(step, TtlvType.BigInteger, name), null, null)),
                TtlvType.Interval when type != AdjustmentType.Negate =>
                    TtlvNode.Interval(current.Tag, checked((uint)Apply(current.IntervalValue, type, StepOf(step, TtlvType.Interval, name), uint.MinValue, uint.MaxValue))),
                TtlvType.DateTime when type != AdjustmentType.Negate =>
                    TtlvNode.DateTime(current.Tag, current.DateTimeValue.AddSeconds((double)Apply(0, type, StepOf(step, TtlvType.Interval, name), null, null))),
                _ => throw AttributeGuard.InvalidValue(version, $"{name} is a {current.Type} and cannot be adjusted by {type}"),
            };
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentOutOfRangeException)
        {
            // KMIP 2.1 §6.1.3: a result the attribute's type cannot hold is refused.
            throw new KmipException(FailureMapping.ForVersion(ResultReason.NumericRange, version), $"adjusting {name} leaves its range");
        }
    }

    private static BigInteger Apply(BigInteger current, AdjustmentType type, BigInteger step, BigInteger? minimum, BigInteger? maximum)
    {
        BigInteger result = type switch
        {
            AdjustmentType.Increment => current + step,
            AdjustmentType.Decrement => current - step,
            _ => -current,
        };
        if ((minimum is BigInteger low && result < low) || (maximum is BigInteger high && result > high))
        {
            throw new OverflowException();
        }

        return result;
    }

    private static BigInteger StepOf(TtlvNode? step, TtlvType expected, string name)
    {
        if (step is null)
        {
            return BigInteger.One;
        }

        return step.Type == expected
            ? expected switch
            {
                TtlvType.Integer => step.IntegerValue,
                TtlvType.LongInteger => step.LongIntegerValue,
                TtlvType.BigInteger => step.BigIntegerValue,
                _ => step.IntervalValue,
            }
            : throw new KmipException(ResultReason.InvalidField, $"{name} is adjusted by a {expected}, not a {step.Type}");
    }
}
