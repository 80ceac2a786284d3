using Clavis.Core.Objects;
using Clavis.Kmip;

namespace Clavis.Core.Audit;

/// <summary>
/// The attributes of an object that an audit record names: type, algorithm, length, usage mask and state —
/// read from the attribute set by tag, so nothing else of the object (least of all its material) is copied.
/// </summary>
/// <param name="ObjectType">The Object Type, by KMIP name.</param>
/// <param name="CryptographicAlgorithm">The Cryptographic Algorithm, by KMIP name.</param>
/// <param name="CryptographicLength">The Cryptographic Length.</param>
/// <param name="CryptographicUsageMask">The Cryptographic Usage Mask.</param>
/// <param name="State">The state, by KMIP name.</param>
public sealed record AuditedObject(string? ObjectType, string? CryptographicAlgorithm, int? CryptographicLength, int? CryptographicUsageMask, string? State)
{
    /// <summary>No object.</summary>
    public static AuditedObject None { get; } = new(null, null, null, null, null);

    /// <summary>The audited attributes of <paramref name="managedObject"/>, or <see cref="None"/>.</summary>
    public static AuditedObject From(ManagedObject? managedObject)
    {
        if (managedObject is null)
        {
            return None;
        }

        uint? algorithm = managedObject.Attributes.GetEnumeration(Tag.CryptographicAlgorithm);
        return new AuditedObject(
            managedObject.ObjectType.ToString(),
            algorithm is uint value ? ((CryptographicAlgorithm)value).ToString() : null,
            managedObject.Attributes.GetInteger(Tag.CryptographicLength),
            managedObject.Attributes.GetInteger(Tag.CryptographicUsageMask),
            managedObject.State.ToString());
    }
}
