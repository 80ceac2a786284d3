using Clavis.Kmip;

namespace Clavis.Policy.Conditions;

/// <summary><c>protocolVersion</c>: the request's KMIP version lies between <see cref="Min"/> and <see cref="Max"/>, both inclusive.</summary>
public sealed class ProtocolVersionCondition : PolicyCondition
{
    internal ProtocolVersionCondition(ProtocolVersion? min, ProtocolVersion? max)
    {
        Min = min;
        Max = max;
    }

    /// <summary>The oldest version allowed, or null for no lower bound.</summary>
    public ProtocolVersion? Min { get; }

    /// <summary>The newest version allowed, or null for no upper bound.</summary>
    public ProtocolVersion? Max { get; }

    /// <inheritdoc />
    public override string Name => "protocolVersion";

    internal override ConditionOrder Order => ConditionOrder.ProtocolVersion;

    internal override bool Holds(in ConditionInput input, out long observed)
    {
        observed = 0;
        var version = input.Request.ProtocolVersion;
        return (Min is not { } min || version >= min) && (Max is not { } max || version <= max);
    }

    internal override string DescribeFailure(in ConditionInput input, long observed)
    {
        var version = input.Request.ProtocolVersion;
        return Min is { } min && version < min
            ? $"protocolVersion: {version} is below the minimum {min}"
            : $"protocolVersion: {version} is above the maximum {Max}";
    }
}
