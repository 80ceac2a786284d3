using Clavis.Core.Attributes;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using ManagedObject = Clavis.Core.Objects.ManagedObject;

namespace Clavis.Core.Operations.Handlers;

/// <summary>An object's attributes as a client of one protocol version sees them.</summary>
internal static class AttributeView
{
    /// <summary>
    /// Every attribute of <paramref name="managedObject"/> that <paramref name="version"/> defines: first the ones
    /// the server synthesises from the object (Unique Identifier, Object Type, State), then the stored ones in
    /// the order they were set. 1.x attributes carry their Attribute Index.
    /// </summary>
    public static IEnumerable<KmipAttribute> Visible(ManagedObject managedObject, ProtocolVersion version)
    {
        bool indexed = version.Major < 2;
        KmipAttribute[] synthesised =
        [
            new(Tag.UniqueIdentifier, TtlvNode.TextString(Tag.UniqueIdentifier, managedObject.Id)),
            new(Tag.ObjectType, TtlvNode.Enumeration(Tag.ObjectType, (uint)managedObject.ObjectType)),
            new(Tag.State, TtlvNode.Enumeration(Tag.State, (uint)managedObject.State)),
        ];
        foreach (KmipAttribute attribute in synthesised)
        {
            attribute.Index = indexed ? 0 : null;
            yield return attribute;
        }

        foreach ((AttributeKey key, IReadOnlyList<TtlvNode> values) in managedObject.Attributes.All)
        {
            for (int i = 0; i < values.Count; i++)
            {
                KmipAttribute attribute = AttributeValues.ToWire(key, values[i], indexed ? i : null);
                // VersionRules: a client never receives an attribute its version does not define — by its tag,
                // its values, and the rules' first version (a tag older than the attribute, e.g. Key Format Type).
                if (attribute.IsDefinedIn(version)
                    && (!AttributeRules.TryGet(key.Tag, out AttributeRule? rule) || key.IsVendor || rule.Since <= version))
                {
                    yield return attribute;
                }
            }
        }
    }
}
