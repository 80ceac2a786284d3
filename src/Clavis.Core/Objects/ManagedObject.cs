using Clavis.Core.Barrier;
using Clavis.Kmip;

namespace Clavis.Core.Objects;

/// <summary>
/// A managed object as the domain knows it: identity, type, life-cycle state, attributes, and its
/// material sealed by the barrier (never in the clear here). <see cref="Version"/> is the row version
/// the store checks so that two requests cannot both change the object from the same starting point.
/// </summary>
public sealed class ManagedObject
{
    /// <summary>Creates an object.</summary>
    public ManagedObject(string id, ObjectType objectType, State state, AttributeSet attributes)
    {
        Id = id ?? throw new ArgumentNullException(nameof(id));
        ObjectType = objectType;
        State = state;
        Attributes = attributes ?? throw new ArgumentNullException(nameof(attributes));
    }

    /// <summary>The Unique Identifier.</summary>
    public string Id { get; }

    /// <summary>The Object Type.</summary>
    public ObjectType ObjectType { get; }

    /// <summary>The life-cycle State.</summary>
    public State State { get; set; }

    /// <summary>Every other attribute (Unique Identifier, Object Type and State are the properties above).</summary>
    public AttributeSet Attributes { get; }

    /// <summary>The identity that created the object (its owner).</summary>
    public string Owner { get; set; } = "";

    /// <summary>The object's body (key block, certificate bytes …) sealed by the barrier; null once destroyed.</summary>
    public SealedMaterial? Material { get; set; }

    /// <summary>The row version read from the store; 0 for an object not yet stored.</summary>
    public long Version { get; set; }

    /// <summary>A copy that can be changed without touching this one (attributes deep-copied).</summary>
    public ManagedObject Clone() => new(Id, ObjectType, State, Attributes.Clone())
    {
        Owner = Owner,
        Material = Material,
        Version = Version,
    };
}
