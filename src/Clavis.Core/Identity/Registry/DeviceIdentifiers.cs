namespace Clavis.Core.Identity.Registry;

/// <summary>The identifiers of a KMIP Device credential (KMIP 2.1 §2.1.2), each optional.</summary>
/// <param name="DeviceIdentifier">Device Identifier.</param>
/// <param name="NetworkIdentifier">Network Identifier.</param>
/// <param name="MachineIdentifier">Machine Identifier.</param>
/// <param name="MediaIdentifier">Media Identifier.</param>
public sealed record DeviceIdentifiers(string? DeviceIdentifier, string? NetworkIdentifier, string? MachineIdentifier, string? MediaIdentifier)
{
    /// <summary>No identifiers.</summary>
    public static DeviceIdentifiers None { get; } = new(null, null, null, null);
}
