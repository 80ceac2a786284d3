using Clavis.Kmip;
using Clavis.Kmip.Ttlv;

namespace Clavis.Core.Objects;

/// <summary>
/// The attributes a store indexes so that Locate and the life-cycle scheduler need not read every object.
/// Computed here, in one place, so every store indexes the same things the same way.
/// </summary>
/// <param name="Names">Every Name value (Name Value text).</param>
/// <param name="ObjectGroups">Every Object Group value.</param>
/// <param name="CryptographicAlgorithm">The Cryptographic Algorithm, if any.</param>
/// <param name="CryptographicLength">The Cryptographic Length, if any.</param>
/// <param name="NextTransitionAt">
/// The earliest date at which the server acts on the object by itself — its state changes (activation,
/// deactivation) or, for a key under an automatic rotation policy, it is re-keyed — if any.
/// </param>
public sealed record ObjectIndex(
    IReadOnlyList<string> Names,
    IReadOnlyList<string> ObjectGroups,
    uint? CryptographicAlgorithm,
    int? CryptographicLength,
    DateTimeOffset? NextTransitionAt)
{
    /// <summary>Computes the index entries of <paramref name="managedObject"/>.</summary>
    public static ObjectIndex From(ManagedObject managedObject)
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        AttributeSet attributes = managedObject.Attributes;
        var names = new List<string>();
        foreach (TtlvNode name in attributes.Get(Tag.Name))
        {
            if (name.Find(Tag.NameValue) is { Type: TtlvType.TextString } value)
            {
                names.Add(value.TextStringValue);
            }
        }

        var groups = new List<string>();
        foreach (TtlvNode group in attributes.Get(Tag.ObjectGroup))
        {
            if (group.Type == TtlvType.TextString)
            {
                groups.Add(group.TextStringValue);
            }
        }

        return new ObjectIndex(
            names,
            groups,
            attributes.GetEnumeration(Tag.CryptographicAlgorithm),
            attributes.GetInteger(Tag.CryptographicLength),
            Earliest(NextTransition(managedObject), Keys.ReKeying.AutomaticRotationDue(managedObject)));
    }

    // KMIP 2.1 §3.22/§3.3: a Pre-Active object becomes Active at its Activation Date; an Active (or
    // Suspended) object becomes Deactivated at its Deactivation Date.
    private static DateTimeOffset? NextTransition(ManagedObject managedObject) => managedObject.State switch
    {
        State.PreActive => Earliest(managedObject.Attributes.GetDateTime(Tag.ActivationDate), managedObject.Attributes.GetDateTime(Tag.DeactivationDate)),
        State.Active => managedObject.Attributes.GetDateTime(Tag.DeactivationDate),
        _ => null,
    };

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);
}
