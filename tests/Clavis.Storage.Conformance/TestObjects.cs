using System.Security.Cryptography;
using Clavis.Core.Barrier;
using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Ttlv;

namespace Clavis.Storage.Conformance;

/// <summary>Builds managed objects for store tests.</summary>
public static class TestObjects
{
    private static readonly Lock s_idLock = new();
    private static DateTimeOffset s_lastIdTime;

    /// <summary>
    /// A new UUIDv7 identifier strictly after every earlier one from this method: .NET fills the
    /// sub-millisecond bits at random, so ids made in one millisecond would not sort in creation order.
    /// </summary>
    public static string NewId()
    {
        DateTimeOffset time;
        lock (s_idLock)
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            time = now > s_lastIdTime.AddMilliseconds(1) ? now : s_lastIdTime.AddMilliseconds(1);
            s_lastIdTime = time;
        }

        return Guid.CreateVersion7(time).ToString();
    }

    /// <summary>A symmetric key with the given indexed attributes and random sealed material.</summary>
    public static ManagedObject Key(
        string? name = null,
        string? group = null,
        CryptographicAlgorithm algorithm = CryptographicAlgorithm.AES,
        int length = 256,
        State state = State.Active,
        string owner = "alice",
        string? id = null)
    {
        var attributes = new AttributeSet();
        if (name is not null)
        {
            attributes.Add(Tag.Name, NameNode(name));
        }

        if (group is not null)
        {
            attributes.Add(Tag.ObjectGroup, TtlvNode.TextString(Tag.ObjectGroup, group));
        }

        attributes.SetEnumeration(Tag.CryptographicAlgorithm, (uint)algorithm);
        attributes.Set(Tag.CryptographicLength, TtlvNode.Integer(Tag.CryptographicLength, length));
        return new ManagedObject(id ?? NewId(), ObjectType.SymmetricKey, state, attributes)
        {
            Owner = owner,
            Material = new SealedMaterial("dk-test", RandomNumberGenerator.GetBytes(12), RandomNumberGenerator.GetBytes(48)),
        };
    }

    /// <summary>A Name attribute value.</summary>
    public static TtlvNode NameNode(string name) => TtlvNode.Structure(
        Tag.Name,
        TtlvNode.TextString(Tag.NameValue, name),
        TtlvNode.Enumeration(Tag.NameType, (uint)NameType.UninterpretedTextString));
}
