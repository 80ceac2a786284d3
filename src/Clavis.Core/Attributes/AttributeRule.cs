using Clavis.Kmip;

namespace Clavis.Core.Attributes;

/// <summary>
/// What KMIP says about one attribute (KMIP 1.4 §3, 2.1 §4: the table under each attribute): how many
/// instances it may have, who sets it first, whether the client may change or delete it later, which
/// object types carry it, and the first protocol version that defines it.
/// </summary>
/// <param name="Tag">The attribute's tag.</param>
/// <param name="MultiValued">True when an object may hold several instances ("Multiple instances permitted").</param>
/// <param name="InitiallySetBy">Who may give the first value: the server alone, or also the client at Create/Register.</param>
/// <param name="ModifiableByClient">True when Add, Modify, Set and Adjust Attribute may change it after creation.</param>
/// <param name="DeletableByClient">True when Delete Attribute may remove it.</param>
/// <param name="AppliesTo">The object types that carry it.</param>
/// <param name="Since">The first protocol version that defines it.</param>
public sealed record AttributeRule(
    Tag Tag,
    bool MultiValued,
    AttributeSource InitiallySetBy,
    bool ModifiableByClient,
    bool DeletableByClient,
    IReadOnlySet<ObjectType> AppliesTo,
    ProtocolVersion Since)
{
    /// <summary>
    /// The states in which the client may change it, when the spec restricts that (Activation Date only
    /// while Pre-Active); null when any state will do.
    /// </summary>
    public IReadOnlySet<State>? ModifiableInStates { get; init; }

    /// <summary>True when only the server ever sets it (Unique Identifier, Initial Date, State, Digest …).</summary>
    public bool IsServerOnly => !InitiallySetBy.HasFlag(AttributeSource.Client) && !ModifiableByClient;

    /// <summary>True when the client may supply it in Create or Register.</summary>
    public bool ClientMaySupplyAtCreation => InitiallySetBy.HasFlag(AttributeSource.Client);

    /// <summary>Whether <paramref name="objectType"/> carries this attribute.</summary>
    public bool AppliesToType(ObjectType objectType) => AppliesTo.Contains(objectType);
}
