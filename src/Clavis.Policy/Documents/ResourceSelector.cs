using System.Collections.Immutable;
using Clavis.Kmip;
using Clavis.Policy.Evaluation;
using Clavis.Policy.Requests;

namespace Clavis.Policy.Documents;

/// <summary>
/// One entry of a statement's <c>resources</c>: which objects it is about. A statement applies to an object when
/// any entry matches; an entry matches when every selector it sets matches. A request that names no object
/// (Create, Query, …) is matched only by <c>any: true</c>, by <c>noObject: true</c>, or by a statement without
/// <c>resources</c>.
/// </summary>
public sealed class ResourceSelector
{
    internal ResourceSelector(
        string? objectId, string? namePattern, string? objectGroup, ObjectType? objectType, CryptographicAlgorithm? algorithm,
        int? minLength, int? maxLength, ImmutableArray<ResourceTag> tags, bool isAny, bool isNoObject)
    {
        ObjectId = objectId;
        NamePattern = namePattern;
        ObjectGroup = objectGroup;
        ObjectType = objectType;
        Algorithm = algorithm;
        MinLength = minLength;
        MaxLength = maxLength;
        Tags = tags;
        IsAny = isAny;
        IsNoObject = isNoObject;
    }

    /// <summary>The object's exact Unique Identifier (<c>id</c>), or null.</summary>
    public string? ObjectId { get; }

    /// <summary>A pattern one of the object's Names must match (<c>name</c>): <c>*</c> any run of characters, <c>?</c> one character; or null.</summary>
    public string? NamePattern { get; }

    /// <summary>An Object Group the object must be in (<c>objectGroup</c>), or null.</summary>
    public string? ObjectGroup { get; }

    /// <summary>The object's Object Type (<c>objectType</c>), or null.</summary>
    public ObjectType? ObjectType { get; }

    /// <summary>The object's Cryptographic Algorithm (<c>algorithm</c>), or null.</summary>
    public CryptographicAlgorithm? Algorithm { get; }

    /// <summary>The smallest Cryptographic Length matched, inclusive (<c>minLength</c>); an object without a length never matches.</summary>
    public int? MinLength { get; }

    /// <summary>The largest Cryptographic Length matched, inclusive (<c>maxLength</c>); an object without a length never matches.</summary>
    public int? MaxLength { get; }

    /// <summary>Custom or vendor attributes the object must carry with exactly these values (<c>tags</c>); empty when not selected on.</summary>
    public ImmutableArray<ResourceTag> Tags { get; }

    /// <summary>Every object, and requests that name none (<c>any: true</c>); never combined with another selector.</summary>
    public bool IsAny { get; }

    /// <summary>Only requests that name no object (<c>noObject: true</c>); never combined with another selector.</summary>
    public bool IsNoObject { get; }

    internal bool Matches(ResourceAttributes? resource)
    {
        if (IsAny)
        {
            return true;
        }

        if (resource is null || IsNoObject)
        {
            return resource is null && IsNoObject;
        }

        return (ObjectId is null || string.Equals(resource.ObjectId, ObjectId, StringComparison.Ordinal))
            && (NamePattern is null || AnyNameMatches(resource.Names, NamePattern))
            && (ObjectGroup is null || Contains(resource.ObjectGroups, ObjectGroup))
            && (ObjectType is null || resource.ObjectType == ObjectType)
            && (Algorithm is null || resource.Algorithm == Algorithm)
            && (MinLength is null || resource.Length >= MinLength)
            && (MaxLength is null || resource.Length <= MaxLength)
            && HasEveryTag(resource.Tags);
    }

    private static bool AnyNameMatches(ImmutableArray<string> names, string pattern)
    {
        foreach (var name in names)
        {
            if (GlobPattern.Matches(pattern, name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(ImmutableArray<string> values, string value)
    {
        foreach (var candidate in values)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private bool HasEveryTag(ImmutableArray<ResourceTag> objectTags)
    {
        foreach (var required in Tags)
        {
            if (!objectTags.Contains(required))
            {
                return false;
            }
        }

        return true;
    }
}
