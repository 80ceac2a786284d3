using Clavis.Core.Objects;
using Clavis.Core.Ports;
using Clavis.Kmip;
using Clavis.Kmip.Ttlv;

namespace Clavis.Core.Tests.Support;

/// <summary>Builds managed objects for tests and commits them, in creation order, through the fixture's store.</summary>
internal static class TestObjects
{
    private static int s_sequence;

    /// <summary>A symmetric key owned by alice in <paramref name="state"/>, with sealed material; identifiers sort in creation order.</summary>
    public static ManagedObject Key(CoreFixture fixture, State state = State.PreActive, ObjectType type = ObjectType.SymmetricKey, string owner = "alice")
    {
        string id = $"obj-{Interlocked.Increment(ref s_sequence):D8}";
        var attributes = new AttributeSet();
        attributes.SetDateTime(Tag.InitialDate, fixture.Clock.UtcNow);
        attributes.SetDateTime(Tag.LastChangeDate, fixture.Clock.UtcNow);
        return new ManagedObject(id, type, state, attributes)
        {
            Owner = owner,
            Material = fixture.Barrier.Seal(id, new byte[32]),
        };
    }

    public static ManagedObject WithName(this ManagedObject managedObject, string name)
    {
        managedObject.Attributes.Add(Tag.Name, TtlvNode.Structure(Tag.Name,
            TtlvNode.TextString(Tag.NameValue, name),
            TtlvNode.Enumeration(Tag.NameType, (uint)NameType.UninterpretedTextString)));
        return managedObject;
    }

    public static ManagedObject With(this ManagedObject managedObject, TtlvNode value, bool add = false)
    {
        if (add)
        {
            managedObject.Attributes.Add(value.Tag, value);
        }
        else
        {
            managedObject.Attributes.Set(value.Tag, value);
        }

        return managedObject;
    }

    public static async Task<ManagedObject> StoreAsync(this CoreFixture fixture, ManagedObject managedObject)
    {
        var changes = new ObjectChangeSet();
        changes.Inserts.Add(managedObject);
        await fixture.Store.CommitAsync(changes, CancellationToken.None);
        return managedObject;
    }

    public static async Task<ManagedObject> LoadAsync(this CoreFixture fixture, string id) =>
        await fixture.Store.GetAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"{id} is not stored");
}
