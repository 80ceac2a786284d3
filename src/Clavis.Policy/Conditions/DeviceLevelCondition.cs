using System.Globalization;

namespace Clavis.Policy.Conditions;

/// <summary>
/// <c>softwareLevel</c> or <c>hardwareLevel</c>: the device's level lies between <see cref="Min"/> and
/// <see cref="Max"/>, both inclusive. A principal whose level is unknown does not satisfy it.
/// </summary>
public sealed class DeviceLevelCondition : PolicyCondition
{
    internal DeviceLevelCondition(DeviceLevel level, int? min, int? max)
    {
        Level = level;
        Min = min;
        Max = max;
    }

    /// <summary>Which level is bounded.</summary>
    public DeviceLevel Level { get; }

    /// <summary>The lowest level allowed, or null for no lower bound.</summary>
    public int? Min { get; }

    /// <summary>The highest level allowed, or null for no upper bound.</summary>
    public int? Max { get; }

    /// <inheritdoc />
    public override string Name => Level == DeviceLevel.Software ? "softwareLevel" : "hardwareLevel";

    internal override ConditionOrder Order => Level == DeviceLevel.Software ? ConditionOrder.SoftwareLevel : ConditionOrder.HardwareLevel;

    internal override bool Holds(in ConditionInput input, out long observed)
    {
        observed = 0;
        var principal = input.Request.Principal;
        var level = Level == DeviceLevel.Software ? principal.SoftwareLevel : principal.HardwareLevel;
        return level is { } value && (Min is not { } min || value >= min) && (Max is not { } max || value <= max);
    }

    internal override string DescribeFailure(in ConditionInput input, long observed)
    {
        var principal = input.Request.Principal;
        var level = Level == DeviceLevel.Software ? principal.SoftwareLevel : principal.HardwareLevel;
        var kind = Level == DeviceLevel.Software ? "software" : "hardware";
        if (level is not { } value)
        {
            return $"{Name}: the principal's {kind} level is unknown";
        }

        return Min is { } min && value < min
            ? string.Create(CultureInfo.InvariantCulture, $"{Name}: {kind} level {value} is below the minimum {min}")
            : string.Create(CultureInfo.InvariantCulture, $"{Name}: {kind} level {value} is above the maximum {Max}");
    }
}
