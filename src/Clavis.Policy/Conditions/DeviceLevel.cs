namespace Clavis.Policy.Conditions;

/// <summary>Which level of the client device a <see cref="DeviceLevelCondition"/> bounds.</summary>
public enum DeviceLevel
{
    /// <summary><c>softwareLevel</c>: the device's software level.</summary>
    Software = 0,

    /// <summary><c>hardwareLevel</c>: the device's hardware level.</summary>
    Hardware = 1,
}
