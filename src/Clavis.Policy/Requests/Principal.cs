using System.Collections.Immutable;
using System.Net;
using Clavis.Kmip;

namespace Clavis.Policy.Requests;

/// <summary>
/// Who asks: what authentication established about the client (DESIGN.md "Identity"). Immutable once built; a
/// session can build it once and reuse it for every request it carries.
/// </summary>
public sealed class Principal
{
    private readonly ImmutableArray<string> _groups = [];
    private readonly ImmutableArray<CredentialType> _verifiedCredentials = [];
    private readonly IPAddress? _sourceAddress;

    /// <summary>The principal's name, as <c>identity</c> selectors and object owners name it.</summary>
    public required string Name { get; init; }

    /// <summary>The groups the principal belongs to (<c>group</c> selectors; grants to groups).</summary>
    public ImmutableArray<string> Groups
    {
        get => _groups;
        init => _groups = value.IsDefault ? [] : value;
    }

    /// <summary>The client's device type (KMIP Device Type), or null when it presented none.</summary>
    public string? DeviceType { get; init; }

    /// <summary>The client's device class, or null.</summary>
    public string? DeviceClass { get; init; }

    /// <summary>The client's application (KMIP Application Namespace, or what the certificate says), or null.</summary>
    public string? Application { get; init; }

    /// <summary>The device's software level, or null when unknown (then a <c>softwareLevel</c> condition fails).</summary>
    public int? SoftwareLevel { get; init; }

    /// <summary>The device's hardware level, or null when unknown (then a <c>hardwareLevel</c> condition fails).</summary>
    public int? HardwareLevel { get; init; }

    /// <summary>The KMIP credential types the client presented and the server verified (not merely presented).</summary>
    public ImmutableArray<CredentialType> VerifiedCredentials
    {
        get => _verifiedCredentials;
        init
        {
            _verifiedCredentials = value.IsDefault ? [] : value;
            VerifiedCredentialMask = CredentialMask.Of(_verifiedCredentials);
        }
    }

    /// <summary>
    /// The address the request came from, or null when unknown (then a <c>sourceNetwork</c> condition fails). An
    /// IPv4-mapped IPv6 address (<c>::ffff:10.1.2.3</c>) is kept as its IPv4 address, so IPv4 ranges match it
    /// whether the listener is dual-stack or not.
    /// </summary>
    public IPAddress? SourceAddress
    {
        get => _sourceAddress;
        init => _sourceAddress = value is { IsIPv4MappedToIPv6: true } ? value.MapToIPv4() : value;
    }

    internal uint VerifiedCredentialMask { get; private init; }

    internal bool IsInGroup(string group)
    {
        foreach (var candidate in _groups)
        {
            if (string.Equals(candidate, group, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    internal bool Owns(ResourceAttributes? resource) =>
        resource?.Owner is { } owner && string.Equals(owner, Name, StringComparison.Ordinal);
}
