using System.Collections.Immutable;
using Clavis.Kmip;

namespace Clavis.Policy.Requests;

/// <summary>
/// What policy needs to know about the object a request names: a projection of its attributes that the caller
/// builds from the managed object. Immutable once built. A request that names no object (Create, Query, …) has no
/// <see cref="ResourceAttributes"/> at all (<see cref="AccessRequest.Resource"/> is null).
/// </summary>
public sealed class ResourceAttributes
{
    private readonly ImmutableArray<string> _names = [];
    private readonly ImmutableArray<string> _objectGroups = [];
    private readonly ImmutableArray<ResourceTag> _tags = [];
    private readonly ImmutableArray<ObjectGrant> _grants = [];

    /// <summary>The object's Unique Identifier.</summary>
    public required string ObjectId { get; init; }

    /// <summary>The Object Type, or null when unknown.</summary>
    public ObjectType? ObjectType { get; init; }

    /// <summary>The object's Name values (KMIP Name is multi-instance).</summary>
    public ImmutableArray<string> Names
    {
        get => _names;
        init => _names = value.IsDefault ? [] : value;
    }

    /// <summary>The object's Object Group values.</summary>
    public ImmutableArray<string> ObjectGroups
    {
        get => _objectGroups;
        init => _objectGroups = value.IsDefault ? [] : value;
    }

    /// <summary>The Cryptographic Algorithm, or null when the object has none.</summary>
    public CryptographicAlgorithm? Algorithm { get; init; }

    /// <summary>The Cryptographic Length in bits, or null when the object has none.</summary>
    public int? Length { get; init; }

    /// <summary>Custom and vendor attributes, one tag per value.</summary>
    public ImmutableArray<ResourceTag> Tags
    {
        get => _tags;
        init => _tags = value.IsDefault ? [] : value;
    }

    /// <summary>The principal who owns the object (usually its creator), or null when it has no owner.</summary>
    public string? Owner { get; init; }

    /// <summary>When the object was created (its Initial Date), or null when unknown (then an <c>objectAge</c> condition fails).</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The rights the owner gave others on this object.</summary>
    public ImmutableArray<ObjectGrant> Grants
    {
        get => _grants;
        init => _grants = value.IsDefault ? [] : value;
    }
}
