namespace Clavis.Core.Identity;

/// <summary>
/// The names of <see cref="ClientIdentity.Claims"/>. STABLE FORMAT: policy documents and audit readers name them, so a
/// name never changes meaning.
/// </summary>
public static class ClaimNames
{
    /// <summary>The username of a verified Username and Password credential.</summary>
    public const string Username = "username";

    /// <summary>The Device Serial Number of a verified Device credential.</summary>
    public const string DeviceSerialNumber = "deviceSerialNumber";

    /// <summary>The Device Identifier of a verified Device credential.</summary>
    public const string DeviceIdentifier = "deviceIdentifier";

    /// <summary>The Network Identifier of a verified Device credential.</summary>
    public const string NetworkIdentifier = "networkIdentifier";

    /// <summary>The Machine Identifier of a verified Device credential.</summary>
    public const string MachineIdentifier = "machineIdentifier";

    /// <summary>The Media Identifier of a verified Device credential.</summary>
    public const string MediaIdentifier = "mediaIdentifier";

    /// <summary>The registry id of the device a verified Device credential matched.</summary>
    public const string Device = "device";

    /// <summary>The registry name of the client entry that applied to the certificate.</summary>
    public const string Client = "client";

    /// <summary>The Attestation Type of an Attestation credential (presented, never verified).</summary>
    public const string AttestationType = "attestationType";

    /// <summary>SHA-256 of the Attestation Measurement, hex (presented, never verified).</summary>
    public const string AttestationMeasurementSha256 = "attestationMeasurementSha256";

    /// <summary>The names of the mapping rules that matched, comma-separated, in order.</summary>
    public const string PrincipalRules = "principalRules";
}
