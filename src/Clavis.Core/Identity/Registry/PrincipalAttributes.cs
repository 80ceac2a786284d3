namespace Clavis.Core.Identity.Registry;

/// <summary>What a registry entry or mapping rule says about a client beyond its groups; null leaves a fact as it was.</summary>
/// <param name="DeviceType">The device type.</param>
/// <param name="DeviceClass">The device class.</param>
/// <param name="Application">The application.</param>
/// <param name="SoftwareLevel">The software level.</param>
/// <param name="HardwareLevel">The hardware level.</param>
public sealed record PrincipalAttributes(string? DeviceType, string? DeviceClass, string? Application, int? SoftwareLevel, int? HardwareLevel)
{
    /// <summary>Says nothing.</summary>
    public static PrincipalAttributes None { get; } = new(null, null, null, null, null);
}
