using Clavis.Policy.Requests;

namespace Clavis.Policy.Documents;

/// <summary>
/// One entry of a statement's <c>subjects</c>: who it is about. A statement applies to a principal when any of its
/// entries matches; an entry matches when every selector it sets matches (so <c>{"group": "sensors",
/// "deviceType": "thermometer"}</c> means sensors that are thermometers). Names compare exactly (ordinal).
/// </summary>
public sealed class SubjectSelector
{
    internal SubjectSelector(string? identity, string? group, string? deviceType, string? deviceClass, string? application, bool isAny, bool isOwner)
    {
        Identity = identity;
        Group = group;
        DeviceType = deviceType;
        DeviceClass = deviceClass;
        Application = application;
        IsAny = isAny;
        IsOwner = isOwner;
    }

    /// <summary>The principal's exact name (<c>identity</c>), or null when not selected on.</summary>
    public string? Identity { get; }

    /// <summary>A group the principal must belong to (<c>group</c>), or null.</summary>
    public string? Group { get; }

    /// <summary>The principal's device type (<c>deviceType</c>), or null.</summary>
    public string? DeviceType { get; }

    /// <summary>The principal's device class (<c>deviceClass</c>), or null.</summary>
    public string? DeviceClass { get; }

    /// <summary>The principal's application (<c>application</c>), or null.</summary>
    public string? Application { get; }

    /// <summary>Every authenticated principal (<c>any: true</c>); never combined with another selector.</summary>
    public bool IsAny { get; }

    /// <summary>The principal who owns the object the request names (<c>owner: true</c>); never matches a request that names no object.</summary>
    public bool IsOwner { get; }

    internal bool Matches(Principal principal, ResourceAttributes? resource)
    {
        if (IsAny)
        {
            return true;
        }

        return (Identity is null || string.Equals(principal.Name, Identity, StringComparison.Ordinal))
            && (Group is null || principal.IsInGroup(Group))
            && (DeviceType is null || string.Equals(principal.DeviceType, DeviceType, StringComparison.Ordinal))
            && (DeviceClass is null || string.Equals(principal.DeviceClass, DeviceClass, StringComparison.Ordinal))
            && (Application is null || string.Equals(principal.Application, Application, StringComparison.Ordinal))
            && (!IsOwner || principal.Owns(resource));
    }
}
